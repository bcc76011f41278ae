package io.chaosplane.controlplane.schedule;

import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.run.RunService;
import io.chaosplane.service.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due occurrences of scheduled tests. Every replica polls the small {@code schedule_queue}: an occurrence is
 * claimed with {@code FOR UPDATE SKIP LOCKED} and moved on to the test's next one in the transaction that starts its
 * run, so that each fires once across replicas. No timer per test lives in a JVM.
 *
 * <p>What an occurrence becomes: a run; skipped (with the reason, as an event) while the test's previous run still
 * goes, inside a blackout, or when a policy forbids the run; missed when it is found more than {@code missedGrace}
 * late (the control plane was down), and so are the earlier ones a later occurrence overtook.
 */
@Component
class SchedulePoller {

    private static final Logger log = LoggerFactory.getLogger(SchedulePoller.class);

    /** Earlier missed occurrences recorded one by one, at most; the rest are counted in an event. */
    private static final int MISSED_RECORDED = 50;

    private record Due(UUID testId, String accountId, Instant dueAt) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantContext tenants;
    private final CallerContext callers;
    private final ScheduledTestStore tests;
    private final TestFiring firing;
    private final RunService runs;
    private final ScheduleProperties properties;
    private final Clock clock;

    SchedulePoller(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TenantContext tenants,
            CallerContext callers,
            ScheduledTestStore tests,
            TestFiring firing,
            RunService runs,
            ScheduleProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.callers = callers;
        this.tests = tests;
        this.firing = firing;
        this.runs = runs;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${chaosplane.schedules.poll-interval:5s}")
    void scheduled() {
        try {
            while (poll() == properties.batch()) {
                // a full round: more may be due (many tests on the same minute)
            }
            abortOverdueRuns();
        } catch (RuntimeException e) {
            log.error("scheduled tests: poll failed", e);
        }
    }

    /** Decides up to {@code batch} occurrences due now, one transaction each; answers how many it decided. */
    int poll() {
        int decided = 0;
        for (int i = 0; i < properties.batch(); i++) {
            if (!claimOne()) {
                break;
            }
            decided++;
        }
        return decided;
    }

    /** Claims one due occurrence and decides it, in one transaction; false when none is due. */
    private boolean claimOne() {
        Instant now = clock.instant();
        record Refused(Due due, ApiException reason) {}
        Object outcome = transactions.execute(status -> {
            Optional<Due> claimed = jdbc.sql("SELECT * FROM claim_due_schedules(?, 1)")
                    .param(timestamp(now))
                    .query((row, n) -> new Due(
                            row.getObject("test_id", UUID.class),
                            row.getString("account_id"),
                            row.getTimestamp("due_at").toInstant()))
                    .optional();
            if (claimed.isEmpty()) {
                return Boolean.FALSE;
            }
            Due due = claimed.get();
            try {
                tenants.runAs(due.accountId(), () -> decide(due, now));
                return Boolean.TRUE;
            } catch (ApiException refused) {
                status.setRollbackOnly();
                return new Refused(due, refused);
            }
        });
        if (outcome instanceof Refused refused) {
            // the run was refused, and its transaction undone: record why, if no other replica decided it meanwhile
            transactions.executeWithoutResult(status ->
                    tenants.runAs(refused.due().accountId(), () -> {
                        if (reclaim(refused.due())) {
                            tests.lock(refused.due().accountId(), refused.due().testId())
                                    .ifPresent(test -> {
                                        Instant latest = settleOvertaken(test, refused.due(), now);
                                        firing.skip(
                                                test,
                                                latest,
                                                "skipped",
                                                refused.reason().getMessage());
                                        tests.schedule(test, test.schedule().next(now));
                                    });
                        }
                    }));
            return true;
        }
        return Boolean.TRUE.equals(outcome);
    }

    private boolean reclaim(Due due) {
        return jdbc.sql("""
                        SELECT 1 FROM schedule_queue WHERE account_id = ? AND test_id = ? AND due_at = ?
                        FOR UPDATE SKIP LOCKED""")
                .params(due.accountId(), due.testId(), timestamp(due.dueAt()))
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** Runs, skips or misses the latest occurrence due, misses those it overtook, and queues the next. */
    private void decide(Due due, Instant now) {
        Optional<ScheduledTest> found = tests.lock(due.accountId(), due.testId());
        if (found.isEmpty()) {
            return; // deleted meanwhile: its queue row went with it
        }
        ScheduledTest test = found.get();
        Instant latest = settleOvertaken(test, due, now);
        tests.schedule(test, test.schedule().next(now));
        Duration late = Duration.between(latest, now);
        if (late.compareTo(properties.missedGrace()) > 0) {
            firing.skip(
                    test,
                    latest,
                    "missed",
                    "found " + late.toMinutes() + " min late (the control plane was down); runs more than "
                            + properties.missedGrace().toMinutes() + " min late do not start");
            return;
        }
        firing.fire(test, TestFiring.SCHEDULE, latest, TestFiring.actingFor(test));
    }

    /**
     * Records as missed the occurrences from the one due on that a later one overtook before {@code now}, and answers
     * the latest due: the one to run, skip or miss.
     */
    private Instant settleOvertaken(ScheduledTest test, Due due, Instant now) {
        CronSchedule schedule = test.schedule();
        Instant latest = due.dueAt();
        int overtaken = 0;
        for (Optional<Instant> following = schedule.next(latest);
                following.isPresent() && !following.get().isAfter(now);
                following = schedule.next(latest)) {
            if (overtaken < MISSED_RECORDED) {
                firing.skip(test, latest, "missed", "a later occurrence was due by the time it was found");
            }
            overtaken++;
            latest = following.get();
        }
        if (overtaken > MISSED_RECORDED) {
            log.warn("test {} missed {} occurrences", test.name(), overtaken);
        }
        return latest;
    }

    /** Aborts runs of scheduled tests that still go past their test's ttl. */
    void abortOverdueRuns() {
        record Overdue(String accountId, UUID testId, UUID runId) {}
        List<Overdue> overdue = transactions.execute(status -> jdbc.sql("SELECT * FROM overdue_test_runs(?, 100)")
                .param(timestamp(clock.instant()))
                .query((row, n) -> new Overdue(
                        row.getString("account_id"),
                        row.getObject("test_id", UUID.class),
                        row.getObject("run_id", UUID.class)))
                .list());
        for (Overdue run : overdue) {
            try {
                transactions.executeWithoutResult(status -> tenants.runAs(
                        run.accountId(),
                        () -> tests.lock(run.accountId(), run.testId())
                                .ifPresent(test -> callers.callAs(TestFiring.actingFor(test), () -> {
                                    runs.abort(run.runId());
                                    log.info(
                                            "run {} of test {} outlived its ttl and was aborted",
                                            run.runId(),
                                            test.name());
                                    return null;
                                }))));
            } catch (ApiException alreadyStopping) {
                log.debug("run {} ended on its own before its ttl abort", run.runId());
            }
        }
    }
}
