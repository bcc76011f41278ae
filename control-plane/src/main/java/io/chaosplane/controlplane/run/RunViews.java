package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.policy.Governance;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the API answers about runs. */
public final class RunViews {

    private RunViews() {}

    /** A run and its node tree: steps, and the faults of each step with their phases and verdicts. */
    public record RunView(
            UUID runId,
            UUID experimentId,
            String experimentName,
            String namespace,
            String organizationIdentifier,
            String projectIdentifier,
            int runSequence,
            RunPhase phase,

            @Schema(
                    description =
                            "0-100: the weighted share of faults whose probes passed; null until a fault finished")
            BigDecimal resiliencyScore,

            int faultsTotal,
            int faultsPassed,
            int faultsFailed,
            int faultsAwaited,
            int faultsStopped,
            int faultsNA,
            String message,
            String createdBy,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,

            @Schema(description = "The governance step: the policies' rules that passed, failed or did not apply")
            Governance governance,

            @Schema(description = "A policy holds the run until an operator approves it")
            boolean awaitingApproval,

            String approvedBy,
            List<StepView> steps) {}

    public record StepView(int index, String phase, List<FaultView> faults) {}

    public record FaultView(
            String name,
            String faultType,
            UUID infrastructureId,
            int weight,
            FaultPhase phase,
            FaultVerdict verdict,
            BigDecimal probeSuccessPercentage,
            List<ProbeStatus> probeStatuses,
            String errorCode,
            String errorReason,
            String taskName,
            String streamID,
            Instant startedAt,
            Instant finishedAt) {}

    /** A run as lists show it: without its tree. */
    public record RunSummary(
            UUID runId,
            UUID experimentId,
            String experimentName,
            String namespace,
            int runSequence,
            RunPhase phase,
            BigDecimal resiliencyScore,
            int faultsTotal,
            int faultsPassed,
            int faultsFailed,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt) {}
}
