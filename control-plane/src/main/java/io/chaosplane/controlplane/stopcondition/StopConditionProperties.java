package io.chaosplane.controlplane.stopcondition;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How replicas share the checks of stop conditions.
 *
 * @param tick how often a replica claims the conditions due
 * @param lease how long a replica holds a condition beyond its next check: another replica takes it over once this
 *     much time has passed without a check (its holder died); longer than the longest check (20 s)
 * @param batch the most conditions a replica claims at one tick
 */
@ConfigurationProperties("chaosplane.stop-conditions")
record StopConditionProperties(
        @DefaultValue("500ms") Duration tick,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("50") int batch) {}
