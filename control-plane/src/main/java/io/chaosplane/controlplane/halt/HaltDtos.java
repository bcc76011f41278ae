package io.chaosplane.controlplane.halt;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the halt API reads and answers. */
public final class HaltDtos {

    private HaltDtos() {}

    @Schema(description = "A halt: active until lifted")
    public record HaltView(
            UUID id,
            String scope,
            String organizationIdentifier,
            String projectIdentifier,
            String environmentIdentifier,
            UUID infrastructureId,
            String reason,
            String createdBy,
            Instant createdAt,

            @Schema(description = "Runs it stopped when it was made")
            int runsStopped,

            @Schema(description = "Faults in force at that moment, whose agents were told to revert them")
            int faultsReverting,

            boolean active,
            String liftedBy,
            Instant liftedAt) {}

    @Schema(description = "How far a halt has got: the runs it stopped and their faults, until every one is reverted")
    public record HaltProgress(
            HaltView halt,

            @Schema(description = "The faults of the runs it stopped")
            int faults,

            @Schema(description = "Those of them no longer in force: reported ended by their agent, or never started")
            int faultsReverted,

            @Schema(description = "Whether every fault is reverted: nothing of the halt's runs is in force any more")
            boolean allReverted,

            List<Run> runs) {

        @Schema(description = "A run the halt stopped")
        public record Run(
                UUID runId,
                String experimentName,
                String namespace,
                int runSequence,

                @Schema(description = "Stopped once every fault is reverted")
                String phase,

                String message,
                List<Fault> faults) {}

        @Schema(description = "A fault of a run the halt stopped")
        public record Fault(
                String name,
                String faultType,
                UUID infrastructureId,

                @Schema(description = "Running until its agent reports it reverted")
                String phase,

                boolean reverted) {}
    }
}
