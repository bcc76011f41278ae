package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.policy.Guardrails;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Policies' time windows and blackouts hold for the whole run, not only its start: a run still going (pending,
 * running or paused) when its project's time window closes, or a blackout begins, is stopped (phase Stopped, every
 * fault reverted) with that reason. One replica at a time looks, every {@code chaosplane.windows.sweep-interval}
 * (default 5s), only at the runs of projects whose enabled policies have such a rule.
 */
@Component
class WindowsThatClose {

    private static final Logger log = LoggerFactory.getLogger(WindowsThatClose.class);
    private static final long SWEEP_LOCK = 0x435057494E444F57L; // "CPWINDOW"
    private static final int BATCH = 500;

    private record Going(UUID runId, String accountId) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantContext tenants;
    private final RunLedger ledger;
    private final RunProgress progress;
    private final Guardrails guardrails;
    private final Clock clock;

    WindowsThatClose(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TenantContext tenants,
            RunLedger ledger,
            RunProgress progress,
            Guardrails guardrails,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.ledger = ledger;
        this.progress = progress;
        this.guardrails = guardrails;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${chaosplane.windows.sweep-interval:5s}")
    void sweep() {
        transactions.executeWithoutResult(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
                    .param(SWEEP_LOCK)
                    .query(Boolean.class)
                    .single())) {
                return;
            }
            Instant now = clock.instant();
            List<Going> going = jdbc.sql("SELECT id, account_id FROM runs_under_windows(?)")
                    .param(BATCH)
                    .query((rs, n) -> new Going(rs.getObject("id", UUID.class), rs.getString("account_id")))
                    .list();
            for (Going run : going) {
                tenants.runAs(run.accountId(), () -> stopIfClosed(run, now));
            }
        });
    }

    private void stopIfClosed(Going going, Instant now) {
        RunState state = ledger.lock(going.accountId(), going.runId()).orElse(null);
        if (state == null || state.run().phase().isFinished() || state.run().abortRequestedAt() != null) {
            return; // ended or being aborted meanwhile
        }
        RunRow run = state.run();
        guardrails
                .windowClosed(going.accountId(), run.organization(), run.project(), now)
                .ifPresent(reason -> {
                    progress.stop(going.accountId(), state, reason);
                    log.info("run {} stopped: {}", going.runId(), reason);
                });
    }
}
