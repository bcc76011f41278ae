package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.access.ProjectScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Discovery agents and what they sent. Every statement names the account, as row-level security also does. */
@Repository
class DiscoveryAgentStore {

    private final JdbcClient jdbc;

    DiscoveryAgentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(DiscoveryAgent agent, byte[] installTokenHash) {
        jdbc.sql("""
                        INSERT INTO discovery_agents (id, account_id, org_identifier, project_identifier,
                            environment_identifier, infrastructure_id, infra_identifier, name, description, tags, config,
                            installation_id, log_stream_id, correlation_id, install_token_hash, install_token_issued_at,
                            status, created_by, created_at, updated_at, installation_created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""")
                .params(
                        agent.id(),
                        agent.accountId(),
                        agent.organization(),
                        agent.project(),
                        agent.environment(),
                        agent.infrastructureId(),
                        agent.infraIdentifier(),
                        agent.name(),
                        agent.description(),
                        agent.tagsJson(),
                        agent.configJson(),
                        agent.installationId(),
                        agent.logStreamId(),
                        agent.correlationId(),
                        installTokenHash,
                        Timestamp.from(agent.createdAt()),
                        agent.createdBy(),
                        Timestamp.from(agent.createdAt()),
                        Timestamp.from(agent.updatedAt()),
                        Timestamp.from(agent.installationCreatedAt()))
                .update();
    }

