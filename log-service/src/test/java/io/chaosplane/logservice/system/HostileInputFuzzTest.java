package io.chaosplane.logservice.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.common.AccountScope;
import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.fuzz.ApiOperation;
import io.chaosplane.testsupport.fuzz.HostileInputFuzzer;
import io.chaosplane.testsupport.fuzz.OpenApiOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation of the running log service's OpenAPI document, and seed 001's log routes listed once besides,
 * sent hostile requests: no 5xx, every error the problem body, and a refused request stores no stream and no line.
 */
@IntegrationTest
class HostileInputFuzzTest {

    /** Seed 001's "Log Management" calls, at both prefixes, whatever the document says of them. */
    private static final List<ApiOperation> SEED_ROUTES = seedRoutes();

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountScope scope;

    @Value("${chaosplane.http.max-request-body}")
    DataSize maxBody;

    @Test
    void noHostileRequestGetsA5xxOrAnErrorOutsideTheProblemBodyOrStoresAnything() {
        String account = Lines.newAccount();
        String run = Lines.newRun();
        String write = tokens.write(account, run);
        String read = tokens.read(account, run);
        List<ApiOperation> documented = OpenApiOperations.read(new Api(port)
                .withHeader("X-Harness-Token", read)
                .get("/v3/api-docs")
                .text());

        HostileInputFuzzer.Report report = HostileInputFuzzer.on(port)
                .operations(documented)
                .operations(SEED_ROUTES)
                .plainValue("accountID", account)
                .plainValue("key", run + "-fuzz")
                .credentials(operation ->
                        Map.of("X-Harness-Token", operation.method().equals("GET") ? read : write))
                .storedState(() -> storedOf(account))
                .maxBody(maxBody.toBytes())
                .requestsPerOperation(150)
                .build()
                .run();

        System.out.println("[log service] " + report.summary());
        assertThat(report.operations()).isGreaterThanOrEqualTo(SEED_ROUTES.size());
        assertThat(report.failures()).as(report.summary()).isEmpty();
    }

    private Map<String, String> storedOf(String account) {
        return scope.call(
                account,
                () -> Map.of(
                        "log_streams",
                        jdbc.queryForObject(
                                "SELECT count(*) || '/' || count(closed_at) FROM log_streams WHERE account_id = ?",
                                String.class,
                                account),
                        "log_lines",
                        jdbc.queryForObject(
                                "SELECT count(*)::text FROM log_lines l JOIN log_streams s ON s.id = l.stream_id"
                                        + " WHERE s.account_id = ?",
                                String.class,
                                account)));
    }

    private static List<ApiOperation> seedRoutes() {
        var json = JsonMapper.builder().build();
        var lines = json.readTree("[{\"level\":\"info\",\"pos\":1,\"out\":\"[Start]: pod-delete FAULT START\","
                + "\"time\":\"2025-05-01T17:27:56Z\",\"args\":{\"PodName\":\"pod-delete-wm3\"}}]");
        List<String> stream = List.of("accountID", "key");
        List<ApiOperation> routes = new ArrayList<>();
        for (String base : List.of("/log-service", "/gateway/log-service")) {
            routes.add(ApiOperation.listed("POST", base, stream, null, null));
            routes.add(ApiOperation.listed("PUT", base + "/stream", stream, "application/json", lines));
            routes.add(ApiOperation.listed("POST", base + "/blob", stream, "application/json", lines));
            routes.add(ApiOperation.listed("POST", base + "/blob", stream, "text/plain", null));
            routes.add(ApiOperation.listed("DELETE", base, stream, null, null));
            routes.add(ApiOperation.listed("GET", base + "/stream", stream, null, null));
            routes.add(ApiOperation.listed("GET", base + "/tail", stream, null, null));
        }
        return List.copyOf(routes);
    }
}
