package io.chaosplane.agent.k8s.workflow;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.ExecutionTrees;
import io.chaosplane.protocol.k8s.KubernetesChaosExperiment;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.k8s.TaskResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One run's node tree as this runner reports it: starts from every task Pending, changes node by node as tasks run,
 * and goes out as a {@code WORKFLOW_EVENT} after every change (the last one with {@code completed} true).
 */
final class WorkflowReporter {

    private final KubernetesWorkflow workflow;
    private final String infraId;
    private final EventSender sender;
    private final Clock clock;
    private ExecutionData tree;

    WorkflowReporter(KubernetesWorkflow workflow, String infraId, EventSender sender, Clock clock) {
        this.workflow = workflow;
        this.infraId = infraId;
        this.sender = sender;
        this.clock = clock;
        KubernetesChaosExperiment experiment = workflow.experiment();
        Map<String, String> types = new LinkedHashMap<>();
        experiment
                .spec()
                .tasks()
                .forEach(
                        task -> types.put(task.name(), task.definition().chaos().experiment()));
        this.tree = ExecutionTrees.initial(
                experiment,
                "UPDATE",
                ExecutionTrees.RUNNING,
                types,
                workflow.streamIDs() == null ? Map.of() : workflow.streamIDs(),
                now());
    }

    /** The run started: the first event. */
    synchronized void started() {
        send(false);
    }

    /** Changes one task's node and reports the tree. */
    synchronized void node(String taskName, UnaryOperator<ExecutionData.Node> change) {
        String key = ExecutionTrees.nodeKey(workflow.experiment().metadata().name(), taskName);
        Map<String, ExecutionData.Node> nodes = new LinkedHashMap<>(tree.nodes());
        nodes.computeIfPresent(key, (k, node) -> change.apply(node));
        tree = withNodes(nodes, tree.phase(), tree.finishedAt());
        send(false);
    }

    /** The task's node now: its phase and chaos data as last reported. */
    synchronized ExecutionData.Node node(String taskName) {
        return tree.nodes()
                .get(ExecutionTrees.nodeKey(workflow.experiment().metadata().name(), taskName));
    }

    /** The run ended in {@code phase}: the last event. */
    synchronized void finished(String phase, String message) {
        Map<String, ExecutionData.Node> nodes = new LinkedHashMap<>(tree.nodes());
        String root = workflow.experiment().metadata().name();
        nodes.computeIfPresent(
                root,
                (k, node) -> new ExecutionData.Node(
                        node.name(),
                        phase,
                        message,
                        node.startedAt(),
                        Long.toString(now()),
                        node.children(),
                        node.type(),
                        node.chaosData()));
        tree = new ExecutionData(
                tree.workflowType(),
                tree.eventType(),
                tree.namespace(),
                tree.name(),
                tree.creationTimestamp(),
                phase,
                message,
                tree.startedAt(),
                Long.toString(now()),
                nodes,
                tree.executedBy());
        send(true);
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    private ExecutionData withNodes(Map<String, ExecutionData.Node> nodes, String phase, String finishedAt) {
        return new ExecutionData(
                tree.workflowType(),
                tree.eventType(),
                tree.namespace(),
                tree.name(),
                tree.creationTimestamp(),
                phase,
                tree.message(),
                tree.startedAt(),
                finishedAt,
                nodes,
                tree.executedBy());
    }

    private void send(boolean completed) {
        KubernetesChaosExperiment experiment = workflow.experiment();
        sender.offer(
                experiment.spec().experimentRunId(),
                new TaskResponse(
                        TaskResponse.WORKFLOW_EVENT,
                        "SYNC",
                        infraId,
                        new TaskResponse.WorkflowEventArgs(
                                Boolean.toString(completed),
                                ProtocolJson.outgoing().writeValueAsString(tree),
                                infraId,
                                workflow.notifyID(),
                                "",
                                experiment.spec().experimentId(),
                                experiment.metadata().name(),
                                experiment.spec().experimentRunId())));
    }
}
