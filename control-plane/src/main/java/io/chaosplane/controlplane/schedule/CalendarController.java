package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.CalendarDtos.CalendarView;
import io.chaosplane.controlplane.schedule.CalendarDtos.ScheduleInput;
import io.chaosplane.controlplane.schedule.CalendarDtos.ScheduledView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Seed 002's chaos calendar, at /api/... as the seed has it and at /api/v1/... beside the rest of the API. */
@RestController
@Tag(name = "Calendar", description = "Seed 002's chaos calendar over the scheduled tests, and its iCal feed")
class CalendarController {

    private final CalendarService calendar;
    private final CalendarFeed feed;

    CalendarController(CalendarService calendar, CalendarFeed feed) {
        this.calendar = calendar;
        this.feed = feed;
    }

    @GetMapping({"/api/calendar", "/api/v1/calendar"})
    @Operation(
            summary = "Scheduled runs (next_runs), past runs, blackout windows and topology coverage in a window:"
                    + " 30 days either side of now by default, 366 days at most")
    CalendarView calendar(
            @Parameter(description = "A date (2030-01-01) or an ISO-8601 instant") @RequestParam(required = false)
                    String from,
            @Parameter(description = "A date or an ISO-8601 instant, after from") @RequestParam(required = false)
                    String to,
            ProjectScope scope) {
        return calendar.calendar(scope, from, to);
    }

    @PostMapping(
            path = {"/api/calendar/schedule", "/api/v1/calendar/schedule"},
            consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Schedule an experiment (project admin): a scheduled test whose cron comes from scheduled_time"
                    + " (UTC) and recurrence daily, weekly or monthly, or once without one")
    ScheduledView schedule(@RequestBody ScheduleInput input, ProjectScope scope) {
        return calendar.schedule(scope, input);
    }

    @GetMapping(
            path = {"/api/calendar/ical", "/api/v1/calendar/ical"},
            produces = "text/calendar")
    @Operation(
            summary = "The scheduled tests as iCalendar (.ics): a VEVENT per test with RRULE, TZID, a stable UID and"
                    + " EXDATEs for blacked-out occurrences")
    ResponseEntity<String> ical(ProjectScope scope) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, "text/calendar; charset=utf-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=chaosplane-calendar.ics")
                .body(feed.ical(scope));
    }
}
