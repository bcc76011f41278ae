package io.chaosplane.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads PostgreSQL's catalogue for the tables and partitions of the {@code public} schema that a role could read or
 * write without a tenant policy binding it: every table the role has a privilege on, and every partition of a table
 * that has row-level security (a partition named directly is a table of its own, outside its parent's policy), must
 * have row-level security enabled and at least one policy, unless the allow-list names it with its reason.
 */
public final class TenantWalls {

    private static final String TABLES = """
            SELECT c.relname,
                   has_table_privilege(?, c.oid, 'SELECT,INSERT,UPDATE,DELETE') AS reachable,
                   c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) AS walled,
                   EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class parent ON parent.oid = i.inhparent
                           WHERE i.inhrelid = c.oid AND parent.relrowsecurity) AS partition_of_walled
            FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
            ORDER BY c.relname""";

    private TenantWalls() {}

    /**
     * The gaps, one sentence each: tables the role reaches without a policy, and allow-list entries that name no
     * such table (a stale entry would hide the next gap of that name).
     */
    public static List<String> gaps(Connection connection, String role, Map<String, String> globalTables)
            throws SQLException {
        List<String> gaps = new ArrayList<>();
        List<String> unwalledReachable = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES)) {
            statement.setString(1, role);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString("relname");
                    boolean reachable = rows.getBoolean("reachable");
                    boolean walled = rows.getBoolean("walled");
                    boolean partition = rows.getBoolean("partition_of_walled");
                    if (walled) {
                        continue;
                    }
                    if (reachable) {
                        unwalledReachable.add(table);
                    }
                    if (partition) {
                        gaps.add(table + " is a partition of a table with row-level security but has no policy of its"
                                + " own");
                    } else if (reachable && !globalTables.containsKey(table)) {
                        gaps.add(role + " can read or write " + table + " without a tenant policy");
                    }
                }
            }
        }
        globalTables.keySet().stream()
                .filter(table -> !unwalledReachable.contains(table))
                .forEach(table -> gaps.add("the allow-list names " + table + ", which " + role
                        + " cannot reach without a policy (remove the entry)"));
        return gaps;
    }
}
