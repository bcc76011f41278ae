package io.chaosplane.protocol.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds seed 001's node trees: the root node ({@code Steps}) named as the experiment, one {@code K8sTask} node per
 * task keyed {@code <experiment>-<task>}, each step's nodes the children of the step before. Both the runner (which
 * reports them) and the control plane (which shows one before the runner has said anything) start from
 * {@link #initial}.
 */
public final class ExecutionTrees {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String ERROR = "Error";
    public static final String STOPPED = "Stopped";

    private ExecutionTrees() {}

    public static String nodeKey(String experimentName, String taskName) {
        return experimentName + "-" + taskName;
    }

    /** Whether a node or run phase is final. */
    public static boolean isFinal(String phase) {
        return phase != null
                && List.of(SUCCEEDED, FAILED, ERROR, STOPPED, "Completed", "Skipped", "Omitted")
                        .contains(phase);
    }

    /**
     * How far a phase is: waiting 0, running 1, final 2. Unknown phases count as waiting, so that they never win over
     * news that is understood.
     */
    public static int rank(String phase) {
        if (isFinal(phase)) {
            return 2;
        }
        return RUNNING.equals(phase) ? 1 : 0;
    }

    /**
     * The tree of a run nothing has happened to yet: every task Pending.
     *
     * @param faultTypes the catalogue fault of each task, by task name
     * @param streamIDs the log stream of each task, by task name
     * @param epochSeconds the run's creation, Unix seconds
     */
    public static ExecutionData initial(
            KubernetesChaosExperiment experiment,
            String eventType,
            String runPhase,
            Map<String, String> faultTypes,
            Map<String, String> streamIDs,
            long epochSeconds) {
        String name = experiment.metadata().name();
        String namespace = experiment.metadata().namespace();
        String now = Long.toString(epochSeconds);
        List<List<KubernetesChaosExperiment.StepTask>> steps = experiment.spec().steps();
        Map<String, ExecutionData.Node> nodes = new LinkedHashMap<>();
        nodes.put(
                name,
                new ExecutionData.Node(
                        name,
                        runPhase,
                        "",
                        RUNNING.equals(runPhase) ? now : "",
                        "",
                        steps.isEmpty() ? null : keys(name, steps.getFirst()),
                        ExecutionData.STEPS,
                        null));
        for (int s = 0; s < steps.size(); s++) {
            List<String> next = s + 1 < steps.size() ? keys(name, steps.get(s + 1)) : null;
            for (KubernetesChaosExperiment.StepTask task : steps.get(s)) {
                nodes.put(
                        nodeKey(name, task.name()),
                        new ExecutionData.Node(
                                task.name(),
                                PENDING,
                                "",
                                "",
                                "",
                                next,
                                ExecutionData.K8S_TASK,
                                new ExecutionData.ChaosData(
                                        namespace,
                                        faultTypes.getOrDefault(task.name(), ""),
                                        PENDING,
                                        now,
                                        "",
                                        "",
                                        "",
                                        "",
                                        "",
                                        streamIDs.getOrDefault(task.name(), ""),
                                        null)));
            }
        }
        return new ExecutionData(
                "events",
                eventType,
                namespace,
                name,
                now,
                runPhase,
                "",
                RUNNING.equals(runPhase) ? now : "",
                "",
                nodes,
                "");
    }

    /** The task nodes, in step order. */
    public static List<ExecutionData.Node> taskNodes(ExecutionData data) {
        List<ExecutionData.Node> tasks = new ArrayList<>();
        data.nodes().values().stream()
                .filter(node -> ExecutionData.K8S_TASK.equals(node.type()))
                .forEach(tasks::add);
        return tasks;
    }

    /** A verdict as the seed writes them: Pass, Fail, Awaited, Stopped, Error, N/A. */
    public static String verdict(String text) {
        return text == null
                ? ""
                : switch (text.toLowerCase(Locale.ROOT)) {
                    case "pass", "passed" -> "Pass";
                    case "fail", "failed" -> "Fail";
                    case "awaited" -> "Awaited";
                    case "stopped" -> "Stopped";
                    case "error" -> "Error";
                    case "n/a", "na" -> "N/A";
                    default -> text;
                };
    }

    private static List<String> keys(String experimentName, List<KubernetesChaosExperiment.StepTask> step) {
        return step.stream().map(task -> nodeKey(experimentName, task.name())).toList();
    }
}
