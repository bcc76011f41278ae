package io.chaosplane.controlplane.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scheduled tests ({@code chaosplane.schedules.*}).
 *
 * @param pollInterval how often each replica looks for due occurrences
 * @param missedGrace an occurrence found this late (the control plane was down) still runs; later ones are missed
 * @param batch occurrences claimed per transaction at most
 * @param scoreDropAlert a run scoring this many points below the previous run of its test raises an alert
 */
@ConfigurationProperties("chaosplane.schedules")
record ScheduleProperties(
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("10m") Duration missedGrace,
        @DefaultValue("20") int batch,
        @DefaultValue("10") int scoreDropAlert) {}
