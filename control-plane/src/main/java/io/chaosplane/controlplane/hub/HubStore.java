package io.chaosplane.controlplane.hub;

import io.chaosplane.controlplane.access.ProjectScope;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** An account's hubs, the packages last read from each, and the projects' installs. Every statement names the account. */
@Repository
class HubStore {

    private final JdbcClient jdbc;

    HubStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record HubRow(
            String identifier,
            HubKind kind,
            String url,
            String ref,
            String createdBy,
            Instant createdAt,
            Instant lastReadAt,
            Instant lastTriedAt,
            String lastError,
            int packages) {}

    record PackageRow(String hubIdentifier, String packageId, String declaredSha256, String content) {}

    record InstallRow(
            String packageId,
            String hubIdentifier,
            String version,
            String sha256,
            String parametersJson,
            List<String> experiments,
            List<String> workflows,
            String installedBy,
            Instant installedAt) {}

    private static final String HUB_COLUMNS = """
            h.identifier, h.kind, h.url, h.ref, h.created_by, h.created_at, h.last_read_at, h.last_tried_at,
            h.last_error, (SELECT count(*) FROM marketplace_packages p
                           WHERE p.account_id = h.account_id AND p.hub_identifier = h.identifier) AS packages""";

    List<HubRow> hubs(String accountId) {
        return jdbc.sql("SELECT " + HUB_COLUMNS
                        + " FROM marketplace_hubs h WHERE h.account_id = ? ORDER BY h.identifier")
                .param(accountId)
                .query((rs, n) -> hub(rs))
                .list();
    }

    Optional<HubRow> hub(String accountId, String identifier) {
        return jdbc.sql("SELECT " + HUB_COLUMNS
                        + " FROM marketplace_hubs h WHERE h.account_id = ? AND h.identifier = ?")
                .params(accountId, identifier)
                .query((rs, n) -> hub(rs))
                .optional();
    }

    private static HubRow hub(java.sql.ResultSet rs) throws SQLException {
        return new HubRow(
                rs.getString("identifier"),
                HubKind.valueOf(rs.getString("kind")),
                rs.getString("url"),
                rs.getString("ref"),
                rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("last_read_at")),
                instant(rs.getTimestamp("last_tried_at")),
                rs.getString("last_error"),
                rs.getInt("packages"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Adds the hub; false when the account has one of that identifier already. */
    boolean insertHub(
            String accountId, String identifier, HubKind kind, String url, String ref, String actor, Instant now) {
        return jdbc.sql("""
                        INSERT INTO marketplace_hubs (account_id, identifier, kind, url, ref, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                        .params(accountId, identifier, kind.name(), url, ref, actor, Timestamp.from(now))
                        .update()
                == 1;
    }

    boolean deleteHub(String accountId, String identifier) {
        return jdbc.sql("DELETE FROM marketplace_hubs WHERE account_id = ? AND identifier = ?")
                        .params(accountId, identifier)
                        .update()
                == 1;
    }

    /** A successful read: its packages replace those read before. */
    void replacePackages(String accountId, String identifier, List<PackageRow> packages, Instant now) {
        jdbc.sql("DELETE FROM marketplace_packages WHERE account_id = ? AND hub_identifier = ?")
                .params(accountId, identifier)
                .update();
        for (PackageRow row : packages) {
            jdbc.sql("""
                            INSERT INTO marketplace_packages (account_id, hub_identifier, package_id, declared_sha256, content)
                            VALUES (?, ?, ?, ?, ?)""")
                    .params(accountId, identifier, row.packageId(), row.declaredSha256(), row.content())
                    .update();
        }
        jdbc.sql("""
                        UPDATE marketplace_hubs SET last_read_at = ?, last_tried_at = ?, last_error = NULL
                        WHERE account_id = ? AND identifier = ?""")
                .params(Timestamp.from(now), Timestamp.from(now), accountId, identifier)
                .update();
    }

    /** A failed read: the packages read before stay, and the hub says why and when it was last tried. */
    void recordFailure(String accountId, String identifier, String error, Instant now) {
        jdbc.sql("""
                        UPDATE marketplace_hubs SET last_tried_at = ?, last_error = ?
                        WHERE account_id = ? AND identifier = ?""").params(Timestamp.from(now), error, accountId, identifier).update();
    }

    List<PackageRow> packages(String accountId) {
        return jdbc.sql("""
                        SELECT hub_identifier, package_id, declared_sha256, content FROM marketplace_packages
                        WHERE account_id = ? ORDER BY hub_identifier, package_id""")
                .param(accountId)
                .query((rs, n) -> new PackageRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    Optional<InstallRow> install(ProjectScope scope, String packageId) {
        return jdbc.sql("""
                        SELECT package_id, hub_identifier, version, sha256, parameters::text, experiments, workflows,
                               installed_by, installed_at
                        FROM marketplace_installs
                        WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND package_id = ?""")
                .params(scope.accountId(), scope.organization(), scope.project(), packageId)
                .query((rs, n) -> new InstallRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        strings(rs.getArray(6)),
                        strings(rs.getArray(7)),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .optional();
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    void saveInstall(ProjectScope scope, InstallRow row) {
        jdbc.sql("""
                        INSERT INTO marketplace_installs (account_id, org_identifier, project_identifier, package_id,
                            hub_identifier, version, sha256, parameters, experiments, workflows, installed_by, installed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                        ON CONFLICT (account_id, org_identifier, project_identifier, package_id) DO UPDATE SET
                            hub_identifier = excluded.hub_identifier, version = excluded.version,
                            sha256 = excluded.sha256, parameters = excluded.parameters,
                            experiments = excluded.experiments, workflows = excluded.workflows,
                            installed_by = excluded.installed_by, installed_at = excluded.installed_at""")
                .params(
                        scope.accountId(),
                        scope.organization(),
                        scope.project(),
                        row.packageId(),
                        row.hubIdentifier(),
                        row.version(),
                        row.sha256(),
                        row.parametersJson(),
                        row.experiments().toArray(String[]::new),
                        row.workflows().toArray(String[]::new),
                        row.installedBy(),
                        Timestamp.from(row.installedAt()))
                .update();
    }
}
