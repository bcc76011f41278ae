package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.ScheduleDtos.Blackout;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A scheduled test as stored: its project, the experiment it runs, and its members with their defaults applied. */
record ScheduledTest(
        UUID id,
        String accountId,
        String organization,
        String project,
        String name,
        UUID experimentId,
        Spec spec,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    /** The test's members, stored as JSON. */
    record Spec(
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
            List<Blackout> blackouts) {}

    ProjectScope scope() {
        return new ProjectScope(accountId, organization, project);
    }

    CronSchedule schedule() {
        return CronSchedule.parse(spec.cron(), spec.timezone());
    }

    /** The test's own blackout that holds {@code instant}, if any. */
    java.util.Optional<Blackout> blackoutAt(Instant instant) {
        return spec.blackouts().stream()
                .filter(blackout -> !instant.isBefore(blackout.from()) && instant.isBefore(blackout.to()))
                .findFirst();
    }
}
