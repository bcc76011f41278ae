package io.chaosplane.controlplane.workflow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and writes workflows and their steps; every query names the account; all join the caller's transaction. */
@Component
class WorkflowStore {

    record WorkflowRow(
            UUID id,
            String accountId,
            String organization,
            String project,
            String namespace,
            String name,
            String manifest,
            WorkflowPhase phase,
            String message,
            String createdBy,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Instant abortRequestedAt) {}

    record NodeRow(
            String name,
            String type,
            WorkflowPhase phase,
            UUID runId,
            UUID experimentId,
            String message,
            Instant startedAt,
            Instant finishedAt,
            Instant deadlineAt,
            boolean resumed) {}

    private final JdbcClient jdbc;

    WorkflowStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(WorkflowRow workflow) {
        jdbc.sql("""
                        INSERT INTO workflows (id, account_id, org_identifier, project_identifier, namespace, name, manifest,
                                               phase, created_by, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")
                .params(
                        workflow.id(),
                        workflow.accountId(),
                        workflow.organization(),
                        workflow.project(),
                        workflow.namespace(),
                        workflow.name(),
                        workflow.manifest(),
                        workflow.phase().name(),
                        workflow.createdBy(),
                        Timestamp.from(workflow.createdAt()),
                        Timestamp.from(workflow.createdAt()))
                .update();
    }

    void insertNode(String accountId, UUID workflowId, String name, String type, UUID experimentId) {
        jdbc.sql("""
                        INSERT INTO workflow_nodes (workflow_id, account_id, name, type, phase, experiment_id)
                        VALUES (?, ?, ?, ?, 'Pending', ?)""").params(workflowId, accountId, name, type, experimentId).update();
    }

    Optional<WorkflowRow> lock(String accountId, UUID id) {
        return jdbc.sql("SELECT * FROM workflows WHERE account_id = ? AND id = ? FOR UPDATE")
                .params(accountId, id)
                .query(WorkflowStore::workflow)
                .optional();
    }

    Optional<WorkflowRow> find(String accountId, String organization, String project, String namespace, String name) {
        return jdbc.sql("""
                        SELECT * FROM workflows
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND namespace = ? AND name = ?""")
                .params(accountId, organization, project, namespace, name)
                .query(WorkflowStore::workflow)
                .optional();
    }

    List<WorkflowRow> list(
            String accountId,
            String organization,
            String project,
            String namespace,
            String phase,
            int limit,
            int offset) {
        return jdbc.sql("""
                        SELECT * FROM workflows
                         WHERE account_id = :account AND org_identifier = :org AND project_identifier = :project
                           AND (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
                           AND (CAST(:phase AS text) IS NULL OR phase = :phase)
                         ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset""")
                .param("account", accountId)
                .param("org", organization)
                .param("project", project)
                .param("namespace", namespace)
                .param("phase", phase)
                .param("limit", limit)
                .param("offset", offset)
                .query(WorkflowStore::workflow)
                .list();
    }

    long count(String accountId, String organization, String project, String namespace, String phase) {
        return jdbc.sql("""
                        SELECT count(*) FROM workflows
                         WHERE account_id = :account AND org_identifier = :org AND project_identifier = :project
                           AND (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
                           AND (CAST(:phase AS text) IS NULL OR phase = :phase)""")
                .param("account", accountId)
                .param("org", organization)
                .param("project", project)
                .param("namespace", namespace)
                .param("phase", phase)
                .query(Long.class)
                .single();
    }

    List<NodeRow> nodes(String accountId, UUID workflowId) {
        return jdbc.sql("SELECT * FROM workflow_nodes WHERE account_id = ? AND workflow_id = ? ORDER BY name")
                .params(accountId, workflowId)
                .query((rs, n) -> new NodeRow(
                        rs.getString("name"),
                        rs.getString("type"),
                        WorkflowPhase.valueOf(rs.getString("phase")),
                        rs.getObject("run_id", UUID.class),
                        rs.getObject("experiment_id", UUID.class),
                        rs.getString("message"),
                        instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("finished_at")),
                        instant(rs.getTimestamp("deadline_at")),
                        rs.getBoolean("resumed")))
                .list();
    }

    void updateNode(String accountId, UUID workflowId, NodeRow node) {
        jdbc.sql("""
                        UPDATE workflow_nodes
                           SET phase = ?, run_id = ?, message = ?, started_at = ?, finished_at = ?, deadline_at = ?, resumed = ?
                         WHERE account_id = ? AND workflow_id = ? AND name = ?""")
                .params(
                        node.phase().name(),
                        node.runId(),
                        node.message(),
                        timestamp(node.startedAt()),
                        timestamp(node.finishedAt()),
                        timestamp(node.deadlineAt()),
                        node.resumed(),
                        accountId,
                        workflowId,
                        node.name())
                .update();
    }

    void updateWorkflow(
            String accountId,
            UUID id,
            WorkflowPhase phase,
            String message,
            Instant startedAt,
            Instant finishedAt,
            Instant now) {
        jdbc.sql("""
                        UPDATE workflows SET phase = ?, message = ?, started_at = coalesce(started_at, ?),
                               finished_at = coalesce(finished_at, ?), updated_at = ?
                         WHERE account_id = ? AND id = ?""")
                .params(
                        phase.name(),
                        message,
                        timestamp(startedAt),
                        timestamp(finishedAt),
                        Timestamp.from(now),
                        accountId,
                        id)
                .update();
    }

    /**
     * Puts a workflow and its steps back where a new run of it starts: Pending, no runs, no times, no resume. Its
     * steps' earlier runs stay, as runs of their experiments.
     */
    void resetForRun(String accountId, UUID id, Instant now) {
        jdbc.sql("""
                        UPDATE workflows SET phase = 'Pending', message = '', started_at = NULL, finished_at = NULL,
                               abort_requested_at = NULL, updated_at = ?
                         WHERE account_id = ? AND id = ?""").params(Timestamp.from(now), accountId, id).update();
        jdbc.sql("""
                        UPDATE workflow_nodes SET phase = 'Pending', run_id = NULL, message = '', started_at = NULL,
                               finished_at = NULL, deadline_at = NULL, resumed = false
                         WHERE account_id = ? AND workflow_id = ?""").params(accountId, id).update();
    }

    void requestAbort(String accountId, UUID id, Instant now) {
        jdbc.sql("UPDATE workflows SET abort_requested_at = ? WHERE account_id = ? AND id = ?")
                .params(Timestamp.from(now), accountId, id)
                .update();
    }

    List<UUID> workflowsOfRun(String accountId, UUID runId) {
        return jdbc.sql("SELECT DISTINCT workflow_id FROM workflow_nodes WHERE account_id = ? AND run_id = ?")
                .params(accountId, runId)
                .query(UUID.class)
                .list();
    }

    void delete(String accountId, UUID id) {
        jdbc.sql("DELETE FROM workflows WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .update();
    }

    private static WorkflowRow workflow(ResultSet rs, int n) throws SQLException {
        return new WorkflowRow(
                rs.getObject("id", UUID.class),
                rs.getString("account_id"),
                rs.getString("org_identifier"),
                rs.getString("project_identifier"),
                rs.getString("namespace"),
                rs.getString("name"),
                rs.getString("manifest"),
                WorkflowPhase.valueOf(rs.getString("phase")),
                rs.getString("message"),
                rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")),
                instant(rs.getTimestamp("abort_requested_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
