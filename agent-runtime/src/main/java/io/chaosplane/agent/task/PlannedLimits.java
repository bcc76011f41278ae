package io.chaosplane.agent.task;

import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.k8s.KubernetesChaosExperiment;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskLimits;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's second look at a task: the limits it was planned under ({@link TaskLimits}: the project's policies when
 * the run started) against what the task would do, before anything is injected. A task whose chaos the server-side
 * checks should have refused (a check skipped, a row edited, a task forged or replayed from an older plan) is
 * refused here with the limit it breaks. Both kinds of task are looked at: one fault ({@code action.chaos}, the Linux
 * agent) and a whole Kubernetes experiment ({@code action.workflow}, the Kubernetes runner), whose every fault must
 * keep within the limits and whose largest step counts as the faults it holds at once.
 */
public final class PlannedLimits {

    private final FaultCatalog catalog;

    public PlannedLimits(FaultCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Why the task goes beyond its limits, or empty when it does not.
     *
     * @param held the faults this agent holds and has not stopped, this task included (as one)
     */
    public Optional<String> exceeded(Task task, int held) {
        TaskLimits limits = task.plannedLimits();
        if (limits.setsNone()) {
            return Optional.empty();
        }
        ChaosSpec chaos = task.chaos();
        if (chaos != null) {
            return fault(limits, chaos).or(() -> concurrent(limits, held));
        }
        KubernetesWorkflow workflow =
                task.action() == null ? null : task.action().workflow();
        if (workflow == null
                || workflow.experiment() == null
                || workflow.experiment().spec() == null) {
            return Optional.empty(); // a task without chaos is refused as invalid by its runner
        }
        KubernetesChaosExperiment.Spec spec = workflow.experiment().spec();
        for (KubernetesChaosExperiment.Task step :
                spec.tasks() == null ? List.<KubernetesChaosExperiment.Task>of() : spec.tasks()) {
            if (step == null || step.definition() == null || step.definition().chaos() == null) {
                continue; // refused as invalid by the runner when its step comes
            }
            KubernetesChaosExperiment.Chaos definition = step.definition().chaos();
            ChaosSpec stepChaos = new ChaosSpec(
                    definition.experiment(),
                    definition.envList().stream()
                            .map(env -> new ExperimentInput(env.name(), env.value()))
                            .toList(),
                    List.of(),
                    step.definition().targets());
            Optional<String> refusal = fault(limits, stepChaos);
            if (refusal.isPresent()) {
                return Optional.of(
                        refusal.get().replaceFirst("^task refused: ", "task refused: step task " + step.name() + ": "));
            }
        }
        int widest = spec.steps() == null
                ? 1
                : spec.steps().stream()
                        .mapToInt(step -> step == null ? 0 : step.size())
                        .max()
                        .orElse(1);
        // the task counts as one in held; its widest step holds that many faults at once
        return concurrent(limits, held - 1 + Math.max(widest, 1));
    }

    private Optional<String> fault(TaskLimits limits, ChaosSpec chaos) {
        if (limits.allowedFaults() != null && !limits.allowedFaults().contains(chaos.experiment())) {
            return Optional.of("task refused: fault " + chaos.experiment()
                    + " is not one its infrastructure's environment allowed when it was planned "
                    + limits.allowedFaults());
        }
        if (limits.maxDurationSeconds() != null) {
            Optional<Duration> duration = duration(chaos);
            if (duration.isPresent() && duration.get().toSeconds() > limits.maxDurationSeconds()) {
                return Optional.of("task refused: it lasts " + GoDuration.format(duration.get()) + ", more than the "
                        + GoDuration.format(Duration.ofSeconds(limits.maxDurationSeconds()))
                        + " its policies allowed when it was planned");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> concurrent(TaskLimits limits, int held) {
        if (limits.maxConcurrentFaults() != null && held > limits.maxConcurrentFaults()) {
            return Optional.of("task refused: this agent would hold " + held + " faults at once, more than the "
                    + limits.maxConcurrentFaults() + " its policies allowed when it was planned");
        }
        return Optional.empty();
    }

    /** The chaos's duration as its runner would resolve it; empty for chaos its runner refuses as invalid anyway. */
    private Optional<Duration> duration(ChaosSpec chaos) {
        if (!catalog.validate(chaos).isEmpty()) {
            return Optional.empty();
        }
        try {
            return catalog.resolve(chaos.experiment(), chaos.inputs()).chaosDuration();
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
