package io.chaosplane.agent.probe;

import io.chaosplane.protocol.linux.ProbeOutcome;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.ProbeVerdict;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.probe.ProbeMode;
import io.chaosplane.protocol.probe.ProbeType;

/** One probe of a task with the evaluations it has had so far. */
final class TrackedProbe {

    static final String NOT_EVALUATED = "Either probe is not executed or not evaluated";

    private final Probe probe;
    private final ProbeMode mode;
    private final ProbeType type;
    private final ProbeSettings settings;
    private final ProbeCheck check;
    private int passed;
    private String lastPass;
    private ProbeFailure failure;

    TrackedProbe(Probe probe, ProbeMode mode, ProbeType type, ProbeSettings settings, ProbeCheck check) {
        this.probe = probe;
        this.mode = mode;
        this.type = type;
        this.settings = settings;
        this.check = check;
    }

    String name() {
        return probe.name();
    }

    ProbeMode mode() {
        return mode;
    }

    ProbeType type() {
        return type;
    }

    ProbeSettings settings() {
        return settings;
    }

    ProbeCheck check() {
        return check;
    }

    synchronized void record(CheckResult result, String phase) {
        if (result.passed()) {
            passed++;
            lastPass = result.description();
        } else if (failure == null) {
            failure = new ProbeFailure(probe.name(), type, phase, result.description());
        }
    }

    synchronized ProbeFailure failure() {
        return failure;
    }

    /** Failed after any failed evaluation; passed after every required evaluation passed (two for Edge). */
    synchronized ProbeVerdict verdict() {
        if (failure != null) {
            return ProbeVerdict.FAILED;
        }
        return passed >= (mode == ProbeMode.EDGE ? 2 : 1) ? ProbeVerdict.PASSED : ProbeVerdict.NOT_APPLICABLE;
    }

    synchronized ProbeStatus status() {
        ProbeVerdict verdict = verdict();
        String description = switch (verdict) {
            case PASSED -> lastPass;
            case FAILED -> failure.reason();
            case NOT_APPLICABLE -> NOT_EVALUATED;
        };
        return new ProbeStatus(probe.name(), type.wire(), mode.wire(), new ProbeOutcome(verdict, description));
    }
}
