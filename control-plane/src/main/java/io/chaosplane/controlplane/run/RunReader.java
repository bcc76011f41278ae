package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.common.ListQuery;
import io.chaosplane.controlplane.policy.Governance;
import io.chaosplane.controlplane.run.RunViews.FaultView;
import io.chaosplane.controlplane.run.RunViews.RunSummary;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.controlplane.run.RunViews.StepView;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.service.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The side of runs that reads views for the API and the pages: a run with its node tree, run summaries for lists.
 * Nothing here locks or writes ({@link RunLedger} does). Every query names the account; all join the caller's
 * transaction.
 */
@Component
class RunReader {

    /** Governance is written with Jackson's own annotations (seed 001's capitalized members), not the agent mapping. */
    static final JsonMapper GOVERNANCE_JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    RunReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The fault whose log stream this is: which infrastructure's agent may write to it. */
    Optional<UUID> infrastructureOfStream(String accountId, String streamId) {
        return jdbc
                .sql("SELECT infrastructure_id FROM run_faults WHERE account_id = ? AND stream_id = ?")
                .params(accountId, streamId)
                .query(UUID.class)
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
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
                                : GOVERNANCE_JSON.readValue(rs.getString("governance"), Governance.class),
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

    List<RunSummary> summaries(String accountId, UUID experimentId, Paging paging, Cursor after) {
        ListQuery query = summariesQuery(accountId, experimentId, paging, after);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query((rs, n) -> summary(rs))
                .list();
    }

    /**
     * A page of an experiment's runs: a range scan of experiment_runs_experiment_idx from the cursor's run sequence
     * (unique within the experiment, so it is the whole key), or past {@code offset} runs.
     */
    static ListQuery summariesQuery(String accountId, UUID experimentId, Paging paging, Cursor after) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("account", accountId);
        params.put("experiment", experimentId);
        params.put("limit", paging.limit());
        StringBuilder sql = new StringBuilder("""
                SELECT r.*, e.name AS experiment_name, e.namespace
                  FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                 WHERE r.account_id = :account AND r.experiment_id = :experiment""");
        if (after != null) {
            sql.append(" AND r.run_sequence < :afterSequence");
            params.put("afterSequence", (int) Math.clamp(after.number(0), Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        sql.append(" ORDER BY r.run_sequence DESC LIMIT :limit");
        if (paging.offset() > 0) {
            sql.append(" OFFSET :offset");
            params.put("offset", paging.offset());
        }
        return new ListQuery(sql.toString(), params);
    }

    static final String CURSOR = "runs";

    static ListQuery countQuery(String accountId, UUID experimentId) {
        return new ListQuery(
                "SELECT count(*) FROM experiment_runs WHERE account_id = :account AND experiment_id = :experiment",
                Map.of("account", accountId, "experiment", experimentId));
    }

    long countRuns(String accountId, UUID experimentId) {
        ListQuery query = countQuery(accountId, experimentId);
        return jdbc.sql(query.sql()).params(query.params()).query(Long.class).single();
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

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
