package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.run.RunChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues an alert to the project's webhooks when a run of a scheduled test ends in one: it failed, scored well below
 * its test's run before, or overran the test's maxRTO. The alert and its deliveries are written in one transaction.
 */
@Component
class AlertRaiser {

    private static final Logger log = LoggerFactory.getLogger(AlertRaiser.class);

    private final TestRunHistory history;
    private final ReportService reports;
    private final AlertWebhookService webhooks;
    private final TenantContext tenants;
    private final TransactionTemplate transactions;

    AlertRaiser(
            TestRunHistory history,
            ReportService reports,
            AlertWebhookService webhooks,
            TenantContext tenants,
            TransactionTemplate transactions) {
        this.history = history;
        this.reports = reports;
        this.webhooks = webhooks;
        this.tenants = tenants;
        this.transactions = transactions;
    }

    /** Published after the run's change committed: the alert is raised in a thread and a transaction of its own. */
    @EventListener
    void runChanged(RunChanged change) {
        if (!change.phase().isFinished()) {
            return;
        }
        Thread.ofVirtual().name("alert-raise").start(() -> {
            try {
                raise(change);
            } catch (RuntimeException e) {
                log.error("alert of run {} could not be queued", change.runId(), e);
            }
        });
    }

    void raise(RunChanged change) {
        ProjectScope scope = new ProjectScope(change.accountId(), change.organization(), change.project());
        tenants.runAs(
                change.accountId(),
                () -> transactions.executeWithoutResult(status -> history.finished(scope, change.runId())
                        .flatMap(reports::alert)
                        .ifPresent(alert -> webhooks.raise(scope, alert))));
    }
}
