package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.ScheduleDtos.AlertView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.DailyView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ReportView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.SummaryView;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 004's summary, daily trend, reports and alerts, from the runs of the project's scheduled tests. */
@RestController
@Tag(name = "Reports", description = "Seed 004's summary, daily trend, reports and alerts of the scheduled tests")
class ReportController {

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    @GetMapping({"/api/v1/summary", "/api/v2/dashboard/summary"})
    @Operation(
            summary = "Average score, failures, partial results and RTO of the tests' runs in the last 24 hours"
                    + " (also at /api/v2/dashboard/summary, beta)")
    SummaryView summary(ProjectScope scope) {
        return reports.summary(scope);
    }

    @GetMapping("/api/v1/summary/daily")
    @Operation(summary = "One entry per day, oldest first, every day present (score null on a day without runs)")
    List<DailyView> daily(
            @Parameter(description = "1-365") @RequestParam(defaultValue = "30") int days,
            @Parameter(description = "IANA zone whose days are counted; UTC by default") @RequestParam(required = false)
                    String timezone,
            ProjectScope scope) {
        return reports.daily(scope, days, timezone);
    }

    @GetMapping("/api/v1/reports")
    @Operation(summary = "A ChaosReport per finished test run, newest first; 404 for an unknown test")
    ResponseEntity<List<ReportView>> reports(
            @RequestParam(required = false) String test,
            @Parameter(description = "1-365") @RequestParam(defaultValue = "30") int days,
            @Parameter(description = "Only the newest report of each test") @RequestParam(defaultValue = "false")
                    boolean latest,
            @Valid @ParameterObject PageParams page,
            ProjectScope scope) {
        return bare(reports.reports(scope, test, days, latest), page);
    }

    @GetMapping("/api/v1/alerts")
    @Operation(summary = "Failures, score drops and maxRTO overruns of the tests' runs in the last hours, newest first")
    ResponseEntity<List<AlertView>> alerts(
            @Parameter(description = "1-8760") @RequestParam(defaultValue = "48") int hours,
            @Valid @ParameterObject PageParams page,
            ProjectScope scope) {
        return bare(reports.alerts(scope, hours), page);
    }

    private static <T> ResponseEntity<List<T>> bare(List<T> all, PageParams page) {
        var paging = page.paging();
        int from = Math.min(paging.offset(), all.size());
        return ResponseEntity.ok()
                .header(ScheduledTestController.TOTAL, Integer.toString(all.size()))
                .body(all.subList(from, Math.min(all.size(), from + paging.limit())));
    }
}
