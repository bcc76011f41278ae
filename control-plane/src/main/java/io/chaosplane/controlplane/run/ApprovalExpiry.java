package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.protocol.units.GoDuration;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stops runs that waited for an approval longer than {@link ApprovalProperties#timeout()}: they end Stopped, the
 * reason on their events and as their message. A row in the database, found by one replica at a time, so that it
 * happens once across replicas and after restarts.
 */
@Component
class ApprovalExpiry {

    private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);
    private static final long SWEEP_LOCK = 0x435041505052564CL; // "CPAPPRVL"
    private static final int BATCH = 100;

    private record Waiting(UUID runId, String accountId) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantContext tenants;
    private final RunLedger ledger;
    private final RunProgress progress;
    private final ApprovalProperties properties;
    private final Clock clock;

    ApprovalExpiry(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TenantContext tenants,
            RunLedger ledger,
            RunProgress progress,
            ApprovalProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.ledger = ledger;
        this.progress = progress;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${chaosplane.approvals.sweep-interval:5s}")
    void sweep() {
        Integer stopped;
        do {
            stopped = transactions.execute(status -> {
                if (!Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
                        .param(SWEEP_LOCK)
                        .query(Boolean.class)
                        .single())) {
                    return 0;
                }
                List<Waiting> expired = jdbc.sql("SELECT id, account_id FROM expired_approvals(?, ?)")
                        .params(Timestamp.from(clock.instant().minus(properties.timeout())), BATCH)
                        .query((rs, n) -> new Waiting(rs.getObject("id", UUID.class), rs.getString("account_id")))
                        .list();
                for (Waiting run : expired) {
                    tenants.runAs(run.accountId(), () -> expire(run));
                }
                return expired.size();
            });
        } while (stopped != null && stopped == BATCH);
    }

    private void expire(Waiting waiting) {
        RunState state = ledger.lock(waiting.accountId(), waiting.runId()).orElse(null);
        if (state == null
                || !state.run().awaitingApproval()
                || state.run().phase().isFinished()) {
            return; // approved or ended meanwhile
        }
        progress.stop(
                waiting.accountId(),
                state,
                "approval expired: nobody approved it within " + GoDuration.format(properties.timeout()));
        log.info("run {} stopped: its approval expired", waiting.runId());
    }
}
