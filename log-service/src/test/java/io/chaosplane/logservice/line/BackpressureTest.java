package io.chaosplane.logservice.line;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A writer that cannot keep up fills its queue; beyond it requests are refused at once with 503 and Retry-After,
 * and what was queued is stored once the database lets the writer go on. (The test context allows 6,000 queued lines.)
 */
@IntegrationTest
class BackpressureTest {

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    @Autowired
    LineWriter writer;

    @Test
    void aFullQueueAnswers503WithRetryAfterAndLosesNothingItAccepted() throws Exception {
        String account = Lines.newAccount();
        String run = Lines.newRun();
        String key = run + "-slow";
        Api agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        agent.post("/log-service" + query(account, key), null);

        try (Connection blocker = PostgresTestDatabase.get().connect()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "SELECT 1 FROM log_streams WHERE account_id = ? AND stream_key = ? FOR UPDATE")) {
                lock.setString(1, account);
                lock.setString(2, key);
                lock.executeQuery();
            }
            CompletableFuture<Api.Response> first =
                    agent.putAsync("/log-service/stream" + query(account, key), Lines.range(0, 3000));
            CompletableFuture<Api.Response> second =
                    agent.putAsync("/log-service/stream" + query(account, key), Lines.range(3000, 6000));
            awaitQueued(6000);

            Api.Response refused = agent.put("/log-service/stream" + query(account, key), Lines.range(6000, 6100));

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().get("error").asString()).contains("try again");
            assertThat(first).isNotDone();
            blocker.rollback();
            assertThat(first.join().status()).isEqualTo(200);
            assertThat(second.join().status()).isEqualTo(200);
        }
        Api browser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
        assertThat(browser.get("/log-service/stream" + query(account, key) + "&limit=5000&fromPos=1000")
                        .json()
                        .size())
                .isEqualTo(5000);
    }

    private void awaitQueued(long lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (writer.queuedLines() < lines) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer never held " + lines + " lines, only " + writer.queuedLines());
            }
            Thread.sleep(20);
        }
    }
}
