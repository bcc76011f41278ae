package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.TopologyDtos.HistoryEntry;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.DependencyType;
import io.chaosplane.topology.Scores;
import io.chaosplane.topology.Topology;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's topology rows: what was found or imported, the overrides people set (kept apart so that they
 * survive rediscovery), and the revisions. Every statement names the account, as row-level security also does.
 */
@Repository
class TopologyStore {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;

    TopologyStore(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    /** Serialises writers of one project's topology until the transaction ends, so revisions number gaplessly. */
    void lock(ProjectScope scope) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("topology/" + scope.accountId() + "/" + scope.organization() + "/" + scope.project())
                .query((rs, n) -> 1)
                .list();
    }

    /** The topology as simulations see it: what was found, with the overrides over it. */
    Topology load(ProjectScope scope) {
        List<Component> components = jdbc.sql("""
                        SELECT c.component_id, c.name, COALESCE(o.type, c.type) AS type, c.replicas,
                               COALESCE(o.utilization, c.utilization) AS utilization, c.health,
                               COALESCE(o.failover, c.failover) AS failover,
                               COALESCE(o.circuit_breaker, c.circuit_breaker) AS circuit_breaker,
                               COALESCE(o.autoscaling, c.autoscaling) AS autoscaling, c.labels
                        FROM topology_components c
                        LEFT JOIN topology_component_overrides o
                               USING (account_id, org_identifier, project_identifier, component_id)
                        WHERE c.account_id = ? AND c.org_identifier = ? AND c.project_identifier = ?
                        ORDER BY c.component_id""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query((rs, n) -> new Component(
                        rs.getString("component_id"),
                        rs.getString("name"),
                        rs.getString("type"),
                        rs.getInt("replicas"),
                        rs.getObject("utilization", Double.class),
                        rs.getString("health"),
                        rs.getBoolean("failover"),
                        rs.getBoolean("circuit_breaker"),
                        rs.getBoolean("autoscaling"),
                        json.readValue(rs.getString("labels"), LABELS)))
                .list();
        List<Dependency> edges = jdbc.sql("""
                        SELECT e.source_id, e.target_id,
                               COALESCE(o.dependency_type, e.dependency_type) AS dependency_type, e.weight
                        FROM topology_edges e
                        LEFT JOIN topology_edge_overrides o
                               USING (account_id, org_identifier, project_identifier, source_id, target_id)
                        WHERE e.account_id = ? AND e.org_identifier = ? AND e.project_identifier = ?
                        ORDER BY e.source_id, e.target_id""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query((rs, n) -> new Dependency(
                        rs.getString("source_id"),
                        rs.getString("target_id"),
                        DependencyType.fromWire(rs.getString("dependency_type")).orElseThrow(),
                        rs.getDouble("weight")))
                .list();
        return Topology.of(components, edges);
    }

    /**
     * An import: the document is both what is there and what people decided, so its overridable settings become
     * the overrides, and overrides of what it leaves out go.
     */
    void replaceImported(ProjectScope scope, Topology topology, String actor, Instant now) {
        replaceFound(scope, topology);
        jdbc.sql("""
                        DELETE FROM topology_component_overrides
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .update();
        jdbc.sql("""
                        DELETE FROM topology_edge_overrides
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .update();
        batches.batchUpdate("""
                INSERT INTO topology_component_overrides (account_id, org_identifier, project_identifier, component_id,
                    type, utilization, failover, circuit_breaker, autoscaling, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", topology.components(), 500, (ps, c) -> {
            ps.setString(1, scope.accountId());
            ps.setString(2, scope.organization());
            ps.setString(3, scope.project());
            ps.setString(4, c.id());
            ps.setString(5, c.type());
            ps.setObject(6, c.utilization(), Types.DOUBLE);
            ps.setBoolean(7, c.failover());
            ps.setBoolean(8, c.circuitBreaker());
            ps.setBoolean(9, c.autoscaling());
            ps.setString(10, actor);
            ps.setTimestamp(11, Timestamp.from(now));
        });
        batches.batchUpdate("""
                INSERT INTO topology_edge_overrides (account_id, org_identifier, project_identifier, source_id,
                    target_id, dependency_type, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", topology.dependencies(), 500, (ps, d) -> {
            ps.setString(1, scope.accountId());
            ps.setString(2, scope.organization());
            ps.setString(3, scope.project());
            ps.setString(4, d.source());
            ps.setString(5, d.target());
            ps.setString(6, d.type().wireName());
            ps.setString(7, actor);
            ps.setTimestamp(8, Timestamp.from(now));
        });
    }

    /**
     * What discovery found replaces what it found before; the overrides stay and apply to it on the next read.
     */
    void replaceFound(ProjectScope scope, Topology found) {
        jdbc.sql("""
                        DELETE FROM topology_components
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .update();
        batches.batchUpdate("""
                INSERT INTO topology_components (account_id, org_identifier, project_identifier, component_id, name,
                    type, replicas, utilization, health, failover, circuit_breaker, autoscaling, labels)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""", found.components(), 500, (ps, c) -> {
            ps.setString(1, scope.accountId());
            ps.setString(2, scope.organization());
            ps.setString(3, scope.project());
            ps.setString(4, c.id());
            ps.setString(5, c.name());
            ps.setString(6, c.type());
            ps.setInt(7, c.replicas());
            ps.setObject(8, c.utilization(), Types.DOUBLE);
            ps.setString(9, c.health());
            ps.setBoolean(10, c.failover());
            ps.setBoolean(11, c.circuitBreaker());
            ps.setBoolean(12, c.autoscaling());
            ps.setString(13, json.writeValueAsString(c.labels()));
        });
        batches.batchUpdate("""
                INSERT INTO topology_edges (account_id, org_identifier, project_identifier, source_id, target_id,
                    dependency_type, weight)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", found.dependencies(), 500, (ps, d) -> {
            ps.setString(1, scope.accountId());
            ps.setString(2, scope.organization());
            ps.setString(3, scope.project());
            ps.setString(4, d.source());
            ps.setString(5, d.target());
            ps.setString(6, d.type().wireName());
            ps.setDouble(7, d.weight());
        });
    }

    record Revision(
            int revision,
            Instant createdAt,
            String createdBy,
            Origin origin,
            double resilienceScore,
            int totalComponents,
            int totalEdges,
            int spofCount,
            String documentJson) {}

    enum Origin {
        IMPORT,
        DEMO,
        DISCOVERY;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    Optional<Origin> latestOrigin(ProjectScope scope) {
        return jdbc.sql("""
                        SELECT origin FROM topology_revisions
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                        ORDER BY revision DESC LIMIT 1""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query((rs, n) -> Origin.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)))
                .optional();
    }

    int nextRevision(ProjectScope scope) {
        return jdbc.sql("""
                        SELECT COALESCE(MAX(revision), 0) + 1 FROM topology_revisions
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query(Integer.class)
                .single();
    }

    void insertRevision(ProjectScope scope, Revision revision) {
        jdbc.sql("""
                        INSERT INTO topology_revisions (account_id, org_identifier, project_identifier, revision,
                            created_at, created_by, origin, resilience_score, total_components, total_edges,
                            spof_count, document)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(
                        scope.accountId(),
                        scope.organization(),
                        scope.project(),
                        revision.revision(),
                        Timestamp.from(revision.createdAt()),
                        revision.createdBy(),
                        revision.origin().wireName(),
                        revision.resilienceScore(),
                        revision.totalComponents(),
                        revision.totalEdges(),
                        revision.spofCount(),
                        revision.documentJson())
                .update();
    }

    /** The latest {@code limit} revisions, oldest first, each with its change from the one before. */
    List<HistoryEntry> history(ProjectScope scope, int limit) {
        List<HistoryEntry> newestFirst = jdbc.sql("""
                        SELECT revision, created_at, resilience_score,
                               resilience_score - LAG(resilience_score) OVER (ORDER BY revision) AS delta
                        FROM topology_revisions
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                        ORDER BY revision DESC
                        LIMIT ?""")
                .params(scope.accountId(), scope.organization(), scope.project(), limit)
                .query((rs, n) -> new HistoryEntry(
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getDouble("resilience_score"),
                        Scores.round(rs.getDouble("delta"), 1),
                        rs.getInt("revision")))
                .list();
        List<HistoryEntry> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
