package io.chaosplane.controlplane.stopcondition;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.run.RunStops;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the stop conditions of running runs and of workflows with a running run, each condition on one replica at a
 * time: every tick this replica
 * claims the conditions due that it holds, that nobody holds, or whose holder's lease ran out (it died), skipping
 * those another replica is claiming at that moment. Each check runs on a virtual thread of its own, so that a slow
 * target delays only its own condition. A breach stops the run as a halt does: phase Stopped, every fault reverted; a
 * workflow's breach is published ({@link WorkflowConditionBreached}) for the workflows feature to stop it and its runs.
 */
@Component
class StopConditionEvaluator {

    private static final Logger log = LoggerFactory.getLogger(StopConditionEvaluator.class);

    /** A condition this replica claimed for one check. */
    private record Claimed(
            Subject subject, UUID subjectId, String name, String accountId, StopCondition condition, int failures) {}

    private final String owner = "replica-" + UUID.randomUUID();
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantContext tenants;
    private final RunStops runs;
    private final Checks checks;
    private final StopConditionProperties properties;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;
    private final ExecutorService checking = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("stop-condition-", 0).factory());

    StopConditionEvaluator(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TenantContext tenants,
            RunStops runs,
            Checks checks,
            StopConditionProperties properties,
            ApplicationEventPublisher publisher,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.runs = runs;
        this.checks = checks;
        this.properties = properties;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${chaosplane.stop-conditions.tick:500ms}")
    void tick() {
        for (Subject subject : Subject.values()) {
            List<Claimed> claimed;
            try {
                claimed = claim(subject);
            } catch (RuntimeException e) {
                log.warn("could not claim the {} stop conditions due: {}", subject.table, e.getMessage());
                continue;
            }
            for (Claimed condition : claimed) {
                try {
                    checking.execute(() -> check(condition));
                } catch (RejectedExecutionException e) {
                    return; // shutting down: the lease runs out and another replica takes the condition over
                }
            }
        }
    }

    private List<Claimed> claim(Subject subject) {
        return transactions.execute(status -> jdbc.sql("""
                        SELECT %s AS subject_id, name, account_id, spec::text AS spec, failures
                          FROM %s(?, ?, make_interval(secs => ?), ?)""".formatted(subject.key, subject.claim))
                .params(
                        owner,
                        Timestamp.from(clock.instant()),
                        properties.lease().toMillis() / 1000.0,
                        properties.batch())
                .query((rs, n) -> new Claimed(
                        subject,
                        rs.getObject("subject_id", UUID.class),
                        rs.getString("name"),
                        rs.getString("account_id"),
                        StopConditions.JSON.readValue(rs.getString("spec"), StopCondition.class),
                        rs.getInt("failures")))
                .list());
    }

    private void check(Claimed claimed) {
        try {
            Observation seen = checks.check(claimed.condition());
            tenants.runAs(
                    claimed.accountId(), () -> transactions.executeWithoutResult(status -> record(claimed, seen)));
        } catch (RuntimeException e) {
            // the lease runs out and the check is made again, here or on another replica
            log.warn(
                    "stop condition {} of {} {}: {}",
                    claimed.name(),
                    claimed.subject().name().toLowerCase(),
                    claimed.subjectId(),
                    e.getMessage());
        }
    }

    /** Counts the check and stops the run when the failures in a row exceed the condition's tolerance. */
    private void record(Claimed claimed, Observation seen) {
        StopCondition condition = claimed.condition();
        OnError onError = OnError.parse(condition.onError()).orElse(OnError.BREACH);
        int failures = switch (seen.kind()) {
            case PASSED -> 0;
            case FAILED -> claimed.failures() + 1;
            case ERROR -> onError == OnError.BREACH ? claimed.failures() + 1 : claimed.failures();
        };
        int tolerance = condition.tolerance() == null ? 0 : condition.tolerance();
        boolean breached = failures > tolerance;
        Instant now = clock.instant();
        Duration interval = StopConditions.interval(condition);
        int recorded = jdbc.sql("""
                        UPDATE %s
                           SET failures = ?, checks = checks + 1, last_seen = ?, last_checked_at = ?,
                               next_check_at = ?, lease_until = ?, breached_at = ?
                         WHERE %s = ? AND name = ? AND owner = ?""".formatted(claimed.subject().table, claimed.subject().key))
                .params(
                        failures,
                        seen.seen(),
                        Timestamp.from(now),
                        Timestamp.from(now.plus(interval)),
                        Timestamp.from(now.plus(interval).plus(properties.lease())),
                        breached ? Timestamp.from(now) : null,
                        claimed.subjectId(),
                        claimed.name(),
                        owner)
                .update();
        if (recorded == 0) {
            return; // another replica took the condition over meanwhile: its check counts, not this one
        }
        if (seen.kind() == Observation.Kind.ERROR && onError == OnError.IGNORE) {
            log.info(
                    "stop condition {} of {} {} could not be checked (ignored): {}",
                    claimed.name(),
                    claimed.subject().name().toLowerCase(),
                    claimed.subjectId(),
                    seen.seen());
        }
        if (breached) {
            String reason = "stop condition " + claimed.name() + ": " + seen.seen()
                    + (failures > 1 ? " (" + failures + " failed checks in a row)" : "");
            switch (claimed.subject()) {
                case RUN -> {
                    if (runs.stopOne(claimed.accountId(), claimed.subjectId(), "StopConditionBreached", reason)) {
                        log.info("run {} stopped: {}", claimed.subjectId(), reason);
                    }
                }
                case WORKFLOW -> {
                    publisher.publishEvent(new WorkflowConditionBreached(
                            claimed.accountId(), claimed.subjectId(), claimed.name(), reason));
                    log.info("workflow {} stopping: {}", claimed.subjectId(), reason);
                }
            }
        }
    }

    @PreDestroy
    void shutdown() {
        checking.shutdownNow();
    }
}
