package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.controlplane.run.FaultPhase;
import io.chaosplane.controlplane.run.FaultUpdate;
import io.chaosplane.controlplane.run.FaultVerdict;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.ExecutionTrees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a runner's events into one node tree that never moves backwards, whatever order the events come in and
 * however often: a node takes the news that is further along (waiting, running, done); among news equally far it
 * takes the newer one while running, and keeps the first outcome once done. Then reads the tree as news of faults.
 */
final class NodeTrees {

    private NodeTrees() {}

    static ExecutionData merge(ExecutionData stored, ExecutionData incoming) {
        Map<String, ExecutionData.Node> nodes = new LinkedHashMap<>(stored.nodes());
        if (incoming.nodes() != null) {
            incoming.nodes().forEach((key, node) -> nodes.merge(key, node, NodeTrees::further));
        }
        boolean incomingFurther = ExecutionTrees.rank(incoming.phase()) > ExecutionTrees.rank(stored.phase());
        ExecutionData run = incomingFurther ? incoming : stored;
        return new ExecutionData(
                run.workflowType(),
                run.eventType(),
                run.namespace(),
                run.name(),
                stored.creationTimestamp(),
                run.phase(),
                run.message(),
                run.startedAt(),
                run.finishedAt(),
                nodes,
                run.executedBy());
    }

    private static ExecutionData.Node further(ExecutionData.Node stored, ExecutionData.Node incoming) {
        int storedRank = ExecutionTrees.rank(stored.phase());
        int incomingRank = ExecutionTrees.rank(incoming.phase());
        if (incomingRank != storedRank) {
            return incomingRank > storedRank ? incoming : stored;
        }
        return incomingRank < 2 && updatedAt(incoming) > updatedAt(stored) ? incoming : stored;
    }

    private static long updatedAt(ExecutionData.Node node) {
        String text =
                node.chaosData() == null ? node.startedAt() : node.chaosData().lastUpdatedAt();
        try {
            return text == null || text.isBlank() ? 0 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** News of each fault the tree has news of: running, or done with its verdict. */
    static List<FaultUpdate> faultUpdates(ExecutionData tree) {
        List<FaultUpdate> updates = new ArrayList<>();
        for (ExecutionData.Node node : ExecutionTrees.taskNodes(tree)) {
            int rank = ExecutionTrees.rank(node.phase());
            if (rank == 0) {
                continue;
            }
            if (rank == 1) {
                updates.add(new FaultUpdate(node.name(), FaultPhase.Running, FaultVerdict.Awaited, null, null, null));
                continue;
            }
            ExecutionData.ChaosData chaos = node.chaosData();
            FaultVerdict verdict = FaultVerdict.ofWire(
                            ExecutionTrees.verdict(chaos == null ? null : chaos.experimentVerdict()))
                    .orElse(FaultVerdict.NotApplicable);
            BigDecimal success = percentage(chaos == null ? null : chaos.probeSuccessPercentage());
            String errorCode = chaos == null
                            || chaos.errorCode() == null
                            || chaos.errorCode().isBlank()
                    ? null
                    : chaos.errorCode();
            if (ExecutionTrees.STOPPED.equals(node.phase()) || verdict == FaultVerdict.Stopped) {
                updates.add(new FaultUpdate(
                        node.name(),
                        FaultPhase.Stopped,
                        FaultVerdict.Stopped,
                        success,
                        errorCode,
                        blankToNull(node.message())));
            } else if (verdict == FaultVerdict.Pass || verdict == FaultVerdict.Fail) {
                updates.add(new FaultUpdate(
                        node.name(), FaultPhase.Completed, verdict, success, errorCode, blankToNull(node.message())));
            } else {
                String reason = blankToNull(node.message());
                if (reason == null
                        && chaos != null
                        && chaos.failStep() != null
                        && !chaos.failStep().isBlank()) {
                    reason = chaos.failStep();
                }
                updates.add(new FaultUpdate(
                        node.name(), FaultPhase.Error, FaultVerdict.NotApplicable, success, errorCode, reason));
            }
        }
        return updates;
    }

    private static BigDecimal percentage(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip()).max(BigDecimal.ZERO).min(BigDecimal.valueOf(100));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
