package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.ScheduleDtos.PreviewView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ScheduleView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestDetail;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestInput;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TriggerView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.UpcomingView;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 004's scheduled tests, upcoming runs and schedules. Lists are bare arrays as the seed shows them, paged with
 * {@code page}/{@code pageSize} (or {@code limit}/{@code offset}), the total in {@code X-Total-Count}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Scheduled tests", description = "Seed 004's tests: experiments on a cron, triggered, upcoming runs")
class ScheduledTestController {

    static final String TOTAL = "X-Total-Count";

    private final ScheduledTestService tests;

    ScheduledTestController(ScheduledTestService tests) {
        this.tests = tests;
    }

    @GetMapping("/tests")
    @Operation(summary = "List the project's scheduled tests with their phase, last result and next run")
    ResponseEntity<List<TestView>> list(@Valid @ParameterObject PageParams page, ProjectScope scope) {
        return bare(tests.list(scope, page.paging()));
    }

    @PostMapping(path = "/tests", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a scheduled test (project admin): seed 004's CreateTestInput with provider chaosplane"
                    + " and the experiment to run; 409 when the name exists")
    TestDetail create(@RequestBody TestInput input, ProjectScope scope) {
        return tests.create(scope, input);
    }

    @GetMapping("/tests/{name}")
    @Operation(summary = "Get a scheduled test with every member, its status and its next five runs")
    TestDetail get(@PathVariable String name, ProjectScope scope) {
        return tests.get(scope, name);
    }

    @PutMapping(path = "/tests/{name}", consumes = "application/json")
    @Operation(summary = "Change a scheduled test (project admin); members left out keep their values")
    TestDetail update(@PathVariable String name, @RequestBody TestInput input, ProjectScope scope) {
        return tests.update(scope, name, input);
    }

    @DeleteMapping("/tests/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a scheduled test and its history (project admin)")
    void delete(@PathVariable String name, ProjectScope scope) {
        tests.delete(scope, name);
    }

    @PostMapping("/tests/{name}/trigger")
    @Operation(
            summary = "Run the test now (operator): phase Running; 409 while a run goes, 403 inside a blackout or"
                    + " when a policy forbids the run")
    TriggerView trigger(@PathVariable String name, ProjectScope scope) {
        return tests.trigger(scope, name);
    }

    @GetMapping("/upcoming")
    @Operation(summary = "The next run of each test, blackouts passed over, soonest first")
    ResponseEntity<List<UpcomingView>> upcoming(@Valid @ParameterObject PageParams page, ProjectScope scope) {
        return bare(tests.upcoming(scope, page.paging()));
    }

    @GetMapping("/schedules")
    @Operation(summary = "Each test's cron, source namespaces, time zone, next run and last successful run")
    ResponseEntity<List<ScheduleView>> schedules(@Valid @ParameterObject PageParams page, ProjectScope scope) {
        return bare(tests.schedules(scope, page.paging()));
    }

    @GetMapping("/schedules/preview")
    @Operation(summary = "The next five occurrences of a cron expression in a time zone; 400 as for a test")
    PreviewView preview(
            @Parameter(example = "0 2 * * *") @RequestParam String cron,
            @Parameter(example = "Europe/Paris") @RequestParam(required = false) String timezone,
            ProjectScope scope) {
        return tests.preview(scope, cron, timezone);
    }

    private static <T> ResponseEntity<List<T>> bare(ScheduledTestService.Page<T> page) {
        return ResponseEntity.ok().header(TOTAL, Long.toString(page.total())).body(page.items());
    }
}
