package io.chaosplane.agent.k8s.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.task.PlannedLimits;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.k8s.KubernetesChaosExperiment;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.k8s.Targets;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskAction;
import io.chaosplane.protocol.linux.TaskLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes runner's second look at a whole experiment run, made by the task loop it shares with the Linux
 * agent before the runner starts anything: every fault of every step against the limits the run was planned under,
 * and its widest step against the faults the runner may hold at once. A refused task never reaches the cluster; the
 * runner reports it Stopped with this reason.
 */
class WorkflowTaskLimitsTest {

    private final PlannedLimits limits = new PlannedLimits(FaultCatalog.standard());

    /** One step task: a fault on the cart deployment lasting {@code seconds}. */
    private static KubernetesChaosExperiment.Task fault(String name, String fault, String seconds) {
        return new KubernetesChaosExperiment.Task(
                name,
                new KubernetesChaosExperiment.Definition(
                        Targets.of(List.of(new Targets.Workload("deployment", "shop", "cart", null))),
                        new KubernetesChaosExperiment.Chaos(
                                fault,
                                null,
                                null,
                                null,
                                List.of(new KubernetesChaosExperiment.EnvVar("TOTAL_CHAOS_DURATION", seconds)),
                                null)),
                null,
                null);
    }

    /** A workflow task whose steps run the given tasks, the tasks of a step at the same time. */
    private static Task workflow(TaskLimits planned, List<List<KubernetesChaosExperiment.Task>> steps) {
        List<KubernetesChaosExperiment.Task> tasks = new ArrayList<>();
        steps.forEach(tasks::addAll);
        KubernetesChaosExperiment experiment = new KubernetesChaosExperiment(
                KubernetesChaosExperiment.KIND,
                KubernetesChaosExperiment.API_VERSION,
                new KubernetesChaosExperiment.Metadata("cart-chaos", "shop"),
                new KubernetesChaosExperiment.Spec(
                        tasks,
                        "experiment-1",
                        "run-1",
                        steps.stream()
                                .map(step -> step.stream()
                                        .map(task -> new KubernetesChaosExperiment.StepTask(task.name(), null))
                                        .toList())
                                .toList(),
                        "delete",
                        null),
                null);
        return new Task(
                "run-1-task",
                new TaskAction(null, new KubernetesWorkflow("notify-1", experiment, List.of(), Map.of())),
                "lce",
                "stream",
                "account",
                60L,
                null,
                null,
                planned);
    }

    @Test
    void aWorkflowWithinEveryLimitIsTaken() {
        Task task = workflow(
                new TaskLimits(120L, List.of("pod-delete", "pod-cpu-hog"), 2),
                List.of(
                        List.of(fault("delete", "pod-delete", "30")),
                        List.of(fault("hog", "pod-cpu-hog", "60"), fault("delete-again", "pod-delete", "60"))));

        assertThat(limits.exceeded(task, 1)).isEmpty();
    }

    @Test
    void aFaultItsEnvironmentDoesNotAllowIsRefusedNamingTheStepTask() {
        Task task = workflow(
                new TaskLimits(null, List.of("pod-delete"), null),
                List.of(List.of(fault("delete", "pod-delete", "30")), List.of(fault("hog", "pod-cpu-hog", "30"))));

        assertThat(limits.exceeded(task, 1))
                .hasValue("task refused: step task hog: fault pod-cpu-hog is not one its infrastructure's"
                        + " environment allowed when it was planned [pod-delete]");
    }

    @Test
    void aFaultLongerThanThePlannedMaximumIsRefused() {
        Task task = workflow(
                new TaskLimits(60L, null, null),
                List.of(List.of(fault("delete", "pod-delete", "30"), fault("hog", "pod-cpu-hog", "600"))));

        assertThat(limits.exceeded(task, 1))
                .hasValue("task refused: step task hog: it lasts 10m0s, more than the 1m0s its policies allowed"
                        + " when it was planned");
    }

    @Test
    void aStepWiderThanTheFaultsTheRunnerMayHoldAtOnceIsRefused() {
        Task task = workflow(
                new TaskLimits(null, null, 2),
                List.of(List.of(
                        fault("a", "pod-delete", "30"),
                        fault("b", "pod-delete", "30"),
                        fault("c", "pod-delete", "30"))));

        assertThat(limits.exceeded(task, 1))
                .hasValue("task refused: this agent would hold 3 faults at once, more than the 2 its policies allowed"
                        + " when it was planned");
    }

    @Test
    void theFaultsOtherTasksHoldCountToo() {
        Task task = workflow(
                new TaskLimits(null, null, 2),
                List.of(List.of(fault("a", "pod-delete", "30"), fault("b", "pod-delete", "30"))));

        assertThat(limits.exceeded(task, 1)).isEmpty();
        assertThat(limits.exceeded(task, 2))
                .as("another task held beside this one")
                .hasValue("task refused: this agent would hold 3 faults at once, more than the 2 its policies allowed"
                        + " when it was planned");
    }

    @Test
    void aTaskWithoutLimitsIsTakenAsTheSeedKnowsIt() {
        Task task = workflow(TaskLimits.NONE, List.of(List.of(fault("hog", "pod-cpu-hog", "3600"))));

        assertThat(limits.exceeded(task, 50)).isEmpty();
    }
}
