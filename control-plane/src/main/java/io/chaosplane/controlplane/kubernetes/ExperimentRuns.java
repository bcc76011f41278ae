package io.chaosplane.controlplane.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.policy.Governance;
import io.chaosplane.controlplane.run.RunPhase;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.controlplane.run.WholeRuns.Fault;
import io.chaosplane.controlplane.run.WholeRuns.WholeRun;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.ExecutionTrees;
import io.chaosplane.protocol.k8s.KubernetesChaosExperiment;
import io.chaosplane.protocol.probe.Probe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Seed 001's experiment run, member for member, from a whole run and its merged node tree. */
@Component
class ExperimentRuns {

    record Response(Data data) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Data(
            String notifyID,
            Number resiliencyScore,
            int faultsPassed,
            int faultsFailed,
            int faultsAwaited,
            int faultsStopped,
            int faultsNA,
            int totalFaults,
            String accountID,
            String orgID,
            String projectID,
            String experimentType,
            String infraID,
            String experimentRunID,
            String experimentID,
            String experimentName,
            String phase,
            ExecutionData executionData,
            String revisionID,
            String errorResponse,
            String networkMapID,
            KubernetesChaosExperiment experimentYaml,
            Object targetedServices,
            SecurityGovernance securityGovernance,
            List<FaultWithProbes> faultsWithProbes,
            String createdBy,
            String updatedBy,
            long updatedAt,
            long createdAt,
            @JsonProperty("isRemoved") boolean isRemoved,
            int runSequence,
            boolean completed) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SecurityGovernance(
            @JsonProperty("Name") String name,
            @JsonProperty("Type") String type,
            @JsonProperty("Message") String message,
            @JsonProperty("Phase") String phase,
            @JsonProperty("SecurityGovernanceNodeData") Rules rules,
            @JsonProperty("StartedAt") long startedAt,
            @JsonProperty("FinishedAt") long finishedAt) {}

    record Rules(
            @JsonProperty("PassedRules") List<String> passed,
            @JsonProperty("FailedRules") List<String> failed,
            @JsonProperty("SkippedRules") List<String> skipped) {}

    record FaultWithProbes(String faultName, List<ProbeRevision> probes) {}

    record ProbeRevision(
            @JsonProperty("ProbeID") String probeId,
            @JsonProperty("Name") String name,
            @JsonProperty("Mode") String mode,
            @JsonProperty("RevisionID") String revisionId) {}

    private final Workflows workflows;

    ExperimentRuns(Workflows workflows) {
        this.workflows = workflows;
    }

    /** The tree before the runner has said anything: every task Pending. */
    ExecutionData initialTree(WholeRun run) {
        KubernetesChaosExperiment experiment = workflows.experiment(run);
        Map<String, String> types = run.faults().stream()
                .collect(Collectors.toMap(Fault::name, fault -> fault.chaos().experiment(), (a, b) -> a));
        Map<String, String> streams =
                run.faults().stream().collect(Collectors.toMap(Fault::name, Fault::streamID, (a, b) -> a));
        return ExecutionTrees.initial(
                experiment,
                "CREATE",
                phase(run.run().phase()),
                types,
                streams,
                run.run().createdAt().getEpochSecond());
    }

    Response response(
            WholeRun wholeRun, InfrastructureView infrastructure, Optional<KubernetesRunStore.Stored> stored) {
        RunView run = wholeRun.run();
        KubernetesChaosExperiment experiment = workflows.experiment(wholeRun);
        Map<String, Probe> probes = workflows.probes(wholeRun);
        Instant updated = stored.map(KubernetesRunStore.Stored::updatedAt)
                .or(() -> Optional.ofNullable(run.finishedAt()))
                .or(() -> Optional.ofNullable(run.startedAt()))
                .orElse(run.createdAt());
        String infraId = infrastructure.environmentIdentifier() == null
                        || infrastructure.environmentIdentifier().isBlank()
                ? infrastructure.identifier()
                : infrastructure.environmentIdentifier() + "/" + infrastructure.identifier();
        return new Response(new Data(
                wholeRun.taskId().toString(),
                run.resiliencyScore() == null ? 0 : run.resiliencyScore(),
                run.faultsPassed(),
                run.faultsFailed(),
                run.faultsAwaited(),
                run.faultsStopped(),
                run.faultsNA(),
                run.faultsTotal(),
                infrastructure.accountIdentifier(),
                infrastructure.organizationIdentifier(),
                infrastructure.projectIdentifier(),
                "experiment_v2",
                infraId,
                run.runId().toString(),
                run.experimentId().toString(),
                run.experimentName(),
                phase(run.phase()),
                stored.map(KubernetesRunStore.Stored::tree).orElseGet(() -> initialTree(wholeRun)),
                nameUuid(ProtocolJson.mapper()
                        .writeValueAsString(experiment.spec().tasks())),
                run.phase() == RunPhase.Failed ? Objects.requireNonNullElse(run.message(), "") : "",
                "",
                experiment,
                null,
                governance(run.governance(), run.createdAt()),
                experiment.spec().tasks().stream()
                        .map(task -> new FaultWithProbes(
                                task.name(),
                                task.probeRef().stream()
                                        .map(ref -> new ProbeRevision(
                                                ref.probeID(),
                                                ref.probeID(),
                                                ref.mode(),
                                                nameUuid(ProtocolJson.mapper()
                                                        .writeValueAsString(probes.get(ref.probeID())))))
                                        .toList()))
                        .toList(),
                run.createdBy(),
                "",
                updated.toEpochMilli(),
                run.createdAt().toEpochMilli(),
                false,
                run.runSequence(),
                run.phase().isFinished()));
    }

    /** The run's phase in the words of seed 001's runs. */
    static String phase(RunPhase phase) {
        return switch (phase) {
            case Pending -> "Queued";
            case Running, Paused -> "Running";
            case Completed -> "Completed";
            case Failed -> "Error";
            case Aborted, Stopped -> "Stopped";
        };
    }

    private static SecurityGovernance governance(Governance governance, Instant createdAt) {
        if (governance == null) {
            return new SecurityGovernance(
                    "Evaluate Rules",
                    "SGNode",
                    "No rules apply to this experiment run",
                    "Passed",
                    new Rules(List.of(), List.of(), List.of()),
                    createdAt.toEpochMilli(),
                    createdAt.toEpochMilli());
        }
        return new SecurityGovernance(
                governance.name(),
                governance.type(),
                governance.message(),
                governance.phase(),
                new Rules(
                        governance.rules().passed(),
                        governance.rules().failed(),
                        governance.rules().skipped()),
                governance.startedAt(),
                governance.finishedAt());
    }

    /** A stable id for what has no id of its own here (a probe's revision). */
    private static String nameUuid(String text) {
        return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
