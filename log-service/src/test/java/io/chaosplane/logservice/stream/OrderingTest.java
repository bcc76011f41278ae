package io.chaosplane.logservice.stream;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Batches that arrive out of order, twice, or at once end up as one stream in pos order without duplicates. */
@IntegrationTest
class OrderingTest {

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
        key = run + "-linux-cpu-stress";
        agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        browser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
    }

    @Test
    void batchesSentBackwardsAreReadForwards() {
        for (long from = 40; from >= 0; from -= 10) {
            assertThat(agent.put("/log-service/stream" + query(account, key), Lines.range(from, from + 10))
                            .status())
                    .isEqualTo(200);
        }

        assertThat(positions()).isEqualTo(LongStream.range(0, 50).boxed().toList());
    }

    @Test
    void aBatchSentTwiceIsStoredOnce() {
        agent.put("/log-service/stream" + query(account, key), Lines.range(0, 10));
        var again = agent.put("/log-service/stream" + query(account, key), Lines.range(0, 10));

        assertThat(again.status()).isEqualTo(200);
        assertThat(positions()).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void aBatchMixingNewAndStoredPositionsStoresOnlyTheNewOnes() {
        agent.put("/log-service/stream" + query(account, key), Lines.range(0, 5));
        var mixed = agent.put("/log-service/stream" + query(account, key), Lines.range(3, 8));

        assertThat(mixed.status()).isEqualTo(200);
        assertThat(positions()).isEqualTo(LongStream.range(0, 8).boxed().toList());
    }

    @Test
    void aRepeatedPosKeepsItsFirstLine() {
        agent.put("/log-service/stream" + query(account, key), "[{\"pos\":7,\"out\":\"first\"}]");
        agent.put(
                "/log-service/stream" + query(account, key),
                "[{\"pos\":7,\"out\":\"second\"},{\"pos\":8,\"out\":\"next\"}]");

        JsonNode lines =
                browser.get("/log-service/stream" + query(account, key)).json();
        assertThat(lines.get(0).get("out").asString()).isEqualTo("first");
        assertThat(lines.get(1).get("out").asString()).isEqualTo("next");
    }

    @Test
    void shuffledOverlappingBatchesSentAtOnceMakeOneOrderedStream() {
        List<List<Long>> batches = new ArrayList<>();
        Random random = new Random(42);
        for (long from = 0; from < 1000; from += 50) {
            List<Long> batch = new ArrayList<>(
                    LongStream.range(from, Math.min(1000, from + 60)).boxed().toList());
            Collections.shuffle(batch, random);
            batches.add(batch);
            batches.add(batch); // every batch twice, as a retrying agent would
        }
        Collections.shuffle(batches, random);

        List<CompletableFuture<Api.Response>> sent = batches.stream()
                .map(batch -> agent.putAsync("/log-service/stream" + query(account, key), Lines.at(batch)))
                .toList();

        assertThat(sent)
                .allSatisfy(response -> assertThat(response.join().status()).isEqualTo(200));
        assertThat(positions()).isEqualTo(LongStream.range(0, 1000).boxed().toList());
    }

    private List<Long> positions() {
        JsonNode lines = browser.get("/log-service/stream" + query(account, key) + "&limit=5000")
                .json();
        return StreamSupport.stream(lines.spliterator(), false)
                .map(line -> line.get("pos").asLong())
                .toList();
    }
}
