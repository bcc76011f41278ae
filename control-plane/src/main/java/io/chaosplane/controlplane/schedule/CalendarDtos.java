package io.chaosplane.controlplane.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** Seed 002's chaos calendar, in its snake_case. */
public final class CalendarDtos {

    private CalendarDtos() {}

    public record CalendarView(
            Instant from,
            Instant to,
            List<ScheduledEntry> scheduled,
            List<HistoryEntry> history,
            @JsonProperty("blackout_windows") List<BlackoutWindow> blackoutWindows,
            Coverage coverage) {}

    public record ScheduledEntry(
            String name,
            String namespace,
            String experiment,
            String cron,
            String timezone,
            @JsonInclude(JsonInclude.Include.ALWAYS) String description,
            @JsonProperty("target_components") List<String> targetComponents,

            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("last_score")
            Integer lastScore,

            @Schema(description = "Occurrences inside the window, blackouts left out") @JsonProperty("next_runs")
            List<Instant> nextRuns) {}

    public record HistoryEntry(
            @JsonProperty("test_name") String testName,
            @JsonProperty("run_id") String runId,
            String trigger,
            String result,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer score,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("finished_at") Instant finishedAt) {}

    public record BlackoutWindow(
            @Schema(allowableValues = {"test", "policy"}) String source,

            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("test_name")
            String testName,

            Instant start,
            Instant end,
            String reason) {}

    public record Coverage(
            @Schema(description = "False when the project has no topology: the figures are then 0 and null")
            @JsonProperty("has_topology")
            boolean hasTopology,

            @JsonProperty("total_components") int totalComponents,
            @JsonProperty("tested_components") int testedComponents,

            @Schema(description = "Percent of the topology's components a run in the window touched")
            @JsonInclude(JsonInclude.Include.ALWAYS)
            @JsonProperty("coverage_percent")
            Double coveragePercent,

            @JsonProperty("tested") List<String> tested,
            @JsonProperty("untested") List<String> untested) {}

    public record ScheduleInput(
            @Schema(example = "Weekly DB Failover") String name,
            String description,

            @Schema(example = "[\"demo/demo-cpu-hog\"]", description = "The experiment to run (namespace/name); one")
            @JsonProperty("scenario_ids")
            List<String> scenarioIds,

            @Schema(example = "[\"database\"]", description = "Topology components the runs cover")
            @JsonProperty("target_components")
            List<String> targetComponents,

            @Schema(example = "2030-01-07T02:00:00Z", description = "ISO-8601, in the future")
            @JsonProperty("scheduled_time")
            String scheduledTime,

            @Schema(
                    allowableValues = {"daily", "weekly", "monthly"},
                    description = "Without it: once")
            String recurrence) {}

    public record ScheduledView(
            String id,
            String name,

            @Schema(description = "The scheduled test made for it") @JsonProperty("test_name")
            String testName,

            String description,
            @JsonProperty("scenario_ids") List<String> scenarioIds,
            @JsonProperty("target_components") List<String> targetComponents,
            @JsonProperty("scheduled_time") Instant scheduledTime,
            @JsonInclude(JsonInclude.Include.ALWAYS) String recurrence,
            String cron,
            String timezone,
            @JsonProperty("next_runs") List<Instant> nextRuns) {}
}
