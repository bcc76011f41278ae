package io.chaosplane.controlplane.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** Seed 004's bodies for scheduled tests, with ChaosPlane's own members ({@code experiment}, {@code blackouts}). */
public final class ScheduleDtos {

    private ScheduleDtos() {}

    /**
     * Seed 004's CreateTestInput. On PUT, members left out keep their value. The restore members ({@code backupName},
     * {@code namespacePrefix}, {@code networkIsolation}) are stored and shown, unused by the {@code chaosplane}
     * provider.
     */
    public record TestInput(
            @Schema(example = "my-app-nightly") String name,

            @Schema(example = "kymaros-system", description = "Defaults to default")
            String namespace,

            @Schema(example = "chaosplane", description = "Only chaosplane (the default); restore providers are 400")
            String provider,

            @Schema(
                    example = "demo/demo-cpu-hog",
                    description = "The experiment each run starts: namespace/name, or a name in the test's namespace")
            String experiment,

            @Schema(description = "Not supported yet: a workflow runs once; schedule its experiments instead")
            String workflow,

            @Schema(example = "latest") String backupName,
            @Schema(example = "[\"my-app\"]") List<String> sourceNamespaces,

            @Schema(example = "0 2 * * *", description = "Five fields; at most one run every 5 minutes")
            String cron,

            @Schema(example = "Europe/Paris", description = "IANA time zone; defaults to UTC")
            String timezone,

            @Schema(example = "rp-test") String namespacePrefix,

            @Schema(example = "30m", description = "A run still going after this is aborted")
            String ttl,

            @Schema(example = "strict") String networkIsolation,

            @Schema(description = "A policy of the project that gates each run")
            String healthCheckPolicy,

            @Schema(example = "30m", description = "SLA on a run's start-to-verdict time")
            String maxRTO,

            @Schema(description = "Alert when a run takes longer than maxRTO")
            Boolean alertOnExceed,

            @Schema(example = "10", description = "Reports kept (1-1000); defaults to 10")
            Integer historyLimit,

            @Schema(description = "Periods in which the test does not run")
            List<Blackout> blackouts) {}

    /** A period in which a test does not run: from (inclusive) to (exclusive). */
    public record Blackout(
            Instant from,
            Instant to,
            @Schema(example = "release freeze") String reason) {}

    /** Seed 004's TestResponse. */
    public record TestView(
            String name,
            String namespace,
            String provider,
            String schedule,

            @Schema(allowableValues = {"Idle", "Running", "Completed", "Failed"})
            String phase,

            Integer lastScore,

            @Schema(allowableValues = {"pass", "fail", "partial"})
            String lastResult,

            Instant lastRunAt,
            Instant nextRunAt,
            List<String> sourceNamespaces,
            String rtoTarget,
            String experiment,
            String timezone) {}

    /** A test with every member it was given, its status, and its next occurrences. */
    public record TestDetail(
            String name,
            String namespace,
            String provider,
            String experiment,
            String backupName,
            List<String> sourceNamespaces,
            String cron,
            String timezone,
            String namespacePrefix,
            String ttl,
            String networkIsolation,
            String healthCheckPolicy,
            String maxRTO,
            boolean alertOnExceed,
            int historyLimit,
            List<Blackout> blackouts,
            String phase,
            Integer lastScore,
            String lastResult,
            Instant lastRunAt,
            Instant nextRunAt,

            @Schema(description = "The next five occurrences, blackouts left out")
            List<Instant> nextRuns,

            Instant createdAt,
            Instant updatedAt) {}

    /** Seed 004's UpcomingTest. */
    public record UpcomingView(String name, String namespace, Instant nextRunAt, Integer lastScore) {}

    /** Seed 004's ScheduleInfo, for the scheduled tests of the project. */
    public record ScheduleView(
            String name,
            String cron,
            List<String> namespaces,
            Instant lastBackup,
            String timezone,
            Instant nextRunAt) {}

    /** The answer of a trigger. */
    public record TriggerView(String name, String phase, String runId, Instant triggeredAt) {}

    /** The next occurrences of a cron expression in a zone, for forms that show them as one types. */
    public record PreviewView(String cron, String timezone, List<Instant> nextRuns) {}

    /** Seed 004's summary, over the last 24 hours. */
    public record SummaryView(
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer averageScore,
            int totalTests,
            int testsLastNight,
            int totalFailures,
            int totalPartial,
            @JsonInclude(JsonInclude.Include.ALWAYS) String averageRTO,
            int namespacesCovered) {}

    /** Seed 004's DailySummary: {@code score} is null on a day without runs. */
    public record DailyView(
            String date,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer score,
            int tests,
            int failures) {}

    /** Seed 004's Alert. */
    public record AlertView(
            Instant timestamp,
            String testName,
            String namespace,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer score,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer prevScore,
            String result,
            String message) {}

    /** A report per finished run of a test (seed 004's RestoreReport, for chaos runs). */
    public record ReportView(
            String apiVersion, String kind, ReportMetadata metadata, ReportSpec spec, ReportStatus status) {}

    public record ReportMetadata(String name, String namespace, Instant creationTimestamp) {}

    public record ReportSpec(
            String testName,
            String runId,

            @Schema(allowableValues = {"schedule", "manual"})
            String trigger) {}

    public record ReportStatus(
            String result,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer score,
            Instant startedAt,
            Instant completedAt,
            String duration,
            List<ReportFault> faults) {}

    public record ReportFault(String name, String faultType, String verdict, Double probeSuccessPercentage) {}
}
