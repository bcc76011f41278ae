package io.chaosplane.controlplane.infra;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.service.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes infrastructures. Every query names the account; all join the caller's transaction. */
@Component
class InfrastructureStore {

    /** Capabilities are stored as the agent protocol spells them. */
    private final JsonMapper json = ProtocolJson.mapper();

    private final JdbcClient jdbc;

    InfrastructureStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new infrastructure, PENDING until an agent confirms with the install token. */
    void insert(Infrastructure infrastructure, byte[] installTokenHash) {
        jdbc.sql("""
                        INSERT INTO infrastructures (id, account_id, org_identifier, project_identifier,
                                                     environment_identifier, identifier, name, description, type,
                                                     install_token_hash, install_token_issued_at, status, created_by,
                                                     created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        infrastructure.id(),
                        infrastructure.accountId(),
                        infrastructure.organization(),
                        infrastructure.project(),
                        infrastructure.environment(),
                        infrastructure.identifier(),
                        infrastructure.name(),
                        infrastructure.description(),
                        infrastructure.type().name(),
                        installTokenHash,
                        timestamp(infrastructure.createdAt()),
                        infrastructure.status().name(),
                        infrastructure.createdBy(),
                        timestamp(infrastructure.createdAt()),
                        timestamp(infrastructure.createdAt()))
                .update();
    }

    Optional<Infrastructure> find(String accountId, UUID id) {
        return jdbc.sql("SELECT * FROM infrastructures WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(this::infrastructure)
                .optional();
    }

    Optional<Infrastructure> find(String accountId, ResourceScope project, String identifier) {
        return jdbc.sql("""
                        SELECT * FROM infrastructures
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND identifier = ?""")
                .params(accountId, project.organization(), project.project(), identifier)
                .query(this::infrastructure)
                .optional();
    }

    /** The project's infrastructures, oldest first. */
    List<Infrastructure> list(String accountId, ResourceScope project, Paging paging) {
        return jdbc.sql("""
                        SELECT * FROM infrastructures
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                         ORDER BY created_at, id LIMIT ? OFFSET ?""")
                .params(accountId, project.organization(), project.project(), paging.limit(), paging.offset())
                .query(this::infrastructure)
                .list();
    }

    long count(String accountId, ResourceScope project) {
        return jdbc.sql("""
                        SELECT count(*) FROM infrastructures
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?""")
                .params(accountId, project.organization(), project.project())
                .query(Long.class)
                .single();
    }

    void delete(Infrastructure infrastructure) {
        jdbc.sql("DELETE FROM infrastructures WHERE account_id = ? AND id = ?")
                .params(infrastructure.accountId(), infrastructure.id())
                .update();
    }

    /** Turns the infrastructure's kill switch. */
    void setChaosEnabled(String accountId, UUID id, boolean enabled, Instant now) {
        jdbc.sql("UPDATE infrastructures SET chaos_enabled = ?, updated_at = ? WHERE account_id = ? AND id = ?")
                .params(enabled, timestamp(now), accountId, id)
                .update();
    }

    /** Those of the infrastructures whose kill switch is off, as the database has it now. */
    List<Infrastructure> chaosDisabled(String accountId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT * FROM infrastructures
                         WHERE account_id = ? AND id = ANY (CAST(? AS uuid[])) AND NOT chaos_enabled
                         ORDER BY name""")
                .params(accountId, ids.toArray(UUID[]::new))
                .query(this::infrastructure)
                .list();
    }

    /** A fresh install token; the access key in use stops working and the agent must confirm again. */
    void resetCredentials(Infrastructure infrastructure, byte[] installTokenHash, Instant now) {
        jdbc.sql("""
                        UPDATE infrastructures
                           SET install_token_hash = ?, install_token_used_at = NULL, access_key_hash = NULL,
                               install_token_issued_at = ?, access_key_rotated_at = ?, updated_at = ?
                         WHERE account_id = ? AND id = ?""")
                .params(
                        installTokenHash,
                        timestamp(now),
                        timestamp(now),
                        timestamp(now),
                        infrastructure.accountId(),
                        infrastructure.id())
                .update();
    }

    /**
     * Uses the install token for the access key, unless an agent has used it already; answers whether this call
     * did.
     */
    boolean confirm(
            String accountId,
            UUID id,
            byte[] accessKeyHash,
            String hostname,
            String agentVersion,
            AgentCapabilities capabilities,
            Instant now) {
        return jdbc.sql("""
                        UPDATE infrastructures
                           SET install_token_used_at = ?, access_key_hash = ?, hostname = ?, agent_version = ?,
                               capabilities = ?::jsonb, updated_at = ?
                         WHERE account_id = ? AND id = ? AND install_token_used_at IS NULL""")
                        .params(
                                timestamp(now),
                                accessKeyHash,
                                hostname,
                                agentVersion,
                                capabilities == null ? null : json.writeValueAsString(capabilities),
                                timestamp(now),
                                accountId,
                                id)
                        .update()
                == 1;
    }

    private Infrastructure infrastructure(ResultSet row, int rowNum) throws SQLException {
        String capabilities = row.getString("capabilities");
        return new Infrastructure(
                row.getObject("id", UUID.class),
                row.getString("account_id"),
                row.getString("org_identifier"),
                row.getString("project_identifier"),
                row.getString("environment_identifier"),
                row.getString("identifier"),
                row.getString("name"),
                row.getString("description"),
                InfrastructureType.valueOf(row.getString("type")),
                ConnectionStatus.valueOf(row.getString("status")),
                row.getString("hostname"),
                row.getString("agent_version"),
                instant(row, "last_heartbeat_at"),
                instant(row, "status_changed_at"),
                row.getTimestamp("install_token_used_at") != null,
                row.getBoolean("chaos_enabled"),
                row.getString("created_by"),
                instant(row, "created_at"),
                capabilities == null ? null : json.readValue(capabilities, AgentCapabilities.class));
    }
}
