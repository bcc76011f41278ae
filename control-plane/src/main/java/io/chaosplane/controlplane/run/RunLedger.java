package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.policy.Governance;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.TaskLimits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The side of runs that locks and writes: a run with all its faults is read in one statement under the run's lock
 * ({@link RunState}), and what changes is written by id, the state in memory kept in step. Every writer of a run's
 * faults that decides from what it read holds the run's lock; the two that do not (an agent taking or starting its
 * task) guard their move in SQL with {@link FaultPhase#from}. Every query names the account; all join the caller's
 * transaction. Views for the API and the pages are {@link RunReader}'s.
 */
@Component
class RunLedger {

    private final JdbcClient jdbc;

    RunLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The fault's limits as the row keeps them (the task's {@code limits} member); null when it has none. */
    private static String limitsOf(Map<String, TaskLimits> limits, RunPlan.Fault fault) {
        TaskLimits these = limits.get(fault.name());
        return these == null || these.setsNone() ? null : ProtocolJson.mapper().writeValueAsString(these);
    }

    UUID insertRun(
            String accountId,
            RunPlan plan,
            Governance governance,
            Map<String, TaskLimits> limits,
            String createdBy,
            Instant now) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(plan.experimentId().toString())
                .query()
                .singleRow();
        UUID runId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                                                     run_sequence, phase, faults_total, faults_awaited, created_by, created_at,
                                                     dispatch, governance, awaiting_approval)
                        SELECT ?, ?, ?, ?, ?, coalesce(max(run_sequence), 0) + 1, ?, ?, ?, ?, ?, ?, ?::jsonb, ?
                          FROM experiment_runs WHERE account_id = ? AND experiment_id = ?""")
                .params(
                        runId,
                        accountId,
                        plan.experimentId(),
                        plan.organization(),
                        plan.project(),
                        RunPhase.Pending.name(),
                        plan.faultCount(),
                        plan.faultCount(),
                        createdBy,
                        Timestamp.from(now),
                        plan.wholeRun() ? "run" : "fault",
                        RunReader.GOVERNANCE_JSON.writeValueAsString(governance),
                        governance.approvalRequired(),
                        accountId,
                        plan.experimentId())
                .update();
        for (int step = 0; step < plan.steps().size(); step++) {
            List<RunPlan.Fault> faults = plan.steps().get(step);
            for (int position = 0; position < faults.size(); position++) {
                RunPlan.Fault fault = faults.get(position);
                UUID faultId = UUID.randomUUID();
                String taskName = taskName(plan.experimentName(), now, fault.name(), faultId);
                jdbc.sql("""
                                INSERT INTO run_faults (id, account_id, run_id, infrastructure_id, step_index, position, name,
                                                        fault_type, weight, chaos, duration_seconds, task_name, stream_id,
                                                        phase, verdict, limits)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb)""")
                        .params(
                                faultId,
                                accountId,
                                runId,
                                fault.infrastructureId(),
                                step,
                                position,
                                fault.name(),
                                fault.chaos().experiment(),
                                fault.weight(),
                                ProtocolJson.mapper().writeValueAsString(fault.chaos()),
                                fault.durationSeconds(),
                                taskName,
                                runId + "-" + taskName,
                                FaultPhase.Pending.name(),
                                FaultVerdict.Awaited.wireName(),
                                limitsOf(limits, fault))
                        .update();
            }
        }
        return runId;
    }

    /** As seed 001 names tasks: experiment, time, fault and a few characters that keep the name unique. */
    private static String taskName(String experiment, Instant now, String fault, UUID faultId) {
        String name = experiment + "-" + now.getEpochSecond() + "-" + fault + "-"
                + faultId.toString().substring(0, 8);
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    /** The run and its faults, the run locked for its changes. */
    Optional<RunState> lock(String accountId, UUID runId) {
        return state(STATE + " WHERE r.account_id = ? AND r.id = ?" + LOCKED, accountId, runId);
    }

    /** The run the task belongs to, locked, with its faults. */
    Optional<RunState> lockOfTask(String accountId, String taskName) {
        return lockOfFaultWhere("task_name", accountId, taskName);
    }

    /** The run the fault belongs to, locked, with its faults. */
    Optional<RunState> lockOfFault(String accountId, UUID faultId) {
        return lockOfFaultWhere("id", accountId, faultId);
    }

    private Optional<RunState> lockOfFaultWhere(String column, String accountId, Object value) {
        return state(
                STATE + " WHERE r.account_id = ? AND r.id = (SELECT run_id FROM run_faults WHERE account_id = ? AND "
                        + column + " = ?)" + LOCKED,
                accountId,
                accountId,
                value);
    }

    /** The run and its faults as they are, for a decision that needs no lock. */
    Optional<RunState> find(String accountId, UUID runId) {
        return state(
                STATE + " WHERE r.account_id = ? AND r.id = ? ORDER BY f.step_index, f.position", accountId, runId);
    }

    private static final String LOCKED = " ORDER BY f.step_index, f.position FOR UPDATE OF r";

    private static final String STATE = """
            SELECT r.id, r.experiment_id, e.name AS experiment_name, e.namespace, r.org_identifier, r.project_identifier,
                   r.run_sequence, r.phase AS run_phase, r.current_step, r.abort_requested_at, r.stopped_reason,
                   r.awaiting_approval,
                   r.dispatch, f.id AS fault_id, f.infrastructure_id, f.step_index, f.name, f.fault_type, f.weight,
                   f.chaos::text AS chaos, f.duration_seconds, f.elapsed_seconds, f.stop_reason, f.task_name,
                   f.stream_id, f.phase, f.verdict, f.probe_success_percentage, f.error_code
              FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
              JOIN run_faults f ON f.account_id = r.account_id AND f.run_id = r.id""";

    private Optional<RunState> state(String sql, Object... params) {
        List<RunRow> run = new ArrayList<>(1);
        List<FaultRow> faults = jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> {
                    if (n == 0) {
                        run.add(runRow(rs));
                    }
                    return faultRow(rs);
                })
                .list();
        return run.isEmpty() ? Optional.empty() : Optional.of(new RunState(run.getFirst(), faults));
    }

    private static RunRow runRow(ResultSet rs) throws SQLException {
        return new RunRow(
                rs.getObject("id", UUID.class),
                rs.getObject("experiment_id", UUID.class),
                rs.getString("experiment_name"),
                rs.getString("namespace"),
                rs.getString("org_identifier"),
                rs.getString("project_identifier"),
                rs.getInt("run_sequence"),
                RunPhase.valueOf(rs.getString("run_phase")),
                rs.getInt("current_step"),
                RunReader.instant(rs.getTimestamp("abort_requested_at")),
                rs.getString("stopped_reason"),
                rs.getBoolean("awaiting_approval"),
                "run".equals(rs.getString("dispatch")));
    }

    private static FaultRow faultRow(ResultSet rs) throws SQLException {
        return new FaultRow(
                rs.getObject("fault_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getObject("infrastructure_id", UUID.class),
                rs.getInt("step_index"),
                rs.getString("name"),
                rs.getString("fault_type"),
                rs.getInt("weight"),
                ProtocolJson.mapper().readValue(rs.getString("chaos"), ChaosSpec.class),
                rs.getInt("duration_seconds"),
                rs.getInt("elapsed_seconds"),
                StopReason.fromStored(rs.getString("stop_reason")),
                rs.getString("task_name"),
                rs.getString("stream_id"),
                FaultPhase.valueOf(rs.getString("phase")),
                FaultVerdict.fromWire(rs.getString("verdict")),
                rs.getBigDecimal("probe_success_percentage"),
                FaultErrorCode.of(rs.getString("error_code")));
    }

    /**
     * The fault's agent has it: it is running from now on. Taken without the run's lock, so the move is guarded
     * here; a fault that ended meanwhile stays ended.
     */
    void markRunning(String accountId, List<UUID> faultIds, Instant now) {
        if (faultIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE run_faults SET phase = :running, started_at = coalesce(started_at, :now)
                         WHERE account_id = :account AND id IN (:ids) AND phase IN (:from)""")
                .param("running", FaultPhase.Running.name())
                .param("now", Timestamp.from(now))
                .param("account", accountId)
                .param("ids", faultIds)
                .param("from", FaultPhase.from(FaultPhase.Running))
                .update();
    }

    /** The outcome of a fault, which leaves the queue with it (if it was there) in the same statement. */
    void finishFault(String accountId, FaultRow fault, Outcome outcome, Instant now) {
        if (!fault.accepts(outcome.phase())) {
            throw new IllegalStateException(
                    "fault " + fault.id() + " cannot end " + outcome.phase() + " from " + fault.phase());
        }
        jdbc.sql("""
                        WITH finished AS (
                            UPDATE run_faults
                               SET phase = ?, verdict = ?, probe_success_percentage = ?, probe_statuses = ?::jsonb,
                                   error_code = ?, error_reason = ?, result_logs = coalesce(?, result_logs),
                                   started_at = coalesce(started_at, ?), finished_at = ?, stop_reason = NULL
                             WHERE account_id = ? AND id = ?
                            RETURNING id
                        )
                        DELETE FROM task_queue q USING finished WHERE q.account_id = ? AND q.task_id = finished.id""")
                .params(
                        outcome.phase().name(),
                        outcome.verdict().wireName(),
                        outcome.probeSuccessPercentage(),
                        outcome.probeStatuses() == null
                                ? null
                                : ProtocolJson.mapper().writeValueAsString(outcome.probeStatuses()),
                        outcome.errorCode(),
                        outcome.errorReason(),
                        outcome.logs(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        accountId,
                        fault.id(),
                        accountId)
                .update();
    }

    /** The run's faults its agents are running are to be stopped for this reason (pause or abort). */
    void markStopping(String accountId, UUID runId, StopReason reason) {
        jdbc.sql("UPDATE run_faults SET stop_reason = ? WHERE account_id = ? AND run_id = ? AND phase = ?")
                .params(reason.stored(), accountId, runId, FaultPhase.Running.name())
                .update();
    }

    /** Queued faults taken off the queue by a pause wait again, as if their step had not come yet. */
    void backToPending(String accountId, List<UUID> faultIds) {
        if (faultIds.isEmpty()) {
            return;
        }
        jdbc.sql(
                        "UPDATE run_faults SET phase = :pending WHERE account_id = :account AND id IN (:ids) AND phase = :queued")
                .param("pending", FaultPhase.Pending.name())
                .param("account", accountId)
                .param("ids", faultIds)
                .param("queued", FaultPhase.Queued.name())
                .update();
    }

    /**
     * A fault its agent stopped for a pause: its time in force is kept, it runs for what is left of it when it goes
     * out again, and it waits for the resume. Answers the fault as it is now.
     */
    FaultRow paused(String accountId, FaultRow fault, Instant now) {
        int elapsed = jdbc.sql("""
                        UPDATE run_faults
                           SET phase = ?, verdict = ?, stop_reason = NULL, started_at = NULL,
                               elapsed_seconds = elapsed_seconds
                                   + coalesce(CAST(extract(epoch FROM (CAST(? AS timestamptz) - started_at)) AS integer), 0)
                         WHERE account_id = ? AND id = ?
                        RETURNING elapsed_seconds""")
                .params(
                        FaultPhase.Pending.name(),
                        FaultVerdict.Awaited.wireName(),
                        Timestamp.from(now),
                        accountId,
                        fault.id())
                .query(Integer.class)
                .single();
        return fault.paused(elapsed);
    }

    /** The fault's task as it is to be handed out next (for what is left of its duration). */
    void rewriteChaos(String accountId, FaultRow fault) {
        jdbc.sql("UPDATE run_faults SET chaos = ?::jsonb WHERE account_id = ? AND id = ?")
                .params(ProtocolJson.mapper().writeValueAsString(fault.chaos()), accountId, fault.id())
                .update();
    }

    /** The chaos of a task that runs for {@code seconds}. */
    static ChaosSpec withDuration(ChaosSpec chaos, int seconds) {
        List<io.chaosplane.protocol.linux.ExperimentInput> inputs = new ArrayList<>();
        for (io.chaosplane.protocol.linux.ExperimentInput input : chaos.inputs()) {
            if (!input.name().equalsIgnoreCase("Duration")) {
                inputs.add(input);
            }
        }
        inputs.add(new io.chaosplane.protocol.linux.ExperimentInput("Duration", seconds + "s"));
        return new ChaosSpec(chaos.experiment(), inputs, chaos.probes(), null, chaos.stopConditions());
    }

    void setPaused(String accountId, UUID runId, RunPhase phase, Instant pausedAt) {
        jdbc.sql("UPDATE experiment_runs SET phase = ?, paused_at = ? WHERE account_id = ? AND id = ?")
                .params(phase.name(), pausedAt == null ? null : Timestamp.from(pausedAt), accountId, runId)
                .update();
    }

    /** Faults of the run that never started: stopped, never to run. */
    void stopUnstarted(String accountId, UUID runId, Instant now) {
        jdbc.sql("""
                        UPDATE run_faults SET phase = :stopped, verdict = :verdict, finished_at = :now, stop_reason = NULL
                         WHERE account_id = :account AND run_id = :run AND phase IN (:unstarted)""")
                .param("stopped", FaultPhase.Stopped.name())
                .param("verdict", FaultVerdict.Stopped.wireName())
                .param("now", Timestamp.from(now))
                .param("account", accountId)
                .param("run", runId)
                .param("unstarted", List.of(FaultPhase.Pending.name(), FaultPhase.Queued.name()))
                .update();
    }

    void updateRun(
            String accountId,
            UUID runId,
            RunPhase phase,
            int currentStep,
            Tally tally,
            String message,
            Instant startedAt,
            Instant finishedAt) {
        jdbc.sql("""
                        UPDATE experiment_runs
                           SET phase = ?, current_step = ?, resiliency_score = ?, faults_passed = ?, faults_failed = ?,
                               faults_awaited = ?, faults_stopped = ?, faults_na = ?, message = coalesce(?, message),
                               started_at = coalesce(started_at, ?), finished_at = coalesce(?, finished_at)
                         WHERE account_id = ? AND id = ?""")
                .params(
                        phase.name(),
                        currentStep,
                        tally.score(),
                        tally.passed(),
                        tally.failed(),
                        tally.awaited(),
                        tally.stopped(),
                        tally.notApplicable(),
                        message,
                        startedAt == null ? null : Timestamp.from(startedAt),
                        finishedAt == null ? null : Timestamp.from(finishedAt),
                        accountId,
                        runId)
                .update();
    }

    void approve(String accountId, UUID runId, String approver, Instant now) {
        jdbc.sql(
                        "UPDATE experiment_runs SET awaiting_approval = false, approved_by = ?, approved_at = ? WHERE account_id = ? AND id = ?")
                .params(approver, Timestamp.from(now), accountId, runId)
                .update();
    }

    void requestAbort(String accountId, UUID runId, Instant now) {
        jdbc.sql(
                        "UPDATE experiment_runs SET abort_requested_at = coalesce(abort_requested_at, ?) WHERE account_id = ? AND id = ?")
                .params(Timestamp.from(now), accountId, runId)
                .update();
    }

    /** A safety stop (a halt) of the run, with its reason: as an abort, but the run ends Stopped. */
    void requestStop(String accountId, UUID runId, Instant now, String reason) {
        jdbc.sql("""
                        UPDATE experiment_runs
                           SET abort_requested_at = coalesce(abort_requested_at, ?), stopped_reason = ?
                         WHERE account_id = ? AND id = ?""").params(Timestamp.from(now), reason, accountId, runId).update();
    }

    /**
     * The runs of the account not yet finished (nor being aborted) whose project is the one named (any, when null),
     * and that have a fault on an infrastructure of the environment, or on the infrastructure, named (any, when null).
     */
    List<UUID> unfinishedRuns(
            String accountId, String organization, String project, String environment, UUID infrastructureId) {
        return jdbc.sql("""
                        SELECT r.id FROM experiment_runs r
                         WHERE r.account_id = :account AND r.phase IN (:unfinished) AND r.abort_requested_at IS NULL
                           AND (CAST(:org AS text) IS NULL OR r.org_identifier = :org)
                           AND (CAST(:project AS text) IS NULL OR r.project_identifier = :project)
                           AND (CAST(:infra AS uuid) IS NULL AND CAST(:env AS text) IS NULL
                                OR EXISTS (SELECT 1 FROM run_faults f JOIN infrastructures i
                                             ON i.account_id = f.account_id AND i.id = f.infrastructure_id
                                            WHERE f.account_id = :account AND f.run_id = r.id
                                              AND (CAST(:infra AS uuid) IS NULL OR i.id = :infra)
                                              AND (CAST(:env AS text) IS NULL OR i.environment_identifier = :env)))
                         ORDER BY r.created_at""")
                .param("account", accountId)
                .param(
                        "unfinished",
                        Arrays.stream(RunPhase.values())
                                .filter(phase -> !phase.isFinished())
                                .map(RunPhase::name)
                                .toList())
                .param("org", organization)
                .param("project", project)
                .param("env", environment)
                .param("infra", infrastructureId)
                .query(UUID.class)
                .list();
    }
}
