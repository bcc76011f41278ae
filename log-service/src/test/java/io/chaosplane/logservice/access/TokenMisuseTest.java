package io.chaosplane.logservice.access;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every way of writing without the right token is refused, and leaves no trace. */
@IntegrationTest
class TokenMisuseTest {

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    @Autowired
    TestClock clock;

    String account;
    String run;
    String key;
    Api browser;

    @BeforeEach
    void setUp() {
        account = Lines.newAccount();
        run = Lines.newRun();
        key = run + "-pod-delete";
        browser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
    }

    @Test
    void noTokenIs401() {
        assertRefusedEverywhere(new Api(port), 401, "missing token");
    }

    @Test
    void aTokenSignedWithAnotherSecretIs401() {
        LogStreamTokens forger =
                new LogStreamTokens("some-other-secret-that-is-long-enough".getBytes(StandardCharsets.UTF_8), clock);
        String forged = forger.mint(account, run, Set.of(Permission.WRITE), Duration.ofHours(1));
        assertRefusedEverywhere(new Api(port).withHeader(LogStreamTokens.HEADER, forged), 401, "bad token signature");
    }

    @Test
    void anExpiredTokenIs401() {
        LogStreamTokens yesterday = new LogStreamTokens(
                IntegrationTest.SECRET.getBytes(StandardCharsets.UTF_8), Clock.offset(clock, Duration.ofDays(-1)));
        String expired = yesterday.mint(account, run, Set.of(Permission.WRITE), Duration.ofHours(1));
        assertRefusedEverywhere(new Api(port).withHeader(LogStreamTokens.HEADER, expired), 401, "token expired");
    }

    @Test
    void aTokenAcceptedOnceIsRefusedOnceItExpires() {
        Api agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        assertThat(agent.put("/log-service/stream" + query(account, key), Lines.range(0, 1))
                        .status())
                .isEqualTo(200);
        try {
            clock.advance(Duration.ofHours(2));
            var late = agent.put("/log-service/stream" + query(account, key), Lines.range(1, 2));
            assertThat(late.status()).isEqualTo(401);
            assertThat(late.json().get("error").asString()).contains("token expired");
        } finally {
            clock.reset();
        }
    }

    @Test
    void aGarbledTokenIs401() {
        assertRefusedEverywhere(new Api(port).withHeader(LogStreamTokens.HEADER, "accessKey"), 401, "malformed token");
    }

    @Test
    void anotherAccountsTokenIs403() {
        assertRefusedEverywhere(
                new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(Lines.newAccount(), run)),
                403,
                "another account");
    }

    @Test
    void anotherRunsTokenIs403() {
        assertRefusedEverywhere(
                new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, Lines.newRun())),
                403,
                "does not cover");
    }

    @Test
    void aTokenForARunWhoseIdMerelyStartsTheSameIs403() {
        String shorter = run.substring(0, run.length() - 1);
        assertRefusedEverywhere(
                new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, shorter)),
                403,
                "does not cover");
    }

    @Test
    void aReadTokenCannotWrite() {
        assertRefusedEverywhere(browser, 403, "does not allow write");
    }

    @Test
    void aWriteTokenCannotRead() {
        Api agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        agent.put("/log-service/stream" + query(account, key), Lines.range(0, 1));

        var read = agent.get("/log-service/stream" + query(account, key));

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().get("error").asString()).contains("does not allow read");
    }

    @Test
    void refusalsNeverRepeatTheToken() {
        String token = tokens.write(Lines.newAccount(), run);
        var refused = new Api(port)
                .withHeader(LogStreamTokens.HEADER, token)
                .put("/log-service/stream" + query(account, key), "[]");
        assertThat(refused.text()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    }

    private void assertRefusedEverywhere(Api caller, int status, String reason) {
        String q = query(account, key);
        for (Function<Api, Api.Response> call : java.util.List.<Function<Api, Api.Response>>of(
                api -> api.post("/log-service" + q, null),
                api -> api.put("/log-service/stream" + q, Lines.range(0, 3)),
                api -> api.put("/gateway/log-service/stream" + q, Lines.range(0, 3)),
                api -> api.send("POST", "/log-service/blob" + q, "text", "text/plain"),
                api -> api.delete("/log-service" + q))) {
            Api.Response response = call.apply(caller);
            assertThat(response.status()).as(response.toString()).isEqualTo(status);
            assertThat(response.json().get("error").asString()).contains(reason);
        }
        assertThat(browser.get("/log-service/stream" + q).status())
                .as("nothing was stored")
                .isEqualTo(404);
    }
}
