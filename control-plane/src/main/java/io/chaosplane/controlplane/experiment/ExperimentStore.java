package io.chaosplane.controlplane.experiment;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.common.ListQuery;
import io.chaosplane.service.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and writes experiments. Every query names the account; all join the caller's transaction. */
@Component
class ExperimentStore {

    private final JdbcClient jdbc;

    ExperimentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Experiment experiment) {
        jdbc.sql("""
                        INSERT INTO experiments (id, account_id, org_identifier, project_identifier, namespace, name,
                                                 infrastructure_id, manifest, owner_workflow_id, created_by, created_at,
                                                 updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")
                .params(
                        experiment.id(),
                        experiment.accountId(),
                        experiment.organization(),
                        experiment.project(),
                        experiment.namespace(),
                        experiment.name(),
                        experiment.infrastructureId(),
                        experiment.manifest(),
                        experiment.ownerWorkflowId(),
                        experiment.createdBy(),
                        timestamp(experiment.createdAt()),
                        timestamp(experiment.updatedAt()))
                .update();
    }

    void update(Experiment experiment) {
        jdbc.sql("""
                        UPDATE experiments SET manifest = ?::jsonb, infrastructure_id = ?, updated_at = ?
                         WHERE account_id = ? AND id = ?""")
                .params(
                        experiment.manifest(),
                        experiment.infrastructureId(),
                        timestamp(experiment.updatedAt()),
                        experiment.accountId(),
                        experiment.id())
                .update();
    }

    Optional<Experiment> find(ProjectScope project, String namespace, String name) {
        return jdbc.sql("""
                        SELECT * FROM experiments
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND namespace = ?
                           AND name = ?""")
                .params(project.accountId(), project.organization(), project.project(), namespace, name)
                .query(ExperimentStore::experiment)
                .optional();
    }

    boolean exists(ProjectScope project, String namespace, String name) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM experiments
                                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                                          AND namespace = ? AND name = ?)""")
                .params(project.accountId(), project.organization(), project.project(), namespace, name)
                .query(Boolean.class)
                .single();
    }

    Optional<Experiment> findById(String accountId, UUID id) {
        return jdbc.sql("SELECT * FROM experiments WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(ExperimentStore::experiment)
                .optional();
    }

    /** The project's experiments, newest first, filtered by namespace and by their latest run's phase. */
    List<Experiment> list(ProjectScope project, String namespace, String phase, Paging paging, Cursor after) {
        ListQuery query = listQuery(project, namespace, phase, paging, after);
        return jdbc.sql(query.sql())
                .params(query.params())
                .query(ExperimentStore::experiment)
                .list();
    }

    /**
     * The page's query: an index range scan of experiments_project_recent_idx in its order, from the cursor's row
     * (a row comparison the index takes as its start) or past {@code offset} rows, which costs as many as it skips.
     */
    static ListQuery listQuery(ProjectScope project, String namespace, String phase, Paging paging, Cursor after) {
        Map<String, Object> params = filter(project, namespace, phase);
        StringBuilder sql = new StringBuilder("SELECT e.* ").append(from(phase)).append(where(namespace, phase));
        if (after != null) {
            sql.append(" AND (e.created_at, e.id) < (:afterAt, :afterId)");
            params.put("afterAt", timestamp(after.instant(0)));
            params.put("afterId", after.uuid(1));
        }
        sql.append(" ORDER BY e.created_at DESC, e.id DESC LIMIT :limit");
        params.put("limit", paging.limit());
        if (paging.offset() > 0) {
            sql.append(" OFFSET :offset");
            params.put("offset", paging.offset());
        }
        return new ListQuery(sql.toString(), params);
    }

    /** The cursor after an experiment of a page, for the next page. */
    static String cursorAfter(Experiment last) {
        return Cursor.encode(CURSOR, last.createdAt(), last.id());
    }

    static Cursor cursor(String cursor, Paging paging) {
        return Cursor.decode(CURSOR, 2, cursor, paging);
    }

    long count(ProjectScope project, String namespace, String phase) {
        ListQuery query = countQuery(project, namespace, phase);
        return jdbc.sql(query.sql()).params(query.params()).query(Long.class).single();
    }

    static ListQuery countQuery(ProjectScope project, String namespace, String phase) {
        return new ListQuery(
                "SELECT count(*) " + from(phase) + where(namespace, phase), filter(project, namespace, phase));
    }

    void delete(Experiment experiment) {
        jdbc.sql("DELETE FROM experiments WHERE account_id = ? AND id = ?")
                .params(experiment.accountId(), experiment.id())
                .update();
    }

    private static final String CURSOR = "experiments";

    /** Experiments, joined to their latest run's phase only when the list filters by it. */
    private static String from(String phase) {
        return phase == null ? " FROM experiments e" : """
                 FROM experiments e
                 LEFT JOIN LATERAL (SELECT r.phase FROM experiment_runs r
                                     WHERE r.account_id = e.account_id AND r.experiment_id = e.id
                                     ORDER BY r.run_sequence DESC LIMIT 1) latest ON true""";
    }

    private static String where(String namespace, String phase) {
        return " WHERE e.account_id = :account AND e.org_identifier = :org AND e.project_identifier = :project"
                + (namespace == null ? "" : " AND e.namespace = :namespace")
                + (phase == null ? "" : " AND coalesce(latest.phase, 'Pending') = :phase");
    }

    private static Map<String, Object> filter(ProjectScope project, String namespace, String phase) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("account", project.accountId());
        params.put("org", project.organization());
        params.put("project", project.project());
        if (namespace != null) {
            params.put("namespace", namespace);
        }
        if (phase != null) {
            params.put("phase", phase);
        }
        return params;
    }

    private static Experiment experiment(ResultSet row, int rowNum) throws SQLException {
        return new Experiment(
                row.getObject("id", UUID.class),
                row.getString("account_id"),
                row.getString("org_identifier"),
                row.getString("project_identifier"),
                row.getString("namespace"),
                row.getString("name"),
                row.getObject("infrastructure_id", UUID.class),
                row.getString("manifest"),
                row.getObject("owner_workflow_id", UUID.class),
                row.getString("created_by"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }
}
