package io.chaosplane.logservice.system;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.logservice.LogServiceApplication;
import io.chaosplane.logservice.common.AccountScope;
import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.db.RuntimeRoleGuard;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.PostgresTestDatabase;
import io.chaosplane.testsupport.TenantWalls;
import io.chaosplane.testsupport.spring.TestDatabaseInitializer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Row-level security of the log database has no gaps: PostgreSQL's catalogue shows no table or partition the
 * service's role reaches without a tenant policy, one account's lines are invisible to another, and the service
 * refuses to start as a role that policies would not bind.
 */
@IntegrationTest
class LogTenantWallsTest {

    /** Tables without an account, and why each needs none: none so far. */
    static final Map<String, String> GLOBAL_TABLES = Map.of();

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    AccountScope scope;

    private String role() {
        return jdbc.queryForObject("SELECT current_user", String.class);
    }

    private static String todaysPartition() {
        return "log_lines_p" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    @Test
    void theServiceRunsAsItsOwnRoleAndEveryTableItReachesHasATenantPolicy() throws SQLException {
        assertThat(role()).isEqualTo("chaosplane_logs_app");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(TenantWalls.gaps(connection, role(), GLOBAL_TABLES)).isEmpty();
        }
    }

    @Test
    void theCatalogueCheckFindsAPartitionThatLostItsPolicy() throws SQLException {
        jdbc.queryForObject("SELECT create_log_partition(current_date)::text", String.class);
        String role = role();
        try (Connection owner = PostgresTestDatabase.get().connect()) {
            owner.setAutoCommit(false);
            try (Statement statement = owner.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '5s'");
                statement.execute("ALTER TABLE " + todaysPartition() + " DISABLE ROW LEVEL SECURITY");
                assertThat(TenantWalls.gaps(owner, role, GLOBAL_TABLES))
                        .singleElement()
                        .asString()
                        .startsWith(todaysPartition() + " is a partition");
            } finally {
                owner.rollback();
            }
        }
    }

    @Test
    void aPartitionNamedDirectlyIsClosedToTheService() {
        jdbc.queryForObject("SELECT create_log_partition(current_date)::text", String.class);

        assertThatThrownBy(() -> jdbc.queryForList("SELECT * FROM " + todaysPartition()))
                .rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void oneAccountsLinesAreInvisibleToAnotherAndOutsideAnyAccount() {
        String owner = Lines.newAccount();
        String other = Lines.newAccount();
        String run = Lines.newRun();
        Api agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(owner, run));
        assertThat(agent.put("/log-service/stream" + query(owner, run), Lines.range(1, 4))
                        .status())
                .isEqualTo(200);

        String count = "SELECT count(*) FROM log_lines l JOIN log_streams s ON s.id = l.stream_id"
                + " WHERE s.account_id = '" + owner + "'";
        assertThat(scope.call(owner, () -> jdbc.queryForObject(count, Integer.class)))
                .isEqualTo(3);
        assertThat(scope.call(other, () -> jdbc.queryForObject(count, Integer.class)))
                .isZero();
        assertThat(jdbc.queryForObject(count, Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM log_streams", Integer.class))
                .isZero();
    }

    @Test
    void theLogServiceStartedAsASuperuserRefusesToStartAndSaysWhy() {
        PostgresTestDatabase database = PostgresTestDatabase.get();
        Map<String, Object> properties = new HashMap<>(TestDatabaseInitializer.properties());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("server.port", "0");
        properties.put("chaosplane.log-tokens.secret", IntegrationTest.SECRET);
        properties.put("logging.structured.format.console", "");
        properties.put("spring.main.banner-mode", "off");

        assertThatThrownBy(() -> new SpringApplicationBuilder(LogServiceApplication.class)
                        .run(properties.entrySet().stream()
                                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                                .toArray(String[]::new))
                        .close())
                .isInstanceOf(RuntimeRoleGuard.UnconfinedRoleException.class)
                .hasMessageStartingWith("the log service refuses to start: its database role " + database.username()
                        + " is a superuser")
                .hasMessageContaining("row-level security would not bind it")
                .hasMessageNotContaining("\n");
    }
}
