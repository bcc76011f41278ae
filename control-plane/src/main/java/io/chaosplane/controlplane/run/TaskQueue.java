package io.chaosplane.controlplane.run;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The claimable queue: a small table of queued and leased tasks. Tasks are claimed in one statement under
 * {@code FOR UPDATE SKIP LOCKED}, so that pollers never wait on each other; a task leaves the table when it is
 * done, and its history stays in {@code run_faults}. All calls join the caller's transaction.
 */
@Component
class TaskQueue {

    private final JdbcClient jdbc;
    private final TaskWakeups wakeups;
    private final int graceSeconds;

    TaskQueue(JdbcClient jdbc, TaskWakeups wakeups, DispatchProperties properties) {
        this.jdbc = jdbc;
        this.wakeups = wakeups;
        this.graceSeconds = (int) properties.leaseGrace().toSeconds();
    }

    /**
     * Queues the run's waiting faults of one step (or only the one given) and wakes their agents once the
     * transaction commits. A task's lease is what remains of its fault's duration, plus the grace.
     */
    void enqueue(String accountId, UUID runId, int step, UUID onlyFault, Instant now) {
        List<UUID> infrastructures = jdbc.sql("""
                        WITH queued AS (
                            UPDATE run_faults SET phase = 'Queued'
                             WHERE account_id = :account AND run_id = :run AND step_index = :step AND phase = 'Pending'
                               AND stop_reason IS NULL AND (CAST(:fault AS uuid) IS NULL OR id = :fault)
                            RETURNING id, infrastructure_id, greatest(duration_seconds - elapsed_seconds, 1) AS remaining
                        )
                        INSERT INTO task_queue (task_id, account_id, infrastructure_id, run_id, state, enqueued_at, lease_seconds)
                        SELECT id, :account, infrastructure_id, :run, 'queued', :now, remaining + :grace FROM queued
                        RETURNING infrastructure_id""")
                .param("account", accountId)
                .param("run", runId)
                .param("step", step)
                .param("fault", onlyFault)
                .param("now", Timestamp.from(now))
                .param("grace", graceSeconds)
                .query(UUID.class)
                .list();
        wakeAfterCommit(new HashSet<>(infrastructures));
    }

    /**
     * Queues a whole run as one task, for an agent that runs the steps itself: all its waiting faults are queued, and
     * one queue row, pointing at its first fault, carries the run. Its lease covers every step: the longest fault of
     * each step plus the grace, per step.
     */
    void enqueueRun(String accountId, UUID runId, Instant now) {
        List<UUID> infrastructures = jdbc.sql("""
                        WITH queued AS (
                            UPDATE run_faults SET phase = 'Queued'
                             WHERE account_id = :account AND run_id = :run AND phase = 'Pending' AND stop_reason IS NULL
                            RETURNING id, infrastructure_id, step_index, position,
                                      greatest(duration_seconds - elapsed_seconds, 1) AS remaining
                        ), carrier AS (
                            SELECT id, infrastructure_id FROM queued ORDER BY step_index, position LIMIT 1
                        ), lease AS (
                            SELECT sum(longest) + count(*) * :grace AS seconds
                              FROM (SELECT max(remaining) AS longest FROM queued GROUP BY step_index) steps
                        )
                        INSERT INTO task_queue (task_id, account_id, infrastructure_id, run_id, state, enqueued_at, lease_seconds)
                        SELECT carrier.id, :account, carrier.infrastructure_id, :run, 'queued', :now, lease.seconds
                          FROM carrier, lease
                        RETURNING infrastructure_id""")
                .param("account", accountId)
                .param("run", runId)
                .param("now", Timestamp.from(now))
                .param("grace", graceSeconds)
                .query(UUID.class)
                .list();
        wakeAfterCommit(new HashSet<>(infrastructures));
    }

    /** Hands out up to {@code limit} queued tasks of the infrastructure, oldest first, under a lease; answers their leases. */
    java.util.Map<UUID, Long> claim(String accountId, UUID infrastructureId, int limit, Instant now) {
        return jdbc
                .sql("""
                        UPDATE task_queue q
                           SET state = 'leased', leased_at = :now,
                               lease_expires_at = CAST(:now AS timestamptz) + make_interval(secs => q.lease_seconds)
                         WHERE q.task_id IN (SELECT t.task_id FROM task_queue t
                                              WHERE t.account_id = :account AND t.infrastructure_id = :infra
                                                AND t.state = 'queued'
                                              ORDER BY t.enqueued_at
                                              LIMIT :limit
                                              FOR UPDATE SKIP LOCKED)
                        RETURNING q.task_id, q.lease_seconds""")
                .param("now", Timestamp.from(now))
                .param("account", accountId)
                .param("infra", infrastructureId)
                .param("limit", limit)
                .query((rs, n) -> java.util.Map.entry(rs.getObject("task_id", UUID.class), rs.getLong("lease_seconds")))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue));
    }

    /** The names of the infrastructure's leased tasks whose run was aborted: the agent must stop them. */
    List<String> abortedTaskNames(String accountId, UUID infrastructureId) {
        return jdbc.sql("""
                        SELECT f.task_name FROM task_queue q JOIN run_faults f ON f.id = q.task_id
                         WHERE q.account_id = ? AND q.infrastructure_id = ? AND q.state = 'leased' AND q.abort_requested""")
                .params(accountId, infrastructureId)
                .query(String.class)
                .list();
    }

    boolean holdsLeases(String accountId, UUID infrastructureId) {
        return jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM task_queue WHERE account_id = ? AND infrastructure_id = ? AND state = 'leased')")
                .params(accountId, infrastructureId)
                .query(Boolean.class)
                .single();
    }

    boolean abortRequested(String accountId, UUID taskId) {
        return jdbc.sql("SELECT abort_requested FROM task_queue WHERE account_id = ? AND task_id = ?")
                .params(accountId, taskId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    void remove(String accountId, UUID taskId) {
        jdbc.sql("DELETE FROM task_queue WHERE account_id = ? AND task_id = ?")
                .params(accountId, taskId)
                .update();
    }

    /** Takes the run's tasks no agent has taken yet off the queue; answers them. */
    List<UUID> withdrawQueued(String accountId, UUID runId) {
        return jdbc.sql(
                        "DELETE FROM task_queue WHERE account_id = ? AND run_id = ? AND state = 'queued' RETURNING task_id")
                .params(accountId, runId)
                .query(UUID.class)
                .list();
    }

    /** Tells the agents holding the run's tasks to stop them (revert), and wakes them to hear it. */
    void signalStop(String accountId, UUID runId) {
        List<UUID> infrastructures =
                jdbc.sql("""
                        UPDATE task_queue SET abort_requested = true
                         WHERE account_id = ? AND run_id = ? AND state = 'leased'
                        RETURNING infrastructure_id""").params(accountId, runId).query(UUID.class).list();
        wakeAfterCommit(new HashSet<>(infrastructures));
    }

    private void wakeAfterCommit(Set<UUID> infrastructures) {
        if (infrastructures.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            infrastructures.forEach(wakeups::changed);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                infrastructures.forEach(wakeups::changed);
            }
        });
    }
}
