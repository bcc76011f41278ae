package io.chaosplane.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.common.ListQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What PostgreSQL plans for a list's query, asked the way the application asks it: on the application's own
 * connection (its role, which row-level security binds), in a transaction that names the tenant, with the query's
 * parameters bound, so that the planner sees the real policy and the real values, as it does for a request.
 */
public final class QueryPlans {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The tables a list must never read whole. */
    private static final Set<String> LARGE = Set.of("experiments", "experiment_runs", "events");

    private QueryPlans() {}

    /** One node of a plan: its type, the table it reads (if any), and how it hangs under its parent. */
    public record Node(String type, String relation, String index, String parentRelationship) {

        @Override
        public String toString() {
            return type
                    + (relation == null ? "" : " on " + relation)
                    + (index == null ? "" : " using " + index)
                    + (parentRelationship == null ? "" : " (" + parentRelationship + ")");
        }
    }

    /** The nodes of the plan of {@code query} run for {@code account}, in plan order. */
    public static List<Node> plan(DataSource application, String account, ListQuery query) {
        try (Connection connection = application.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement tenant =
                        connection.prepareStatement("SELECT set_config('app.account_id', ?, true)")) {
                    tenant.setString(1, account);
                    tenant.execute();
                }
                String explained = new NamedParameterJdbcTemplate(new SingleConnectionDataSource(connection, true))
                        .queryForObject("EXPLAIN (FORMAT JSON) " + query.sql(), query.params(), String.class);
                List<Node> nodes = new ArrayList<>();
                collect(JSON.readTree(explained).get(0).get("Plan"), nodes);
                return nodes;
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fails unless the query reads experiments, runs and events through indexes only, and evaluates nothing per row
     * as a sub-plan (row-level security's tenant setting is an init plan, evaluated once per query).
     */
    public static List<Node> assertIndexed(DataSource application, String account, ListQuery query) {
        List<Node> nodes = plan(application, account, query);
        Set<String> empty = emptyTables(application);
        assertThat(nodes)
                .as("plan of %s", query.sql())
                .noneMatch(node ->
                        node.type().equals("Seq Scan") && isLarge(node.relation()) && !empty.contains(node.relation()))
                .noneMatch(node -> "SubPlan".equals(node.parentRelationship()))
                .anyMatch(node -> isLarge(node.relation()));
        return nodes;
    }

    /**
     * The tables that hold no page at all, as the events partitions of months to come: a sequential scan of one reads
     * nothing, and the planner rightly prefers it to an index there.
     */
    private static Set<String> emptyTables(DataSource application) {
        try (Connection connection = application.getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relpages = 0 AND reltuples <= 0")) {
            Set<String> empty = new java.util.HashSet<>();
            while (rows.next()) {
                empty.add(rows.getString(1));
            }
            return empty;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Brings the planner's statistics and the visibility map up to date, as autovacuum would have. */
    public static void vacuumAnalyze(Fixtures fixtures, String... tables) {
        fixtures.asOwner(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute("VACUUM (ANALYZE) " + table);
                }
            }
        });
    }

    private static boolean isLarge(String relation) {
        // events is partitioned: its partitions are events_default and events_YYYY_MM
        return relation != null && (LARGE.contains(relation) || relation.startsWith("events_"));
    }

    private static void collect(JsonNode plan, List<Node> nodes) {
        nodes.add(new Node(
                plan.get("Node Type").asString(),
                plan.has("Relation Name") ? plan.get("Relation Name").asString() : null,
                plan.has("Index Name") ? plan.get("Index Name").asString() : null,
                plan.has("Parent Relationship")
                        ? plan.get("Parent Relationship").asString()
                        : null));
        JsonNode children = plan.get("Plans");
        if (children != null) {
            for (JsonNode child : children) {
                collect(child, nodes);
            }
        }
    }
}
