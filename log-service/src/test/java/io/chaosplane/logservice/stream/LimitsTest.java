package io.chaosplane.logservice.stream;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Lines, batches and bodies above their limits answer 413 in the product's problem body, and store nothing. */
@IntegrationTest
class LimitsTest {

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    String account;
    String key;
    Api agent;
    Api browser;

    @BeforeEach
    void setUp() {
        account = Lines.newAccount();
        String run = Lines.newRun();
        key = run + "-pod-delete";
        agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        browser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
    }

    @Test
    void aLineOfExactly64KiBIsStored() {
        var stored = agent.put("/log-service/stream" + query(account, key), line(0, "x".repeat(64 * 1024)));
        assertThat(stored.status()).isEqualTo(200);
    }

    @Test
    void aLineAbove64KiBIs413() {
        // 21,846 three-byte characters: few characters, but more than 64 KiB in UTF-8
        var refused = agent.put(
                "/log-service/stream" + query(account, key),
                "[" + line(0, "a").substring(1, line(0, "a").length() - 1) + ","
                        + line(1, "✓".repeat(21_846)).substring(1));

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asInt()).isEqualTo(413);
        assertThat(refused.json().get("error").asString()).isEqualTo("line [1] (pos 1): out has more than 65536 bytes");
        assertThat(browser.get("/log-service/stream" + query(account, key)).status())
                .isEqualTo(404);
    }

    @Test
    void aBatchAbove5000LinesIs413() {
        var refused = agent.put("/log-service/stream" + query(account, key), Lines.range(0, 5001));

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().get("error").asString())
                .isEqualTo("a batch may hold at most 5000 lines, this one has 5001");
    }

    @Test
    void aBatchOf5000LinesIsFine() {
        assertThat(agent.put("/log-service/stream" + query(account, key), Lines.range(0, 5000))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aBodyAbove4MiBIs413() {
        String big = line(0, "y".repeat(60_000));
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 72; i++) {
            body.append(i == 0 ? "" : ",").append(line(i, "y".repeat(60_000)), 1, big.length() - 1);
        }
        var refused = agent.put(
                "/log-service/stream" + query(account, key), body.append(']').toString());

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().get("code").asInt()).isEqualTo(413);
        assertThat(browser.get("/log-service/stream" + query(account, key)).status())
                .isEqualTo(404);
    }

    @Test
    void aTextBlobOfTooManyLinesIs413() {
        var refused = agent.send("POST", "/log-service/blob" + query(account, key), "x\n".repeat(5001), "text/plain");
        assertThat(refused.status()).isEqualTo(413);
    }

    private static String line(long pos, String out) {
        return "[{\"level\":\"info\",\"pos\":" + pos + ",\"out\":\"" + out + "\"}]";
    }
}
