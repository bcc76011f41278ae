package io.chaosplane.logservice.tail;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.SseClient;
import io.chaosplane.logservice.support.SseClient.Event;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser following a stream gets what is stored, then each new line, then the end. Tails here re-check only
 * every 30 s, so lines seen within seconds came by wake-up.
 */
@IntegrationTest
class TailTest {

    static final Duration SOON = Duration.ofSeconds(10);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    String account;
    String run;
    String key;
    Api agent;
    String readToken;

    @BeforeEach
    void setUp() {
        account = Lines.newAccount();
        run = Lines.newRun();
        key = run + "-pod-delete";
        agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        readToken = tokens.read(account, run);
    }

    @Test
    void replaysWhatIsStoredThenFollowsThenEndsWhenClosed() throws Exception {
        agent.put("/log-service/stream" + query(account, key), Lines.range(0, 3));

        try (SseClient tail = SseClient.open(url("/gateway/log-service/tail"), "X-Harness-Token", readToken)) {
            assertThat(tail.status()).isEqualTo(200);
            assertThat(positions(tail.next(3, SOON))).containsExactly(0L, 1L, 2L);

            agent.put("/log-service/stream" + query(account, key), Lines.range(3, 5));
            List<Event> followed = tail.next(2, SOON);
            assertThat(positions(followed)).containsExactly(3L, 4L);
            assertThat(followed.getFirst().name()).isEqualTo("line");
            assertThat(JSON.readTree(followed.getFirst().data()).get("out").asString())
                    .isEqualTo("line 3");

            agent.delete("/log-service" + query(account, key));
            Event end = tail.next(SOON);
            assertThat(end.name()).isEqualTo("end");
            assertThat(JSON.readTree(end.data()).get("nextPos").asLong()).isEqualTo(5);
            assertThat(tail.ended(SOON)).isTrue();
        }
    }

    @Test
    void aTailConnectedBeforeAnyLineGetsThemAsTheyCome() throws Exception {
        agent.post("/log-service" + query(account, key), null);

        try (SseClient tail = SseClient.open(url("/log-service/tail") + "&token=" + readToken)) {
            assertThat(tail.status()).isEqualTo(200);
            assertThat(tail.quietFor(Duration.ofMillis(300))).isTrue();

            for (long from = 0; from < 30; from += 10) {
                agent.put("/log-service/stream" + query(account, key), Lines.range(from, from + 10));
                assertThat(positions(tail.next(10, SOON)))
                        .isEqualTo(LongStream.range(from, from + 10).boxed().toList());
            }
            agent.delete("/log-service" + query(account, key));
            assertThat(tail.next(SOON).name()).isEqualTo("end");
        }
    }

    @Test
    void linesArrivingOutOfOrderAreSentInOrderOnceTheGapIsFilledToo() throws Exception {
        agent.put("/log-service/stream" + query(account, key), Lines.range(0, 2));
        try (SseClient tail = SseClient.open(url("/log-service/tail"), "X-Harness-Token", readToken)) {
            assertThat(positions(tail.next(2, SOON))).containsExactly(0L, 1L);
            agent.put("/log-service/stream" + query(account, key), Lines.range(2, 4));
            assertThat(positions(tail.next(2, SOON))).containsExactly(2L, 3L);
        }
    }

    @Test
    void aReconnectingBrowserResumesAfterItsLastEventId() throws Exception {
        agent.put("/log-service/stream" + query(account, key), Lines.range(0, 10));
        agent.delete("/log-service" + query(account, key));

        try (SseClient tail =
                SseClient.open(url("/log-service/tail"), "X-Harness-Token", readToken, "Last-Event-ID", "6")) {
            assertThat(positions(tail.next(3, SOON))).containsExactly(7L, 8L, 9L);
            assertThat(tail.next(SOON).name()).isEqualTo("end");
        }
        try (SseClient tail = SseClient.open(url("/log-service/tail") + "&fromPos=9", "X-Harness-Token", readToken)) {
            assertThat(positions(tail.next(1, SOON))).containsExactly(9L);
        }
    }

    @Test
    void aTailWithoutTokenIs401InTheProblemBody() {
        Api.Response refused =
                new Api(port).get("/log-service/tail" + query(account, key), "Accept", "text/event-stream");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asInt()).isEqualTo(401);
    }

    @Test
    void aGarbledLastEventIdIsABadRequest() {
        Api.Response refused = new Api(port)
                .withHeader(LogStreamTokens.HEADER, readToken)
                .get("/log-service/tail" + query(account, key), "Accept", "text/event-stream", "Last-Event-ID", "abc");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("Last-Event-ID");
    }

    private String url(String path) {
        return "http://localhost:" + port + path + query(account, key);
    }

    private static List<Long> positions(List<Event> events) {
        return events.stream().map(event -> Long.parseLong(event.id())).toList();
    }
}
