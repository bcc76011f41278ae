package io.chaosplane.agent.testing;

import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskAction;
import io.chaosplane.protocol.linux.TaskLimits;
import io.chaosplane.protocol.probe.Probe;
import java.util.ArrayList;
import java.util.List;

/** Tasks as a control plane would hand them out. */
public final class TestTasks {

    private TestTasks() {}

    public static Task cpuStress(String taskName, String duration, Probe... probes) {
        return task(
                taskName,
                "linux-cpu-stress",
                List.of(
                        new ExperimentInput("Load", "100"),
                        new ExperimentInput("Workers", "1"),
                        new ExperimentInput("Duration", duration)),
                probes);
    }

    /** A task for any fault; inputs are alternating names and values. */
    public static Task task(String taskName, String fault, List<ExperimentInput> inputs, Probe... probes) {
        return new Task(
                taskName,
                new TaskAction(new ChaosSpec(fault, inputs, List.of(probes))),
                "lce-" + taskName,
                "stream-" + taskName,
                "acc-1",
                120L,
                null,
                null);
    }

    public static List<ExperimentInput> inputs(String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        return inputs;
    }

    /** The same task, carrying the limits it was planned under. */
    public static Task withLimits(Task task, TaskLimits limits) {
        return new Task(
                task.taskName(),
                task.action(),
                task.lceUID(),
                task.streamID(),
                task.accountID(),
                task.leaseSeconds(),
                task.logServiceURL(),
                task.logToken(),
                limits);
    }

    /** The same task, streaming its logs to a log service. */
    public static Task withLogService(Task task, String logServiceUrl, String token) {
        return new Task(
                task.taskName(),
                task.action(),
                task.lceUID(),
                task.streamID(),
                task.accountID(),
                task.leaseSeconds(),
                logServiceUrl,
                token);
    }
}
