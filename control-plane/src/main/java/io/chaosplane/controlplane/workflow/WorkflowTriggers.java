package io.chaosplane.controlplane.workflow;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.run.RunChanged;
import io.chaosplane.controlplane.stopcondition.WorkflowConditionBreached;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When workflows move on: after a run of one of their steps changed (in the replica that changed it), and every
 * couple of seconds for every workflow in progress (suspend timeouts, and a change whose moment was lost).
 */
@Component
class WorkflowTriggers {

    private final WorkflowStore workflows;
    private final WorkflowEngine engine;
    private final TenantContext tenants;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    WorkflowTriggers(
            WorkflowStore workflows,
            WorkflowEngine engine,
            TenantContext tenants,
            TransactionTemplate transactions,
            JdbcClient jdbc) {
        this.workflows = workflows;
        this.engine = engine;
        this.tenants = tenants;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    /**
     * Published after the run's change committed, in the thread that may still hold that transaction's connection:
     * the workflows move on in a thread of their own.
     */
    @EventListener
    void runChanged(RunChanged change) {
        if (!change.phase().isFinished()) {
            return;
        }
        Thread.ofVirtual()
                .name("workflow-advance")
                .start(() -> tenants.runAs(change.accountId(), () -> {
                    List<UUID> affected = transactions.execute(
                            status -> workflows.workflowsOfRun(change.accountId(), change.runId()));
                    affected.forEach(id -> advance(change.accountId(), id));
                }));
    }

    /**
     * A stop condition of the workflow was breached: published by the evaluator inside the transaction that recorded
     * the breach, in the workflow's account; the workflow and its runs stop in that transaction.
     */
    @EventListener
    void conditionBreached(WorkflowConditionBreached breach) {
        workflows
                .lock(breach.accountId(), breach.workflowId())
                .filter(workflow -> !workflow.phase().isFinished() && workflow.abortRequestedAt() == null)
                .ifPresent(workflow -> engine.stop(workflow, breach.reason()));
    }

    @Scheduled(fixedDelayString = "${chaosplane.workflows.tick:2s}")
    void tick() {
        record Active(UUID id, String accountId) {}
        List<Active> active = jdbc.sql("SELECT * FROM active_workflows(200)")
                .query((rs, n) -> new Active(rs.getObject("id", UUID.class), rs.getString("account_id")))
                .list();
        active.forEach(
                workflow -> tenants.runAs(workflow.accountId(), () -> advance(workflow.accountId(), workflow.id())));
    }

    private void advance(String accountId, UUID workflowId) {
        transactions.executeWithoutResult(
                status -> workflows.lock(accountId, workflowId).ifPresent(engine::advance));
    }
}
