package io.chaosplane.controlplane.experiment;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ProjectScope;
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
    List<Experiment> list(ProjectScope project, String namespace, String phase, Paging paging) {
        Map<String, Object> params = filter(project, namespace, phase);
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        return jdbc.sql("SELECT e.* " + FILTER + " ORDER BY e.created_at DESC, e.id LIMIT :limit OFFSET :offset")
                .params(params)
                .query(ExperimentStore::experiment)
                .list();
    }

    long count(ProjectScope project, String namespace, String phase) {
        return jdbc.sql("SELECT count(*) " + FILTER)
                .params(filter(project, namespace, phase))
                .query(Long.class)
                .single();
    }

    void delete(Experiment experiment) {
        jdbc.sql("DELETE FROM experiments WHERE account_id = ? AND id = ?")
                .params(experiment.accountId(), experiment.id())
                .update();
    }

    private static final String FILTER = """
              FROM experiments e
              LEFT JOIN LATERAL (SELECT r.phase FROM experiment_runs r
                                  WHERE r.account_id = e.account_id AND r.experiment_id = e.id
                                  ORDER BY r.run_sequence DESC LIMIT 1) latest ON true
             WHERE e.account_id = :account AND e.org_identifier = :org AND e.project_identifier = :project
               AND (CAST(:namespace AS text) IS NULL OR e.namespace = :namespace)
               AND (CAST(:phase AS text) IS NULL OR coalesce(latest.phase, 'Pending') = :phase)""";

    private static Map<String, Object> filter(ProjectScope project, String namespace, String phase) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("account", project.accountId());
        params.put("org", project.organization());
        params.put("project", project.project());
        params.put("namespace", namespace);
        params.put("phase", phase);
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
