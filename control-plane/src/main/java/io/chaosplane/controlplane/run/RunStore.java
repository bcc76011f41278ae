package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.policy.Governance;
import io.chaosplane.controlplane.run.RunViews.FaultView;
import io.chaosplane.controlplane.run.RunViews.RunSummary;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.controlplane.run.RunViews.StepView;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ProbeStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/** Reads and writes runs and their faults. Every query names the account; all join the caller's transaction. */
@Component
class RunStore {

    /** The parts of a fault the state machine works with. */
    record FaultRow(
            UUID id,
            UUID runId,
            UUID infrastructureId,
            int step,
            String name,
            String faultType,
            int weight,
            ChaosSpec chaos,
            int durationSeconds,
            int elapsedSeconds,
            String stopReason,
            String taskName,
            String streamId,
            FaultPhase phase,
            FaultVerdict verdict,
            BigDecimal probeSuccessPercentage) {

        /** What is left of the fault's duration after its time in force before pauses. */
        int remainingSeconds() {
            return Math.max(1, durationSeconds - elapsedSeconds);
        }
    }

    /** The parts of a run the state machine works with. */
    record RunRow(
            UUID id,
            UUID experimentId,
            String experimentName,
            String namespace,
            String organization,
            String project,
            int runSequence,
            RunPhase phase,
            int currentStep,
            Instant abortRequestedAt,
            boolean wholeRun) {}

    // Governance is written with Jackson's own annotations (seed 001's capitalized members), not the agent mapping
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final JdbcClient jdbc;

    RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID insertRun(String accountId, RunPlan plan, String createdBy, Instant now) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(plan.experimentId().toString())
                .query()
                .singleRow();
        int sequence = jdbc.sql(
                        "SELECT coalesce(max(run_sequence), 0) + 1 FROM experiment_runs WHERE account_id = ? AND experiment_id = ?")
                .params(accountId, plan.experimentId())
                .query(Integer.class)
                .single();
        UUID runId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                                                     run_sequence, phase, faults_total, faults_awaited, created_by, created_at,
                                                     dispatch)
                        VALUES (?, ?, ?, ?, ?, ?, 'Pending', ?, ?, ?, ?, ?)""")
                .params(
                        runId,
                        accountId,
                        plan.experimentId(),
                        plan.organization(),
                        plan.project(),
                        sequence,
                        plan.faultCount(),
                        plan.faultCount(),
                        createdBy,
                        Timestamp.from(now),
                        plan.wholeRun() ? "run" : "fault")
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
                                                        phase, verdict)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 'Pending', 'Awaited')""")
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
                                runId + "-" + taskName)
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

    Optional<RunRow> lockRun(String accountId, UUID runId) {
        return jdbc.sql(RUN_ROW + " WHERE r.account_id = ? AND r.id = ? FOR UPDATE OF r")
                .params(accountId, runId)
                .query(RunStore::runRow)
                .optional();
    }

    Optional<RunRow> findRun(String accountId, UUID runId) {
        return jdbc.sql(RUN_ROW + " WHERE r.account_id = ? AND r.id = ?")
                .params(accountId, runId)
                .query(RunStore::runRow)
                .optional();
    }

    private static final String RUN_ROW = """
            SELECT r.id, r.experiment_id, e.name AS experiment_name, e.namespace, r.org_identifier, r.project_identifier,
                   r.run_sequence, r.phase, r.current_step, r.abort_requested_at, r.dispatch
              FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id""";

    private static RunRow runRow(ResultSet rs, int n) throws SQLException {
        return new RunRow(
                rs.getObject("id", UUID.class),
                rs.getObject("experiment_id", UUID.class),
                rs.getString("experiment_name"),
                rs.getString("namespace"),
                rs.getString("org_identifier"),
                rs.getString("project_identifier"),
                rs.getInt("run_sequence"),
                RunPhase.valueOf(rs.getString("phase")),
                rs.getInt("current_step"),
                instant(rs.getTimestamp("abort_requested_at")),
                "run".equals(rs.getString("dispatch")));
    }

    List<FaultRow> faultsOf(String accountId, UUID runId) {
        return jdbc.sql(FAULT_ROW + " WHERE account_id = ? AND run_id = ? ORDER BY step_index, position")
                .params(accountId, runId)
                .query(RunStore::faultRow)
                .list();
    }

    Optional<FaultRow> lockFaultByTaskName(String accountId, String taskName) {
        return oneFault("task_name = ? FOR UPDATE", accountId, taskName);
    }

    Optional<FaultRow> findFaultByTaskName(String accountId, String taskName) {
        return oneFault("task_name = ?", accountId, taskName);
    }

    Optional<FaultRow> findFaultByStreamId(String accountId, String streamId) {
        return oneFault("stream_id = ?", accountId, streamId);
    }

    Optional<FaultRow> lockFault(String accountId, UUID faultId) {
        return oneFault("id = ? FOR UPDATE", accountId, faultId);
    }

    /** The fault of the account that {@code condition} (on one more parameter) picks. */
    private Optional<FaultRow> oneFault(String condition, String accountId, Object value) {
        return jdbc.sql(FAULT_ROW + " WHERE account_id = ? AND " + condition)
                .params(accountId, value)
                .query(RunStore::faultRow)
                .optional();
    }

    List<FaultRow> faultsByIds(String accountId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(FAULT_ROW + " WHERE account_id = :account AND id IN (:ids) ORDER BY step_index, position")
                .param("account", accountId)
                .param("ids", ids)
                .query(RunStore::faultRow)
                .list();
    }

    private static final String FAULT_ROW = """
            SELECT id, run_id, infrastructure_id, step_index, name, fault_type, weight, chaos::text AS chaos,
                   duration_seconds, elapsed_seconds, stop_reason, task_name, stream_id, phase, verdict,
                   probe_success_percentage
              FROM run_faults""";

    private static FaultRow faultRow(ResultSet rs, int n) throws SQLException {
        return new FaultRow(
                rs.getObject("id", UUID.class),
                rs.getObject("run_id", UUID.class),
                rs.getObject("infrastructure_id", UUID.class),
                rs.getInt("step_index"),
                rs.getString("name"),
                rs.getString("fault_type"),
                rs.getInt("weight"),
                ProtocolJson.mapper().readValue(rs.getString("chaos"), ChaosSpec.class),
                rs.getInt("duration_seconds"),
                rs.getInt("elapsed_seconds"),
                rs.getString("stop_reason"),
                rs.getString("task_name"),
                rs.getString("stream_id"),
                FaultPhase.valueOf(rs.getString("phase")),
                FaultVerdict.fromWire(rs.getString("verdict")),
                rs.getBigDecimal("probe_success_percentage"));
    }

    /** The fault's agent has it: it is running from now on. */
    void markRunning(String accountId, List<UUID> faultIds, Instant now) {
        if (faultIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE run_faults SET phase = 'Running', started_at = coalesce(started_at, :now)
                         WHERE account_id = :account AND id IN (:ids) AND phase IN ('Pending', 'Queued')""")
                .param("now", Timestamp.from(now))
                .param("account", accountId)
                .param("ids", faultIds)
                .update();
    }

    /** The outcome of a fault; the caller has locked it. */
    void finishFault(
            String accountId,
            UUID faultId,
            FaultPhase phase,
            FaultVerdict verdict,
            BigDecimal probeSuccess,
            List<ProbeStatus> probeStatuses,
            String errorCode,
            String errorReason,
            String logs,
            Instant now) {
        jdbc.sql("""
                        UPDATE run_faults
                           SET phase = ?, verdict = ?, probe_success_percentage = ?, probe_statuses = ?::jsonb,
                               error_code = ?, error_reason = ?, result_logs = coalesce(?, result_logs),
                               started_at = coalesce(started_at, ?), finished_at = ?
                         WHERE account_id = ? AND id = ?""")
                .params(
                        phase.name(),
                        verdict.wireName(),
                        probeSuccess,
                        probeStatuses == null ? null : ProtocolJson.mapper().writeValueAsString(probeStatuses),
                        errorCode,
                        errorReason,
                        logs,
                        Timestamp.from(now),
                        Timestamp.from(now),
                        accountId,
                        faultId)
                .update();
    }

    String errorCode(String accountId, UUID faultId) {
        return jdbc.sql("SELECT error_code FROM run_faults WHERE account_id = ? AND id = ?")
                .params(accountId, faultId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /** The run's faults its agents are running are to be stopped for this reason (pause or abort). */
    void markStopping(String accountId, UUID runId, String reason) {
        jdbc.sql("UPDATE run_faults SET stop_reason = ? WHERE account_id = ? AND run_id = ? AND phase = 'Running'")
                .params(reason, accountId, runId)
                .update();
    }

    /** Queued faults taken off the queue by a pause wait again, as if their step had not come yet. */
    void backToPending(String accountId, List<UUID> faultIds) {
        if (faultIds.isEmpty()) {
            return;
        }
        jdbc.sql(
                        "UPDATE run_faults SET phase = 'Pending' WHERE account_id = :account AND id IN (:ids) AND phase = 'Queued'")
                .param("account", accountId)
                .param("ids", faultIds)
                .update();
    }

    /** A fault its agent stopped for a pause: its time in force is kept, and it waits for the resume. */
    void paused(String accountId, UUID faultId, Instant now) {
        jdbc.sql("""
                        UPDATE run_faults
                           SET phase = 'Pending', verdict = 'Awaited', stop_reason = NULL, started_at = NULL,
                               elapsed_seconds = elapsed_seconds
                                   + coalesce(CAST(extract(epoch FROM (CAST(? AS timestamptz) - started_at)) AS integer), 0)
                         WHERE account_id = ? AND id = ?""").params(Timestamp.from(now), accountId, faultId).update();
    }

    /** The fault's task runs for what is left of its duration. */
    void rewriteChaos(String accountId, UUID faultId, ChaosSpec chaos) {
        jdbc.sql("UPDATE run_faults SET chaos = ?::jsonb WHERE account_id = ? AND id = ?")
                .params(ProtocolJson.mapper().writeValueAsString(chaos), accountId, faultId)
                .update();
    }

    void setPaused(String accountId, UUID runId, RunPhase phase, Instant pausedAt) {
        jdbc.sql("UPDATE experiment_runs SET phase = ?, paused_at = ? WHERE account_id = ? AND id = ?")
                .params(phase.name(), pausedAt == null ? null : Timestamp.from(pausedAt), accountId, runId)
                .update();
    }

    /** Faults of the run that never started: stopped, never to run. */
    void stopUnstarted(String accountId, UUID runId, Instant now) {
        jdbc.sql("""
                        UPDATE run_faults SET phase = 'Stopped', verdict = 'Stopped', finished_at = ?, stop_reason = NULL
                         WHERE account_id = ? AND run_id = ? AND phase IN ('Pending', 'Queued')""").params(Timestamp.from(now), accountId, runId).update();
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

    void setGovernance(String accountId, UUID runId, Governance governance) {
        jdbc.sql(
                        "UPDATE experiment_runs SET governance = ?::jsonb, awaiting_approval = ? WHERE account_id = ? AND id = ?")
                .params(JSON.writeValueAsString(governance), governance.approvalRequired(), accountId, runId)
                .update();
    }

    boolean awaitingApproval(String accountId, UUID runId) {
        return jdbc.sql("SELECT awaiting_approval FROM experiment_runs WHERE account_id = ? AND id = ?")
                .params(accountId, runId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
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

    Optional<RunView> view(String accountId, UUID runId) {
        Optional<RunView> head = jdbc.sql("""
                        SELECT r.*, e.name AS experiment_name, e.namespace
                          FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                         WHERE r.account_id = ? AND r.id = ?""")
                .params(accountId, runId)
                .query((rs, n) -> new RunView(
                        rs.getObject("id", UUID.class),
                        rs.getObject("experiment_id", UUID.class),
                        rs.getString("experiment_name"),
                        rs.getString("namespace"),
                        rs.getString("org_identifier"),
                        rs.getString("project_identifier"),
                        rs.getInt("run_sequence"),
                        RunPhase.valueOf(rs.getString("phase")),
                        rs.getBigDecimal("resiliency_score"),
                        rs.getInt("faults_total"),
                        rs.getInt("faults_passed"),
                        rs.getInt("faults_failed"),
                        rs.getInt("faults_awaited"),
                        rs.getInt("faults_stopped"),
                        rs.getInt("faults_na"),
                        rs.getString("message"),
                        rs.getString("created_by"),
                        instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("finished_at")),
                        rs.getString("governance") == null
                                ? null
                                : JSON.readValue(rs.getString("governance"), Governance.class),
                        rs.getBoolean("awaiting_approval"),
                        rs.getString("approved_by"),
                        List.of()))
                .optional();
        return head.map(run -> withSteps(accountId, run));
    }

    private RunView withSteps(String accountId, RunView run) {
        List<FaultView> faults = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        jdbc.sql("""
                        SELECT step_index, name, fault_type, infrastructure_id, weight, phase, verdict, probe_success_percentage,
                               probe_statuses::text AS probe_statuses, error_code, error_reason, task_name, stream_id,
                               started_at, finished_at
                          FROM run_faults WHERE account_id = ? AND run_id = ? ORDER BY step_index, position""")
                .params(accountId, run.runId())
                .query((rs, n) -> {
                    steps.add(rs.getInt("step_index"));
                    String statuses = rs.getString("probe_statuses");
                    faults.add(new FaultView(
                            rs.getString("name"),
                            rs.getString("fault_type"),
                            rs.getObject("infrastructure_id", UUID.class),
                            rs.getInt("weight"),
                            FaultPhase.valueOf(rs.getString("phase")),
                            FaultVerdict.fromWire(rs.getString("verdict")),
                            rs.getBigDecimal("probe_success_percentage"),
                            statuses == null
                                    ? List.of()
                                    : ProtocolJson.mapper()
                                            .readValue(statuses, new TypeReference<List<ProbeStatus>>() {}),
                            rs.getString("error_code"),
                            rs.getString("error_reason"),
                            rs.getString("task_name"),
                            rs.getString("stream_id"),
                            instant(rs.getTimestamp("started_at")),
                            instant(rs.getTimestamp("finished_at"))));
                    return null;
                })
                .list();
        List<StepView> stepViews = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            int step = steps.get(i);
            if (stepViews.size() <= step) {
                stepViews.add(new StepView(step, "", new ArrayList<>()));
            }
            stepViews.get(step).faults().add(faults.get(i));
        }
        List<StepView> finished = stepViews.stream()
                .map(step -> new StepView(step.index(), stepPhase(step.faults()), List.copyOf(step.faults())))
                .toList();
        return new RunView(
                run.runId(),
                run.experimentId(),
                run.experimentName(),
                run.namespace(),
                run.organizationIdentifier(),
                run.projectIdentifier(),
                run.runSequence(),
                run.phase(),
                run.resiliencyScore(),
                run.faultsTotal(),
                run.faultsPassed(),
                run.faultsFailed(),
                run.faultsAwaited(),
                run.faultsStopped(),
                run.faultsNA(),
                run.message(),
                run.createdBy(),
                run.createdAt(),
                run.startedAt(),
                run.finishedAt(),
                run.governance(),
                run.awaitingApproval(),
                run.approvedBy(),
                finished);
    }

    /** A step is as far as its least advanced fault. */
    private static String stepPhase(List<FaultView> faults) {
        List<FaultPhase> phases = faults.stream().map(FaultView::phase).toList();
        if (phases.stream().allMatch(FaultPhase::isTerminal)) {
            if (phases.contains(FaultPhase.Error)) {
                return FaultPhase.Error.name();
            }
            return phases.stream().allMatch(phase -> phase == FaultPhase.Stopped)
                    ? FaultPhase.Stopped.name()
                    : FaultPhase.Completed.name();
        }
        return Arrays.stream(FaultPhase.values())
                .filter(phases::contains)
                .findFirst()
                .map(FaultPhase::name)
                .orElse(FaultPhase.Pending.name());
    }

    List<RunSummary> summaries(String accountId, UUID experimentId, int limit, int offset) {
        return jdbc.sql("""
                        SELECT r.*, e.name AS experiment_name, e.namespace
                          FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                         WHERE r.account_id = ? AND r.experiment_id = ?
                         ORDER BY r.run_sequence DESC LIMIT ? OFFSET ?""")
                .params(accountId, experimentId, limit, offset)
                .query((rs, n) -> summary(rs))
                .list();
    }

    long countRuns(String accountId, UUID experimentId) {
        return jdbc.sql("SELECT count(*) FROM experiment_runs WHERE account_id = ? AND experiment_id = ?")
                .params(accountId, experimentId)
                .query(Long.class)
                .single();
    }

    /** The latest run of each experiment, for experiment lists. */
    List<RunSummary> latestRuns(String accountId, List<UUID> experimentIds) {
        if (experimentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT DISTINCT ON (r.experiment_id) r.*, e.name AS experiment_name, e.namespace
                          FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                         WHERE r.account_id = :account AND r.experiment_id IN (:ids)
                         ORDER BY r.experiment_id, r.run_sequence DESC""")
                .param("account", accountId)
                .param("ids", experimentIds)
                .query((rs, n) -> summary(rs))
                .list();
    }

    static RunSummary summary(ResultSet rs) throws SQLException {
        return new RunSummary(
                rs.getObject("id", UUID.class),
                rs.getObject("experiment_id", UUID.class),
                rs.getString("experiment_name"),
                rs.getString("namespace"),
                rs.getInt("run_sequence"),
                RunPhase.valueOf(rs.getString("phase")),
                rs.getBigDecimal("resiliency_score"),
                rs.getInt("faults_total"),
                rs.getInt("faults_passed"),
                rs.getInt("faults_failed"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    static String describe(List<FaultRow> faults) {
        return faults.stream().map(FaultRow::name).collect(Collectors.joining(", "));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
