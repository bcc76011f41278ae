package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.access.TenantContext;
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
 * Finds tasks whose lease ran out without news from their agent and settles them on their runs, in the same
 * transaction that takes them off the queue, so that none is dropped on the way. One replica sweeps at a time.
 */
@Component
class LeaseSweeper {

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);
    private static final long SWEEP_LOCK = 0x4350534c45415345L; // "CPSLEASE"
    private static final int BATCH = 100;

    private record Expired(UUID taskId, String accountId, UUID runId, boolean abortRequested) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantContext tenants;
    private final RunProgress progress;
    private final Clock clock;

    LeaseSweeper(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TenantContext tenants,
            RunProgress progress,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.progress = progress;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${chaosplane.dispatch.sweep-interval:2s}")
    void sweep() {
        Integer settled;
        do {
            settled = transactions.execute(status -> {
                if (!Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
                        .param(SWEEP_LOCK)
                        .query(Boolean.class)
                        .single())) {
                    return 0;
                }
                List<Expired> expired = jdbc.sql("SELECT * FROM take_expired_leases(?, ?)")
                        .params(Timestamp.from(clock.instant()), BATCH)
                        .query((rs, n) -> new Expired(
                                rs.getObject("task_id", UUID.class),
                                rs.getString("account_id"),
                                rs.getObject("run_id", UUID.class),
                                rs.getBoolean("abort_requested")))
                        .list();
                for (Expired task : expired) {
                    tenants.runAs(
                            task.accountId(),
                            () -> progress.leaseExpired(task.accountId(), task.taskId(), task.abortRequested()));
                    log.warn("task {} of run {} lost its lease", task.taskId(), task.runId());
                }
                return expired.size();
            });
        } while (settled != null && settled == BATCH);
    }
}
