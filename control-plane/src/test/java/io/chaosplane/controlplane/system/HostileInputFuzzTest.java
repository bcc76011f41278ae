package io.chaosplane.controlplane.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.FakeRunner;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.PostgresTestDatabase;
import io.chaosplane.testsupport.fuzz.ApiOperation;
import io.chaosplane.testsupport.fuzz.HostileInputFuzzer;
import io.chaosplane.testsupport.fuzz.OpenApiOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation of the running control plane's OpenAPI document, and seed 001's agent routes listed once besides,
 * sent hostile requests as an admin of a tenant and as its agents: no 5xx, every error the problem body, and nothing
 * of the tenant stored by a request that was refused.
 */
@IntegrationTest
class HostileInputFuzzTest {

    private static final int REQUESTS_PER_OPERATION = 25;

    /** Below the admin role's 1,000 requests a minute: a new key takes over before the limit answers 429s. */
    private static final int REQUESTS_PER_KEY = 800;

    /** Columns the services write in the background (last use, heartbeats), which no request stores. */
    private static final List<String> BOOKKEEPING = List.of("last_used_at", "last_heartbeat_at");

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Value("${chaosplane.http.max-request-body}")
    DataSize maxBody;

    @Test
    void noHostileRequestGetsA5xxOrAnErrorOutsideTheProblemBodyOrStoresAnything() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api server = new Api(port);
        Api admin = server.withKey(tenant.adminKey());
        FakeAgent agent = FakeAgent.install(server, admin, "fuzz_linux");
        FakeRunner runner = FakeRunner.install(server, admin, "fuzz_k8s");
        List<ApiOperation> documented =
                OpenApiOperations.read(admin.get("/v3/api-docs").text());
        // admin keys are issued by people, not by keys
        Api adminPerson = fixtures.newPerson(tenant.accountId(), "admin").api(port);
        AdminKeys keys =
                new AdminKeys(adminPerson, (documented.size() + agentRoutes().size()) * REQUESTS_PER_OPERATION);
        try (AutoCloseable linuxBeats = agent.beatEvery(Duration.ofSeconds(5));
                AutoCloseable runnerBeats = runner.beatEvery(Duration.ofSeconds(5));
                StoredState stored = new StoredState(tenant.accountId())) {
            awaitConnected(admin, agent.infraId());
            awaitConnected(admin, runner.infraId());

            HostileInputFuzzer.Report report = HostileInputFuzzer.on(port)
                    .operations(documented)
                    .operations(agentRoutes())
                    .plainValue("streamID", "fuzz-stream")
                    .credentials(operation -> {
                        if (operation.path().contains("/chaos/lserver/")) {
                            return headers(agent.headers());
                        }
                        if (operation.path().contains("/chaos/kserver/")) {
                            return headers(runner.headers());
                        }
                        return Map.of("Authorization", "Bearer " + keys.next());
                    })
                    .storedState(stored::read)
                    .maxBody(maxBody.toBytes())
                    .requestsPerOperation(REQUESTS_PER_OPERATION)
                    .build()
                    .run();

            System.out.println("[control plane] " + report.summary());
            assertThat(report.operations()).isGreaterThan(agentRoutes().size());
            assertThat(report.failures()).as(report.summary()).isEmpty();
        }
    }

    /**
     * Seed 001's agent calls, at their three prefixes, listed once: covered whether or not the document describes
     * them (their credentials are the agent's, not an API key).
     */
    private static List<ApiOperation> agentRoutes() {
        var json = JsonMapper.builder().build();
        List<ApiOperation> routes = new ArrayList<>();
        for (String prefix : List.of("", "/gratis", "/gateway")) {
            for (String server : List.of("lserver", "kserver")) {
                String base = prefix + "/chaos/" + server + "/api/infra";
                routes.add(ApiOperation.listed(
                        "POST",
                        base + "/confirm",
                        List.of(),
                        "application/json",
                        json.readTree("{\"hostname\":\"ip-172-31-13-123\",\"version\":\"1.59.0\"}")));
                routes.add(ApiOperation.listed(
                        "POST", base + "/liveness", List.of(), "application/json", json.readTree("{}")));
                routes.add(ApiOperation.listed("GET", base + "/task", List.of(), null, null));
                routes.add(ApiOperation.listed(
                        "POST",
                        base + "/task/status/{taskName}",
                        List.of(),
                        "application/json",
                        json.readTree(
                                "{\"taskStatus\":\"Running\",\"lceUID\":\"4e2a8fb3-3736-4c12-ae55-c86c6030697d\"}")));
                routes.add(
                        ApiOperation.listed(
                                "POST",
                                base + "/logs",
                                List.of(),
                                "application/json",
                                json.readTree(
                                        "{\"streamID\":\"s\",\"accountID\":\"a\",\"logs\":[{\"level\":\"info\",\"pos\":0,"
                                                + "\"out\":\"[Chaos]: Injecting CPU stress chaos\",\"time\":\"2025-05-01T16:06:55Z\"}]}")));
                routes.add(ApiOperation.listed(
                        "POST",
                        base + "/task/result/{taskName}",
                        List.of(),
                        "application/json",
                        json.readTree(
                                "{\"result\":{\"taskStatus\":\"Error\",\"verdict\":\"Error\",\"probeSuccessPercentage\":"
                                        + "\"0\",\"probeStatuses\":[{\"name\":\"p\",\"type\":\"cmdProbe\",\"mode\":\"EOT\","
                                        + "\"status\":{\"verdict\":\"N/A\"}}]},\"logs\":\"...\"}")));
            }
            String v2 = prefix + "/chaos/kserver/api/infra/v2/task";
            routes.add(ApiOperation.listed(
                    "POST",
                    v2 + "/response/{infraId}",
                    List.of(),
                    "application/json",
                    json.readTree("{\"taskType\":\"WORKFLOW_EVENT\",\"executionType\":\"SYNC\",\"args\":{\"completed\":"
                            + "\"false\",\"executionData\":\"{\\\"nodes\\\":{}}\",\"workflowRunID\":"
                            + "\"76079280-cfd6-4390-8ea4-86771c10f44e\"}}")));
            routes.add(ApiOperation.listed(
                    "GET", v2 + "/experimentrun/{infraId}/{experimentId}/{runId}", List.of(), null, null));
        }
        return routes;
    }

    private static Map<String, String> headers(String[] namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    private static void awaitConnected(Api admin, String infraId) {
        Await.until(
                "infrastructure " + infraId + " is connected",
                () -> admin.get("/api/v1/infrastructures/" + infraId).json(),
                infra -> "CONNECTED".equals(infra.get("status").asString()));
    }

    /**
     * Admin keys of the tenant, each used below its rate limit. All are issued before the run, so that issuing one
     * never shows as something a hostile request stored.
     */
    private static final class AdminKeys {

        private final List<String> keys = new ArrayList<>();
        private final AtomicInteger used = new AtomicInteger();

        AdminKeys(Api admin, int requests) {
            for (int i = 0; i <= requests / REQUESTS_PER_KEY; i++) {
                keys.add(admin.post("/api/v1/apikeys", Map.of("name", "fuzz-" + i, "role", "admin"))
                        .json()
                        .get("key")
                        .asString());
            }
        }

        String next() {
            return keys.get(Math.min(keys.size() - 1, used.getAndIncrement() / REQUESTS_PER_KEY));
        }
    }

    /**
     * What the tenant has stored, table by table: a digest of its rows (a sum of their hashes, which needs no sort;
     * bookkeeping columns left out), and the
     * number of people and accounts, which belong to no tenant. Read as the tables' owner, past row-level security,
     * on a connection of its own.
     */
    private static final class StoredState implements AutoCloseable {

        private final Connection connection;
        private final PreparedStatement statement;

        StoredState(String accountId) throws SQLException {
            connection = PostgresTestDatabase.get().connect();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.createStatement().executeQuery("""
                    SELECT c.relname FROM pg_class c
                      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'account_id'
                     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                     ORDER BY c.relname""")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            String dropped =
                    BOOKKEEPING.stream().map(column -> "'" + column + "'").collect(Collectors.joining(","));
            List<String> parts = new ArrayList<>();
            for (String table : tables) {
                parts.add("SELECT '" + table + "', count(*) || ':' || coalesce(sum(hashtextextended(r, 0)), 0)"
                        + " FROM (SELECT (to_jsonb(t) - ARRAY[" + dropped + "])::text r FROM " + table
                        + " t WHERE account_id = ?) rows");
            }
            parts.add("SELECT 'users', count(*)::text FROM users");
            parts.add("SELECT 'accounts', count(*)::text FROM accounts");
            statement = connection.prepareStatement(String.join(" UNION ALL ", parts));
            for (int i = 1; i <= tables.size(); i++) {
                statement.setString(i, accountId);
            }
        }

        Map<String, String> read() {
            Map<String, String> state = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    state.put(rows.getString(1), rows.getString(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return state;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
