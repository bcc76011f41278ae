package io.chaosplane.agent.probe;

import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.ProbeVerdict;
import io.chaosplane.protocol.probe.ProbeMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The probes of one task, run around its chaos:
 * <pre>
 *   beforeChaos()   SOT and Edge once; Continuous loops start
 *   chaosInjected() OnChaos loops start
 *   chaosEnding()   OnChaos loops stop (before revert)
 *   afterChaos()    Continuous loops stop (after revert); EOT and Edge once
 * </pre>
 * Each evaluation makes up to {@code attempt} attempts, {@code interval} apart, each limited by {@code probeTimeout};
 * loops evaluate every {@code interval} after an {@code initialDelay} and stop at their first failure. A failing probe
 * with {@code stopOnFailure} ends the chaos at once through the callback the task gave.
 */
public final class ProbeSession {

    static final String PRE_CHAOS = "PreChaos";
    static final String CHAOS = "ChaosInjection";
    static final String POST_CHAOS = "PostChaos";

    private final List<TrackedProbe> probes;
    private final ExecutionLog log;
    private final Runnable stopChaos;
    private final List<Loop> continuous = new ArrayList<>();
    private final List<Loop> onChaos = new ArrayList<>();
    private volatile boolean stopRequested;

    ProbeSession(List<TrackedProbe> probes, ExecutionLog log, Runnable stopChaos) {
        this.probes = probes;
        this.log = log;
        this.stopChaos = stopChaos;
    }

    public void beforeChaos() throws InterruptedException {
        runOnce(Set.of(ProbeMode.SOT, ProbeMode.EDGE), PRE_CHAOS);
        probes.stream()
                .filter(probe -> probe.mode() == ProbeMode.CONTINUOUS)
                .forEach(probe -> continuous.add(new Loop(probe, PRE_CHAOS)));
    }

    public void chaosInjected() {
        probes.stream()
                .filter(probe -> probe.mode() == ProbeMode.ON_CHAOS)
                .forEach(probe -> onChaos.add(new Loop(probe, CHAOS)));
        continuous.forEach(loop -> loop.phase = CHAOS);
    }

    public void chaosEnding() throws InterruptedException {
        stop(onChaos);
    }

    public void afterChaos() throws InterruptedException {
        stop(continuous);
        runOnce(Set.of(ProbeMode.EOT, ProbeMode.EDGE), POST_CHAOS);
    }

    /** Stops every loop without further evaluations, for a task that ends early (abort, error). */
    public void abandon() throws InterruptedException {
        stop(onChaos);
        stop(continuous);
    }

    /** Whether a probe with {@code stopOnFailure} has failed. */
    public boolean stopRequested() {
        return stopRequested;
    }

    public List<ProbeStatus> statuses() {
        return probes.stream().map(TrackedProbe::status).toList();
    }

    /** The first failure, in probe order. */
    public Optional<ProbeFailure> failure() {
        return probes.stream()
                .map(TrackedProbe::failure)
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** Passed probes per evaluated probes, times 100, rounded; 100 for a task without probes. */
    public int successPercentage() {
        long evaluated = probes.stream()
                .filter(probe -> probe.verdict() != ProbeVerdict.NOT_APPLICABLE)
                .count();
        long passed = probes.stream()
                .filter(probe -> probe.verdict() == ProbeVerdict.PASSED)
                .count();
        if (probes.isEmpty()) {
            return 100;
        }
        return evaluated == 0 ? 0 : (int) Math.round(passed * 100.0 / evaluated);
    }

    private void runOnce(Set<ProbeMode> modes, String phase) throws InterruptedException {
        for (TrackedProbe probe : probes) {
            if (!modes.contains(probe.mode())) {
                continue;
            }
            if (!probe.settings().initialDelay().isZero()) {
                Thread.sleep(probe.settings().initialDelay());
            }
            CheckResult result = evaluate(probe, phase, null);
            probe.record(result, phase);
            judged(probe, result, phase, false);
        }
    }

    /** Makes up to {@code attempt} attempts; {@code stopped} cuts the pauses between them short. */
    private CheckResult evaluate(TrackedProbe probe, String phase, CountDownLatch stopped) throws InterruptedException {
        ProbeSettings settings = probe.settings();
        CheckResult result = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            result = probe.check().attempt(settings.timeout());
            if (settings.debug()) {
                log.debug("[Probe]: " + probe.name() + " attempt " + attempt + " in " + phase + ": "
                        + result.description());
            }
            if (result.passed() || attempt == settings.attempts()) {
                break;
            }
            if (pause(settings.interval(), stopped)) {
                throw new InterruptedException("probe stopped between attempts");
            }
        }
        return result;
    }

    private void judged(TrackedProbe probe, CheckResult result, String phase, boolean repeated) {
        String what = "[Probe]: " + probe.name() + " (" + probe.mode().wire() + ") in " + phase + ": ";
        if (result.passed()) {
            if (repeated) {
                log.debug(what + "passed, " + result.description());
            } else {
                log.info(what + "passed, " + result.description());
            }
            return;
        }
        log.error(what + "failed, " + result.description());
        if (probe.settings().stopOnFailure() && !stopRequested) {
            stopRequested = true;
            log.warn("[Probe]: " + probe.name() + " has stopOnFailure set; stopping the chaos");
            stopChaos.run();
        }
    }

    private static void stop(List<Loop> loops) throws InterruptedException {
        for (Loop loop : loops) {
            loop.stop();
        }
        loops.clear();
    }

    /** Waits {@code pause}, or less when stopped; returns whether it was stopped. */
    private static boolean pause(Duration pause, CountDownLatch stopped) throws InterruptedException {
        if (stopped == null) {
            Thread.sleep(pause);
            return false;
        }
        return stopped.await(pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A probe evaluated over and over on its own virtual thread until stopped or failed. */
    private final class Loop {

        private final TrackedProbe probe;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final Thread thread;
        private volatile String phase;

        Loop(TrackedProbe probe, String phase) {
            this.probe = probe;
            this.phase = phase;
            this.thread = Thread.ofVirtual().name("probe-" + probe.name()).start(this::run);
        }

        private void run() {
            try {
                if (pause(probe.settings().initialDelay(), stopped)) {
                    return;
                }
                do {
                    String evaluatedIn = phase;
                    CheckResult result = evaluate(probe, evaluatedIn, stopped);
                    if (stopped.getCount() == 0) {
                        return;
                    }
                    probe.record(result, evaluatedIn);
                    judged(probe, result, evaluatedIn, true);
                    if (!result.passed()) {
                        return;
                    }
                } while (!pause(probe.settings().interval(), stopped));
            } catch (InterruptedException e) {
                // stopped while an attempt was under way: that attempt is abandoned, not judged
            }
        }

        void stop() throws InterruptedException {
            stopped.countDown();
            thread.interrupt();
            thread.join();
        }
    }
}
