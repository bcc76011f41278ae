package io.chaosplane.controlplane.support;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * Many rows at once, written by the tables' owner with generate_series, for tests that need the planner to see a
 * realistic table: several tenants whose rows interleave in time, as they do when tenants work side by side.
 */
public final class ListSeeds {

    private ListSeeds() {}

    /**
     * {@code perAccount} experiments for each account in its default project, across seven namespaces, one every
     * second going back from now; a manifest of {@code '{}'} (enough for plans, not for reading them through the API).
     */
    public static void experiments(Fixtures fixtures, List<String> accounts, int perAccount) {
        fixtures.asOwner(connection -> {
            Array ids = connection.createArrayOf("text", accounts.toArray());
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO experiments (id, account_id, org_identifier, project_identifier, namespace, name,
                                             manifest, created_by, created_at, updated_at)
                    SELECT gen_random_uuid(), (?::text[])[1 + g % cardinality(?::text[])], 'default', 'default_project',
                           'ns-' || (g % 7), 'seeded-' || g, '{}'::jsonb, 'seed',
                           now() - g * interval '1 second', now() - g * interval '1 second'
                      FROM generate_series(1, ?) g""")) {
                insert.setArray(1, ids);
                insert.setArray(2, ids);
                insert.setInt(3, perAccount * accounts.size());
                insert.executeUpdate();
            }
        });
    }

    /** {@code count} runs of each of the accounts' experiments named {@code name}, the newest last. */
    public static void runs(Fixtures fixtures, List<String> accounts, String name, int count) {
        fixtures.asOwner(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                                                 run_sequence, phase, faults_total, created_by, created_at)
                    SELECT gen_random_uuid(), e.account_id, e.id, e.org_identifier, e.project_identifier,
                           coalesce((SELECT max(run_sequence) FROM experiment_runs r WHERE r.experiment_id = e.id), 0)
                               + s,
                           'Completed', 1, 'seed', now() - (? - s) * interval '1 second'
                      FROM experiments e CROSS JOIN generate_series(1, ?) s
                     WHERE e.account_id = ANY (?) AND e.name = ?""")) {
                insert.setInt(1, count);
                insert.setInt(2, count);
                insert.setArray(3, connection.createArrayOf("text", accounts.toArray()));
                insert.setString(4, name);
                insert.executeUpdate();
            }
        });
    }

    /**
     * {@code perAccount} events for each account, one every second going back from now (into the previous months'
     * partitions), half of them of the default project and the rest account-wide.
     */
    public static void events(Fixtures fixtures, List<String> accounts, int perAccount) {
        fixtures.asOwner(connection -> {
            Array ids = connection.createArrayOf("text", accounts.toArray());
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO events (account_id, occurred_at, type, reason, resource_kind, resource_name,
                                        org_identifier, project_identifier, namespace, message)
                    SELECT (?::text[])[1 + g % cardinality(?::text[])], now() - g * interval '1 second',
                           CASE WHEN g % 5 = 0 THEN 'Warning' ELSE 'Normal' END, 'Seeded', 'Experiment',
                           'seeded-' || (g % 50),
                           CASE WHEN g % 2 = 0 THEN 'default' END, CASE WHEN g % 2 = 0 THEN 'default_project' END,
                           'ns-' || (g % 7), 'seeded event ' || g
                      FROM generate_series(1, ?) g""")) {
                insert.setArray(1, ids);
                insert.setArray(2, ids);
                insert.setInt(3, perAccount * accounts.size());
                insert.executeUpdate();
            }
        });
    }
}
