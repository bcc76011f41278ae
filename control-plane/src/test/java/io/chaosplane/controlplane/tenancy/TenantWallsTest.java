package io.chaosplane.controlplane.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.SecondReplica;
import io.chaosplane.service.db.RuntimeRoleGuard;
import io.chaosplane.testsupport.PostgresTestDatabase;
import io.chaosplane.testsupport.TenantWalls;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Row-level security has no gaps: PostgreSQL's catalogue shows no table or partition the application's role reaches
 * without a tenant policy (but the few global tables below, each with its reason), partitions made later get the
 * policy too, and the control plane refuses to start as a role that policies would not bind.
 */
@IntegrationTest
class TenantWallsTest {

    /** Tables without a tenant, and why each needs none. */
    static final Map<String, String> GLOBAL_TABLES = Map.of(
            "rate_limit_buckets",
            "counters keyed by an API key's hash or a client address, read before the caller's tenant is known",
            "benchmark_peer_aggregates",
            "industry percentiles across at least five opted-in accounts (a CHECK holds contributors >= 5), with no"
                    + " account column: every tenant reads the same figures, and only a definer function writes them");

    @Autowired
    Fixtures fixtures;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantContext tenants;

    @Autowired
    TransactionTemplate transactions;

    private String role() {
        return jdbc.queryForObject("SELECT current_user", String.class);
    }

    @Test
    void everyTableThatTheApplicationReachesHasATenantPolicyOrAReason() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(TenantWalls.gaps(connection, role(), GLOBAL_TABLES)).isEmpty();
        }
    }

    @Test
    void theCatalogueCheckFindsAPartitionThatLostItsPolicy() throws SQLException {
        String role = role();
        try (Connection owner = PostgresTestDatabase.get().connect()) {
            owner.setAutoCommit(false);
            try (Statement statement = owner.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '5s'");
                statement.execute("ALTER TABLE events_default DISABLE ROW LEVEL SECURITY");
                assertThat(TenantWalls.gaps(owner, role, GLOBAL_TABLES))
                        .singleElement()
                        .asString()
                        .startsWith("events_default is a partition");
            } finally {
                owner.rollback();
            }
        }
    }

    @Test
    void aPartitionNamedDirectlyIsClosedToTheApplication() {
        String first = fixtures.newTenant().accountId();

        assertThatThrownBy(() -> tenants.runAs(
                        first,
                        () -> transactions.executeWithoutResult(
                                status -> jdbc.queryForList("SELECT account_id FROM events_default"))))
                .rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void partitionsMadeLaterGetThePolicyAndStayClosed() throws SQLException {
        jdbc.execute("SELECT ensure_event_partitions(15)");

        List<String> partitions = jdbc.queryForList(
                "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'events'::regclass", String.class);
        assertThat(partitions).hasSizeGreaterThan(15);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(TenantWalls.gaps(connection, role(), GLOBAL_TABLES)).isEmpty();
        }
        assertThatThrownBy(() -> jdbc.queryForList("SELECT * FROM " + partitions.getLast()))
                .rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void aTenantSeesOnlyItsOwnMembersAmongThePeople() {
        Fixtures.Tenant first = fixtures.newTenant();
        Fixtures.Tenant second = fixtures.newTenant();
        member(first.accountId());
        member(second.accountId());

        List<String> accounts = tenants.callAs(
                first.accountId(),
                () -> transactions.execute(status -> jdbc.queryForList(
                        "SELECT DISTINCT m.account_id FROM users u LEFT JOIN memberships m ON m.user_id = u.id",
                        String.class)));
        Integer outsideAnyTenant = jdbc.queryForObject("SELECT count(*) FROM users", Integer.class);

        assertThat(accounts).containsExactly(first.accountId());
        assertThat(outsideAnyTenant).isZero();
    }

    private void member(String accountId) {
        fixtures.asOwner(connection -> {
            try (var statement = connection.prepareStatement("""
                    WITH person AS (
                        INSERT INTO users (id, email, display_name, password_hash)
                        VALUES (gen_random_uuid(), ?, 'Person', 'x') RETURNING id)
                    INSERT INTO memberships (id, account_id, user_id, role)
                    SELECT gen_random_uuid(), ?, id, 'viewer' FROM person""")) {
                statement.setString(1, "person@" + accountId + ".example");
                statement.setString(2, accountId);
                statement.executeUpdate();
            }
        });
    }

    @Test
    void theControlPlaneStartedAsASuperuserRefusesToStartAndSaysWhy() {
        PostgresTestDatabase database = PostgresTestDatabase.get();

        assertThatThrownBy(() -> SecondReplica.start(
                                "spring.datasource.username=" + database.username(),
                                "spring.datasource.password=" + database.password())
                        .close())
                .isInstanceOf(RuntimeRoleGuard.UnconfinedRoleException.class)
                .hasMessageStartingWith("the control plane refuses to start: its database role " + database.username()
                        + " is a superuser")
                .hasMessageContaining("row-level security would not bind it")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRoleWithBypassRlsOrOwningTablesIsRefusedToo() throws SQLException {
        try (Connection owner = PostgresTestDatabase.get().connect()) {
            owner.setAutoCommit(false);
            try (Statement statement = owner.createStatement()) {
                statement.execute("CREATE ROLE walls_bypass NOLOGIN BYPASSRLS");
                statement.execute("CREATE ROLE walls_owner NOLOGIN");
                statement.execute("CREATE TABLE walls_probe (id int)");
                statement.execute("ALTER TABLE walls_probe OWNER TO walls_owner");

                statement.execute("SET ROLE walls_bypass");
                assertThat(RuntimeRoleGuard.problem(owner))
                        .hasValueSatisfying(problem ->
                                assertThat(problem).startsWith("its database role walls_bypass has BYPASSRLS,"));
                statement.execute("RESET ROLE");
                statement.execute("SET ROLE walls_owner");
                assertThat(RuntimeRoleGuard.problem(owner))
                        .hasValueSatisfying(problem -> assertThat(problem)
                                .startsWith("its database role walls_owner owns tables (walls_probe),"));
                statement.execute("RESET ROLE");
                statement.execute("SET ROLE " + role());
                assertThat(RuntimeRoleGuard.problem(owner)).isEmpty();
            } finally {
                owner.rollback();
            }
        }
    }
}
