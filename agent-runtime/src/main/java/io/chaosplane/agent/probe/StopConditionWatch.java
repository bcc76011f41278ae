package io.chaosplane.agent.probe;

import io.chaosplane.agent.config.CommandProbePolicy;
import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.linux.CommandStopCondition;
import io.chaosplane.protocol.probe.Comparison;
import io.chaosplane.protocol.units.GoDuration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks a task's command stop conditions while its fault is in force, each every its interval. When one fails more
 * than its tolerance in a row, the watch records the breach and ends the chaos early (the caller reverts the fault and
 * reports the breach). A command that cannot be run counts as a failed check unless the condition says
 * {@code onError: ignore}. Closing the watch stops every check.
 */
public final class StopConditionWatch implements AutoCloseable {

    /** The longest a command may take; a shorter interval bounds it further. */
    static final Duration MAX_COMMAND_TIME = Duration.ofSeconds(10);

    private final ScheduledExecutorService checks;
    private final ExecutionLog log;
    private final Runnable stopChaos;
    private volatile String breach;

    private StopConditionWatch(ScheduledExecutorService checks, ExecutionLog log, Runnable stopChaos) {
        this.checks = checks;
        this.log = log;
        this.stopChaos = stopChaos;
    }

    /** One condition made executable, checked before anything starts so that a bad one refuses the task. */
    private record Watched(
            String name,
            Duration interval,
            int tolerance,
            boolean ignoreErrors,
            String command,
            Comparison comparison) {}

    /** The problems of the conditions, as the agent would refuse them; empty when they can be watched. */
    static List<String> problems(List<CommandStopCondition> conditions) {
        List<String> problems = new ArrayList<>();
        for (CommandStopCondition condition : conditions) {
            try {
                watched(condition);
            } catch (IllegalArgumentException e) {
                problems.add("stop condition " + (condition == null ? "" : condition.name()) + ": " + e.getMessage());
            }
        }
        return problems;
    }

    static StopConditionWatch start(
            List<CommandStopCondition> conditions, CommandProbePolicy policy, ExecutionLog log, Runnable stopChaos) {
        List<Watched> watched =
                conditions.stream().map(StopConditionWatch::watched).toList();
        ScheduledExecutorService checks = Executors.newScheduledThreadPool(
                0, Thread.ofVirtual().name("stop-condition-", 0).factory());
        StopConditionWatch watch = new StopConditionWatch(checks, log, stopChaos);
        for (Watched condition : watched) {
            log.info("[Stop condition]: Checking " + condition.name() + " every "
                    + GoDuration.format(condition.interval()) + " (" + condition.tolerance()
                    + " failed check(s) in a row allowed)");
            int[] failures = {0};
            checks.scheduleWithFixedDelay(
                    () -> watch.check(condition, policy, failures),
                    condition.interval().toMillis(),
                    condition.interval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return watch;
    }

    private static Watched watched(CommandStopCondition condition) {
        if (condition == null || condition.name() == null || condition.name().isBlank()) {
            throw new IllegalArgumentException("a name is required");
        }
        if (condition.cmdProbeInputs() == null
                || condition.cmdProbeInputs().command() == null
                || condition.cmdProbeInputs().command().isBlank()) {
            throw new IllegalArgumentException("cmdProbe/inputs.command is required");
        }
        if (condition.cmdProbeInputs().source() != null) {
            throw new IllegalArgumentException("a command stop condition runs on the host, not in a container");
        }
        Duration interval =
                condition.interval() == null ? Duration.ofSeconds(10) : GoDuration.parse(condition.interval());
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("interval must be between 1s and 1h");
        }
        int tolerance = condition.tolerance() == null ? 0 : condition.tolerance();
        if (tolerance < 0 || tolerance > 100) {
            throw new IllegalArgumentException("tolerance must be between 0 and 100");
        }
        if (condition.onError() != null && !List.of("breach", "ignore").contains(condition.onError())) {
            throw new IllegalArgumentException("onError must be breach or ignore");
        }
        return new Watched(
                condition.name(),
                interval,
                tolerance,
                "ignore".equals(condition.onError()),
                condition.cmdProbeInputs().command(),
                Comparison.of(condition.cmdProbeInputs().comparator()));
    }

    /** What breached, as {@code stop condition <name>: <seen>}; empty while none has. */
    public Optional<String> breach() {
        return Optional.ofNullable(breach);
    }

    private void check(Watched condition, CommandProbePolicy policy, int[] failures) {
        if (breach != null) {
            return;
        }
        String seen;
        boolean failed;
        Optional<String> refusal = policy.refusal(condition.command());
        if (refusal.isPresent()) {
            seen = "not run: " + refusal.get();
            failed = !condition.ignoreErrors();
        } else {
            Duration timeout =
                    condition.interval().compareTo(MAX_COMMAND_TIME) < 0 ? condition.interval() : MAX_COMMAND_TIME;
            try {
                ProcessRunner.Result result = ProcessRunner.run(List.of("/bin/sh", "-c", condition.command()), timeout);
                if (result.timedOut()) {
                    seen = "the command did not finish within " + timeout.toMillis() + " ms";
                    failed = !condition.ignoreErrors();
                } else if (result.exitCode() != 0) {
                    seen = "the command exited with status " + result.exitCode() + ": "
                            + CmdProbeCheck.excerpt(result.stderr().strip());
                    failed = !condition.ignoreErrors();
                } else {
                    String output = result.stdout().strip();
                    failed = !condition.comparison().test(output);
                    seen = "output '" + CmdProbeCheck.excerpt(output) + "'" + (failed ? " does not meet " : " meets ")
                            + condition.comparison();
                }
            } catch (IOException e) {
                seen = "the command could not be run: " + e.getMessage();
                failed = !condition.ignoreErrors();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the watch is closing
            }
        }
        if (!failed) {
            failures[0] = 0;
            log.debug("[Stop condition]: " + condition.name() + ": " + seen);
            return;
        }
        failures[0]++;
        log.warn("[Stop condition]: " + condition.name() + " failed (" + failures[0] + " in a row, "
                + condition.tolerance() + " allowed): " + seen);
        if (failures[0] > condition.tolerance()) {
            breach = "stop condition " + condition.name() + ": " + seen
                    + (failures[0] > 1 ? " (" + failures[0] + " failed checks in a row)" : "");
            log.error("[Stop condition]: Breached, ending the chaos: " + breach);
            stopChaos.run();
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