    boolean existsForInfrastructure(String accountId, java.util.UUID infrastructureId) {
        return jdbc.sql("SELECT count(*) FROM discovery_agents WHERE account_id = ? AND infrastructure_id = ?")
                        .params(accountId, infrastructureId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    Optional<DiscoveryAgent> find(String accountId, String id) {
        return jdbc.sql("SELECT * FROM discovery_agents WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(DiscoveryAgentStore::agent)
                .optional();
    }

    List<DiscoveryAgent> list(ProjectScope scope, int offset, int limit) {
        return jdbc.sql("""
                        SELECT * FROM discovery_agents
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                        ORDER BY created_at, id LIMIT ? OFFSET ?""")
                .params(scope.accountId(), scope.organization(), scope.project(), limit, offset)
                .query(DiscoveryAgentStore::agent)
                .list();
    }

    long count(ProjectScope scope) {
        return jdbc.sql("""
                        SELECT count(*) FROM discovery_agents
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query(Long.class)
                .single();
    }

    /** Every agent of the project, oldest first: a rebuild reads what each of them sent. */
    List<String> agentIds(ProjectScope scope) {
        return jdbc.sql("""
                        SELECT id FROM discovery_agents
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                        ORDER BY created_at, id""")
                .params(scope.accountId(), scope.organization(), scope.project())
                .query(String.class)
                .list();
    }

    void delete(String accountId, String id) {
        jdbc.sql("DELETE FROM discovery_agents WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .update();
    }

    /** Marks the install token used and keeps the agent token's hash; false when it was used meanwhile. */
    boolean exchangeToken(String accountId, String id, byte[] agentTokenHash, Instant now) {
        return jdbc.sql("""
                                UPDATE discovery_agents SET install_token_used_at = ?, agent_token_hash = ?,
                                    updated_at = ?
                                WHERE account_id = ? AND id = ? AND install_token_used_at IS NULL""")
                        .params(Timestamp.from(now), agentTokenHash, Timestamp.from(now), accountId, id)
                        .update()
                == 1;
    }

    void markActive(String accountId, String id, Instant at, Long bytes, String snapshotId) {
        jdbc.sql("""
                        UPDATE discovery_agents SET status = 'ACTIVE',
                            last_snapshot_at = COALESCE(?, last_snapshot_at),
                            last_snapshot_bytes = COALESCE(?, last_snapshot_bytes),
                            last_snapshot_id = COALESCE(?, last_snapshot_id), updated_at = ?
                        WHERE account_id = ? AND id = ?""")
                .params(
                        at == null ? null : Timestamp.from(at),
                        bytes,
                        snapshotId,
                        Timestamp.from(at == null ? Instant.now() : at),
                        accountId,
                        id)
                .update();
    }

    // ---- snapshots, batches and connections

    /** False when this batch was here already (a replay). */
    boolean insertBatch(
            String accountId,
            String agentId,
            String snapshotId,
            int batch,
            int batches,
            long bytes,
            String body,
            Instant now) {
        return jdbc.sql("""
                                INSERT INTO discovery_snapshot_batches (account_id, agent_id, snapshot_id, batch,
                                    batches, bytes, body, received_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                                ON CONFLICT (agent_id, snapshot_id, batch) DO NOTHING""")
                        .params(accountId, agentId, snapshotId, batch, batches, bytes, body, Timestamp.from(now))
                        .update()
                == 1;
    }

    record Batch(int batch, int batches, long bytes, String body) {}

    List<Batch> batches(String accountId, String agentId, String snapshotId) {
        return jdbc.sql("""
                        SELECT batch, batches, bytes, body::text AS body FROM discovery_snapshot_batches
                        WHERE account_id = ? AND agent_id = ? AND snapshot_id = ? ORDER BY batch""")
                .params(accountId, agentId, snapshotId)
                .query((rs, n) ->
                        new Batch(rs.getInt("batch"), rs.getInt("batches"), rs.getLong("bytes"), rs.getString("body")))
                .list();
    }

    /** Serialises one agent's uploads until the transaction ends, so a snapshot's last batch completes it once. */
    void lockAgent(String agentId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("discovery/" + agentId)
                .query((rs, n) -> 1)
                .list();
    }

    Optional<String> currentSnapshotId(String accountId, String agentId) {
        return jdbc.sql("SELECT snapshot_id FROM discovery_snapshots WHERE account_id = ? AND agent_id = ?")
                .params(accountId, agentId)
                .query(String.class)
                .optional();
    }

    /** The complete snapshot replaces the agent's previous one; its batches, and any older partial ones, go. */
    void swapIn(String accountId, String agentId, String snapshotId, long bytes, String body, Instant now) {
        jdbc.sql("""
                        INSERT INTO discovery_snapshots (account_id, agent_id, snapshot_id, bytes, body, completed_at)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?)
                        ON CONFLICT (agent_id) DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id,
                            bytes = EXCLUDED.bytes, body = EXCLUDED.body, completed_at = EXCLUDED.completed_at""")
                .params(accountId, agentId, snapshotId, bytes, body, Timestamp.from(now))
                .update();
        jdbc.sql("DELETE FROM discovery_snapshot_batches WHERE account_id = ? AND agent_id = ?")
                .params(accountId, agentId)
                .update();
    }

    /** False when the node's connections were exactly these already (a replay). */
    boolean replaceConnections(String accountId, String agentId, String nodeName, String connections, Instant now) {
        Optional<String> before = jdbc.sql("""
                        SELECT connections::text FROM discovery_connections
                        WHERE account_id = ? AND agent_id = ? AND node_name = ?""")
                .params(accountId, agentId, nodeName)
                .query(String.class)
                .optional();
        boolean same = jdbc.sql("SELECT ?::jsonb = ?::jsonb")
                .params(before.orElse("null"), connections)
                .query(Boolean.class)
                .single();
        if (same) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO discovery_connections (account_id, agent_id, node_name, connections, received_at)
                        VALUES (?, ?, ?, ?::jsonb, ?)
                        ON CONFLICT (agent_id, node_name) DO UPDATE SET connections = EXCLUDED.connections,
                            received_at = EXCLUDED.received_at""")
                .params(accountId, agentId, nodeName, connections, Timestamp.from(now))
                .update();
        return true;
    }

    List<String> snapshotBodies(String accountId, List<String> agentIds) {
        if (agentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT body::text FROM discovery_snapshots
                        WHERE account_id = :account AND agent_id IN (:agents) ORDER BY agent_id""")
                .param("account", accountId)
                .param("agents", agentIds)
                .query(String.class)
                .list();
    }

    record NodeRow(String nodeName, String connections) {}

    List<NodeRow> connections(String accountId, List<String> agentIds) {
        if (agentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT node_name, connections::text AS connections FROM discovery_connections
                        WHERE account_id = :account AND agent_id IN (:agents) ORDER BY agent_id, node_name""")
                .param("account", accountId)
                .param("agents", agentIds)
                .query((rs, n) -> new NodeRow(rs.getString("node_name"), rs.getString("connections")))
                .list();
    }

    private static DiscoveryAgent agent(ResultSet rs, int n) throws SQLException {
        return new DiscoveryAgent(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getString("org_identifier"),
                rs.getString("project_identifier"),
                rs.getString("environment_identifier"),
                rs.getObject("infrastructure_id", java.util.UUID.class),
                rs.getString("infra_identifier"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("tags"),
                rs.getString("config"),
                rs.getString("installation_id"),
                rs.getObject("log_stream_id", java.util.UUID.class),
                rs.getString("correlation_id"),
                rs.getString("status"),
                instant(rs, "last_snapshot_at"),
                rs.getObject("last_snapshot_bytes", Long.class),
                rs.getString("last_snapshot_id"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "installation_created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
