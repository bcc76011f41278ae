package io.chaosplane.controlplane.policy;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One rule of a policy. Its {@code type} says which members matter:
 * <ul>
 *   <li>{@code denyFaults}: the faults ({@code faults}, {@code *} wildcards) may not run in {@code namespaces} or on
 *       infrastructures of {@code environments} (either list empty: everywhere);</li>
 *   <li>{@code timeWindow}: runs may start only inside one of {@code windows};</li>
 *   <li>{@code blackout}: no run may start between {@code from} and {@code to};</li>
 *   <li>{@code maxDuration}: no fault may last longer than {@code max};</li>
 *   <li>{@code maxBlastRadius}: at most {@code maxHosts} infrastructures, at most {@code maxPodsAffectedPercentage}
 *       of the pods of a target, at most {@code maxFaultsPerInfrastructure} faults at once on one infrastructure (its
 *       agent refuses a task that would hold more);</li>
 *   <li>{@code requireApproval}: a run waits for an operator's approval before anything is injected.</li>
 * </ul>
 */
@Schema(description = "A rule; see the type for the members that apply")
public record PolicyRule(
        @Schema(example = "deny-network-in-production") String name,

        @Schema(
                allowableValues = {
                    "denyFaults",
                    "timeWindow",
                    "blackout",
                    "maxDuration",
                    "maxBlastRadius",
                    "requireApproval"
                })
        String type,

        @Schema(example = "[\"linux-network-*\"]") List<String> faults,
        @Schema(example = "[\"production\"]") List<String> namespaces,
        @Schema(example = "[\"prod\"]") List<String> environments,
        List<Window> windows,
        Instant from,
        Instant to,
        @Schema(example = "5m") String max,
        Integer maxHosts,
        Integer maxPodsAffectedPercentage,

        @Schema(
                description = "maxBlastRadius: the most faults at once on one infrastructure; a step that puts more"
                        + " there is refused, and the agent refuses a task that would make it hold more",
                example = "2")
        Integer maxFaultsPerInfrastructure) {

    /** Days of the week ({@code Mon}..{@code Sun}; empty: every day) and a time of day range in a time zone. */
    public record Window(
            @Schema(example = "[\"Mon\",\"Tue\",\"Wed\",\"Thu\",\"Fri\"]")
            List<String> days,

            @Schema(example = "09:00") String start,
            @Schema(example = "17:00") String end,
            @Schema(example = "UTC") String timezone) {}
}
