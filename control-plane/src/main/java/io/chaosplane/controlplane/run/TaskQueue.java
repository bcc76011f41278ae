package io.chaosplane.controlplane.run;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.TaskLimits;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
    private final DispatchMetrics metrics;
    private final int graceSeconds;

    TaskQueue(JdbcClient jdbc, TaskWakeups wakeups, DispatchMetrics metrics, DispatchProperties properties) {
        this.jdbc = jdbc;
        this.wakeups = wakeups;
        this.metrics = metrics;
        this.graceSeconds = (int) properties.leaseGrace().toSeconds();
    }

    /**
     * Queues the run's waiting faults of one step (or only the one given) and wakes their agents once the
     * transaction commits. A task's lease is what remains of its fault's duration, plus the grace.
     *
     * @return the faults queued
     */
    List<UUID> enqueue(String accountId, UUID runId, int step, UUID onlyFault, Instant now) {
        record Queued(UUID faultId, UUID infrastructureId) {}
        List<Queued> queued = jdbc.sql("""
                        WITH queued AS (
                            UPDATE run_faults SET phase = :queued
                             WHERE account_id = :account AND run_id = :run AND step_index = :step AND phase = :pending
                               AND stop_reason IS NULL AND (CAST(:fault AS uuid) IS NULL OR id = :fault)
                            RETURNING id, infrastructure_id, greatest(duration_seconds - elapsed_seconds, 1) AS remaining
                        )
                        INSERT INTO task_queue (task_id, account_id, infrastructure_id, run_id, state, enqueued_at, lease_seconds)
                        SELECT id, :account, infrastructure_id, :run, 'queued', :now, remaining + :grace FROM queued
                        RETURNING task_id, infrastructure_id""")
                .param("queued", FaultPhase.Queued.name())
                .param("pending", FaultPhase.Pending.name())
                .param("account", accountId)
                .param("run", runId)
                .param("step", step)
                .param("fault", onlyFault)
                .param("now", Timestamp.from(now))
                .param("grace", graceSeconds)
                .query((rs, n) ->
                        new Queued(rs.getObject("task_id", UUID.class), rs.getObject("infrastructure_id", UUID.class)))
                .list();
        wakeAfterCommit(queued.stream().map(Queued::infrastructureId).collect(Collectors.toSet()));
        return queued.stream().map(Queued::faultId).toList();
    }

    /**
     * Queues a whole run as one task, for an agent that runs the steps itself: all its waiting faults are queued, and
     * one queue row, pointing at its first fault, carries the run. Its lease covers every step: the longest fault of
     * each step plus the grace, per step.
     */
    void enqueueRun(String accountId, UUID runId, Instant now) {
        List<UUID> infrastructures = jdbc.sql("""
                        WITH queued AS (
                            UPDATE run_faults SET phase = :queued
                             WHERE account_id = :account AND run_id = :run AND phase = :pending AND stop_reason IS NULL
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
                .param("queued", FaultPhase.Queued.name())
                .param("pending", FaultPhase.Pending.name())
                .param("account", accountId)
                .param("run", runId)
                .param("now", Timestamp.from(now))
                .param("grace", graceSeconds)
                .query(UUID.class)
                .list();
        wakeAfterCommit(new HashSet<>(infrastructures));
    }

    /** A task handed out by a claim: its fault's parts that make the agent's task, and its lease. */
    record Claimed(
            UUID faultId,
            UUID runId,
            RunPhase runPhase,
            String taskName,
            String streamId,
            ChaosSpec chaos,
            long leaseSeconds,
            TaskLimits limits) {}

    /**
     * What a poll hands the agent: the tasks it claimed, the names of its leased tasks whose run was aborted or paused
     * (it must stop them), those of them that are paused (they come back), and whether it holds any lease.
     */
    record Claim(
            List<Claimed> tasks, List<String> abortedTaskNames, List<String> pausedTaskNames, boolean holdsLeases) {}

    /**
     * In one statement: hands out up to {@code limit} queued tasks of the infrastructure, oldest first, under a lease,
     * marks their faults running (unless they ended meanwhile), and reads what else the agent must know: its leased
     * tasks to stop, and whether it holds any lease (before this claim's).
     */
    Claim claim(String accountId, UUID infrastructureId, int limit, Instant now) {
        List<String> aborted = new ArrayList<>();
        List<String> paused = new ArrayList<>();
        boolean[] holdsLeases = {false};
        List<Claimed> tasks = new ArrayList<>();
        jdbc.sql("""
                        WITH claimed AS (
                            UPDATE task_queue q
                               SET state = 'leased', leased_at = :now,
                                   lease_expires_at = CAST(:now AS timestamptz) + make_interval(secs => q.lease_seconds)
                             WHERE q.task_id IN (SELECT t.task_id FROM task_queue t
                                                  WHERE t.account_id = :account AND t.infrastructure_id = :infra
                                                    AND t.state = 'queued'
                                                  ORDER BY t.enqueued_at
                                                  LIMIT :limit
                                                  FOR UPDATE SKIP LOCKED)
                            RETURNING q.task_id, q.lease_seconds, q.enqueued_at
                        ), running AS (
                            UPDATE run_faults f SET phase = :running, started_at = coalesce(f.started_at, :now)
                              FROM claimed c
                             WHERE f.account_id = :account AND f.id = c.task_id AND f.phase IN (:from)
                        ), news AS (
                            SELECT ARRAY(SELECT af.task_name FROM task_queue aq JOIN run_faults af ON af.id = aq.task_id
                                          WHERE aq.account_id = :account AND aq.infrastructure_id = :infra
                                            AND aq.state = 'leased' AND aq.abort_requested
                                          ORDER BY af.task_name) AS aborted,
                                   ARRAY(SELECT pf.task_name FROM task_queue pq JOIN run_faults pf ON pf.id = pq.task_id
                                          WHERE pq.account_id = :account AND pq.infrastructure_id = :infra
                                            AND pq.state = 'leased' AND pq.abort_requested
                                            AND pf.stop_reason = :pause
                                          ORDER BY pf.task_name) AS paused,
                                   EXISTS (SELECT 1 FROM task_queue lq
                                            WHERE lq.account_id = :account AND lq.infrastructure_id = :infra
                                              AND lq.state = 'leased') AS holds_leases
                        )
                        SELECT news.aborted, news.paused, news.holds_leases, c.task_id, c.lease_seconds, c.enqueued_at, f.run_id, r.phase AS run_phase,
                               f.task_name, f.stream_id, f.chaos::text AS chaos, f.limits::text AS limits
                          FROM news
                          LEFT JOIN claimed c ON true
                          LEFT JOIN run_faults f ON f.account_id = :account AND f.id = c.task_id
                          LEFT JOIN experiment_runs r ON r.account_id = :account AND r.id = f.run_id
                         ORDER BY f.step_index, f.position""")
                .param("now", Timestamp.from(now))
                .param("account", accountId)
                .param("infra", infrastructureId)
                .param("limit", limit)
                .param("running", FaultPhase.Running.name())
                .param("from", FaultPhase.from(FaultPhase.Running))
                .param("pause", StopReason.PAUSE.stored())
                .query((rs, n) -> {
                    if (n == 0) {
                        aborted.addAll(List.of((String[]) rs.getArray("aborted").getArray()));
                        paused.addAll(List.of((String[]) rs.getArray("paused").getArray()));
                        holdsLeases[0] = rs.getBoolean("holds_leases");
                    }
                    UUID taskId = rs.getObject("task_id", UUID.class);
                    if (taskId != null) {
                        tasks.add(new Claimed(
                                taskId,
                                rs.getObject("run_id", UUID.class),
                                RunPhase.valueOf(rs.getString("run_phase")),
                                rs.getString("task_name"),
                                rs.getString("stream_id"),
                                ProtocolJson.mapper().readValue(rs.getString("chaos"), ChaosSpec.class),
                                rs.getLong("lease_seconds"),
                                rs.getString("limits") == null
                                        ? null
                                        : ProtocolJson.mapper().readValue(rs.getString("limits"), TaskLimits.class)));
                        metrics.claimed(
                                Duration.between(rs.getTimestamp("enqueued_at").toInstant(), now));
                    }
                    return null;
                })
                .list();
        return new Claim(List.copyOf(tasks), List.copyOf(aborted), List.copyOf(paused), holdsLeases[0]);
    }

    /**
     * Whether a claim would hand the agent anything: a queued task, or a leased one to stop. The safety re-check of a
     * waiting poll, in case a wake-up was lost: one statement, outside any transaction, so it goes through a function
     * that takes the agent's account explicitly (a transaction would first cost a statement to name its tenant).
     */
    boolean hasNews(String accountId, UUID infrastructureId) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT task_news(?, ?)")
                .params(accountId, infrastructureId)
                .query(Boolean.class)
                .single());
    }

    /**
     * What a status post found: whether it came for the attempt the task was handed out as, whether to stop, and
     * whether the stop is a pause.
     */
    record StatusReport(boolean handedOut, boolean abort, boolean pause) {}

    /**
     * An agent's status post for a task, in one statement: when it runs the task, a fault still queued is marked
     * running. Answers whether the agent must stop the task, empty when the task is not the infrastructure's.
     */
    Optional<StatusReport> report(
            String accountId, UUID infrastructureId, String taskName, UUID lceUid, boolean running, Instant now) {
        return jdbc.sql("""
                        WITH fault AS (
                            SELECT id, stop_reason FROM run_faults
                             WHERE account_id = :account AND task_name = :task AND infrastructure_id = :infra
                        ), started AS (
                            UPDATE run_faults f SET phase = :running, started_at = coalesce(f.started_at, :now)
                              FROM fault
                             WHERE :runs AND fault.id = :lce AND f.account_id = :account AND f.id = fault.id
                               AND f.phase = :queued
                        )
                        SELECT fault.id = :lce AS handed_out, coalesce(q.abort_requested, false) AS abort,
                               coalesce(q.abort_requested AND fault.stop_reason = :pause, false) AS pause
                          FROM fault LEFT JOIN task_queue q ON q.account_id = :account AND q.task_id = fault.id""")
                .param("account", accountId)
                .param("task", taskName)
                .param("infra", infrastructureId)
                .param("lce", lceUid)
                .param("running", FaultPhase.Running.name())
                .param("now", Timestamp.from(now))
                .param("runs", running)
                .param("queued", FaultPhase.Queued.name())
                .param("pause", StopReason.PAUSE.stored())
                .query((rs, n) ->
                        new StatusReport(rs.getBoolean("handed_out"), rs.getBoolean("abort"), rs.getBoolean("pause")))
                .optional();
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
