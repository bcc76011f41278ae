package io.chaosplane.logservice.system;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.testsupport.fuzz.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Requests the container or the body reader refuses still get the product's problem body, never an HTML page. */
@IntegrationTest
class BadInputTest {

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    private RawHttp.Response send(String method, String target, Map<String, String> headers, String body)
            throws IOException {
        return new RawHttp(port, Duration.ofSeconds(30)).send(method, target, headers, body.getBytes());
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(response.text());
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/log-service/stream%00",
                "/log-service/a%2Fb",
                "/log-service/%zz",
                "/log-service/%C0%AF",
                "/gateway/log-service/stream?accountID=a%zz&key=k",
                "/log-service/stream?accountID=%C0%AF&key=k"
            })
    void aMalformedPathOrQueryIsA400Problem(String target) throws IOException {
        assertProblem(send("GET", target, Map.of("Accept", "text/html"), ""), 400);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "multipart/form-data",
                "application/x-www-form-urlencoded",
                "application/json; charset=ISO-8859-1",
                "text/plain"
            })
    void aLineBatchOfAnotherTypeIsA415Problem(String contentType) throws IOException {
        String account = Lines.newAccount();
        String run = Lines.newRun();

        var response = send(
                "PUT",
                "/log-service/stream" + query(account, run + "-fault"),
                Map.of("Content-Type", contentType, "X-Harness-Token", tokens.write(account, run)),
                Lines.range(0, 1));

        assertProblem(response, 415);
    }
}
