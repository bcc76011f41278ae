package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyView;
import io.chaosplane.controlplane.policy.PolicyService;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Starts a run of a scheduled test, in a transaction that holds the test's lock, acting as an operator of the test's
 * project. Refuses with 409 while the test's previous run still goes, and with 403 inside one of its blackouts, when
 * its health-check policy is gone or disabled, or when a policy of the project forbids the run.
 */
@Component
class TestFiring {

    static final String SCHEDULE = "schedule";
    static final String MANUAL = "manual";

    private final ScheduledTestStore tests;
    private final ExperimentService experiments;
    private final PolicyService policies;
    private final CallerContext callers;
    private final Events events;
    private final Clock clock;

    TestFiring(
            ScheduledTestStore tests,
            ExperimentService experiments,
            PolicyService policies,
            CallerContext callers,
            Events events,
            Clock clock) {
        this.tests = tests;
        this.experiments = experiments;
        this.policies = policies;
        this.callers = callers;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Starts the run and records it for {@code scheduledFor} (null for a trigger). A refusal is thrown, and leaves the
     * caller's transaction to be rolled back: record it with {@link #skip} in another. The run is started as {@code
     * who}: the person who triggers it, or the test itself ({@link #actingFor}).
     */
    RunView fire(ScheduledTest test, String trigger, Instant scheduledFor, Caller who) {
        Instant now = clock.instant();
        if (tests.latestRunPhase(test.accountId(), test.id())
                .filter(phase -> !phase.isFinished())
                .isPresent()) {
            throw new ConflictException("test '" + test.name() + "' has a run in progress");
        }
        test.blackoutAt(now).ifPresent(blackout -> {
            throw new ForbiddenException("test '" + test.name() + "' is in a blackout from " + blackout.from()
                    + " to " + blackout.to()
                    + (blackout.reason() == null || blackout.reason().isBlank() ? "" : ": " + blackout.reason()));
        });
        RunView run = callers.callAs(who, () -> {
            requireHealthCheckPolicy(test);
            return experiments.runById(test.experimentId());
        });
        tests.record(test, trigger, scheduledFor, "started", "", run.runId(), now);
        events.record(
                test.accountId(),
                Events.Type.Normal,
                "ScheduledTestStarted",
                subject(test),
                "run " + run.runSequence() + " of experiment " + test.spec().experiment() + " started ("
                        + (scheduledFor == null ? "triggered" : "scheduled for " + scheduledFor) + ")");
        return run;
    }

    /** Records an occurrence that did not run, with why, and says so in the events. */
    void skip(ScheduledTest test, Instant scheduledFor, String outcome, String reason) {
        tests.record(test, SCHEDULE, scheduledFor, outcome, reason, null, clock.instant());
        events.record(
                test.accountId(),
                Events.Type.Warning,
                "missed".equals(outcome) ? "ScheduledRunMissed" : "ScheduledRunSkipped",
                subject(test),
                "the run scheduled for " + scheduledFor + " was " + outcome + ": " + reason);
    }

    private void requireHealthCheckPolicy(ScheduledTest test) {
        String name = test.spec().healthCheckPolicy();
        if (name == null) {
            return;
        }
        PolicyView policy;
        try {
            policy = policies.get(test.scope(), name);
        } catch (NotFoundException gone) {
            throw new ForbiddenException("health-check policy '" + name + "' of test '" + test.name()
                    + "' no longer exists; no run starts without it");
        }
        if (!policy.enabled()) {
            throw new ForbiddenException("health-check policy '" + name + "' of test '" + test.name()
                    + "' is disabled; no run starts without it");
        }
    }

    static Events.Subject subject(ScheduledTest test) {
        return new Events.Subject(
                "ScheduledTest",
                test.name(),
                test.id().toString(),
                test.spec().namespace(),
                ResourceScope.project(test.organization(), test.project()));
    }

    /** The test acts as an operator of its project when it starts and aborts its runs. */
    static Caller actingFor(ScheduledTest test) {
        return new Caller(
                test.accountId(),
                Caller.Kind.SCHEDULE,
                test.id(),
                "schedule:" + test.name(),
                List.of(new Grant(ResourceScope.project(test.organization(), test.project()), Role.OPERATOR)),
                Plan.FREE,
                false);
    }
}
