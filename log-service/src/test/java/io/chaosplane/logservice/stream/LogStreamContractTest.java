package io.chaosplane.logservice.stream;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Seed 001's "Log Management" calls, with the seed's bodies and headers verbatim. */
@IntegrationTest
class LogStreamContractTest {

    /** The seed's "Stream Execution Logs" sample request body, as printed. */
    static final String SEED_STREAM_BODY = """
            [{
              "level": "info",
              "pos": 1,
              "out": "[Start]: pod-delete FAULT START",
              "time": "2025-05-01T17:27:56Z",
              "args": {
                "PodName": "pod-delete-wm3-d6moyr-vwkng",
                "PodNamespace": "v2"
              }
            }]""";

    static final String[] SEED_HEADERS = {"Content-Type", "application/json", "Accept", "application/json"};

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    String account;
    String run;
    String key;
    Api agent;
    Api browser;

    @BeforeEach
    void setUp() {
        account = Lines.newAccount();
        run = Lines.newRun();
        key = run + "-pod-delete";
        agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        browser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/gateway/log-service", "/log-service"})
    void openStreamCloseAsTheSeedShowsThem(String base) {
        var opened = agent.send("POST", base + query(account, key), null, null, SEED_HEADERS);
        assertThat(opened.status()).isEqualTo(201);
        assertThat(opened.json().get("closed").asBoolean()).isFalse();

        var streamed = agent.send(
                "PUT", base + "/stream" + query(account, key), SEED_STREAM_BODY, "application/json", SEED_HEADERS);
        assertThat(streamed.status()).as(streamed.toString()).isEqualTo(200);
        assertThat(streamed.json().get("success").asBoolean()).isTrue();

        var closed = agent.send("DELETE", base + query(account, key), null, null, SEED_HEADERS);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().get("closed").asBoolean()).isTrue();

        var read = browser.get(base + "/stream" + query(account, key));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(JsonMapper.builder().build().readTree(SEED_STREAM_BODY));
        assertThat(read.header("X-Stream-Closed")).isEqualTo("true");
        assertThat(read.header("X-Next-Pos")).isEqualTo("2");
    }

    @Nested
    class Open {

        @Test
        void openingAnOpenStreamAgainIsFine() {
            assertThat(agent.post("/log-service" + query(account, key), null).status())
                    .isEqualTo(201);
            assertThat(agent.post("/log-service" + query(account, key), null).status())
                    .isEqualTo(200);
        }

        @Test
        void aClosedStreamCannotBeOpenedAgain() {
            agent.post("/log-service" + query(account, key), null);
            agent.delete("/log-service" + query(account, key));

            var reopened = agent.post("/log-service" + query(account, key), null);

            assertThat(reopened.status()).isEqualTo(409);
            assertThat(reopened.json().get("error").asString()).contains("is closed");
        }

        @Test
        void theSameKeyInAnotherAccountIsAnotherStream() {
            String other = Lines.newAccount();
            Api otherAgent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(other, run));
            agent.put("/log-service/stream" + query(account, key), Lines.range(0, 3));
            otherAgent.put("/log-service/stream" + query(other, key), Lines.range(0, 1));

            Api otherBrowser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(other, run));
            assertThat(otherBrowser
                            .get("/log-service/stream" + query(other, key))
                            .json()
                            .size())
                    .isEqualTo(1);
        }
    }

    @Nested
    class Stream {

        @Test
        void aStreamNeverOpenedIsOpenedByItsFirstLines() {
            var streamed = agent.put("/log-service/stream" + query(account, key), SEED_STREAM_BODY);

            assertThat(streamed.status()).isEqualTo(200);
            assertThat(browser.get("/log-service/stream" + query(account, key))
                            .json()
                            .size())
                    .isEqualTo(1);
            assertThat(agent.post("/log-service" + query(account, key), null).status())
                    .isEqualTo(200);
        }

        @Test
        void aClosedStreamTakesNoMoreLines() {
            agent.put("/log-service/stream" + query(account, key), Lines.range(0, 2));
            agent.delete("/log-service" + query(account, key));

            var late = agent.put("/gateway/log-service/stream" + query(account, key), Lines.range(2, 4));

            assertThat(late.status()).isEqualTo(409);
            assertThat(late.header("Content-Type")).startsWith("application/problem+json");
            assertThat(late.json().get("code").asInt()).isEqualTo(409);
            assertThat(late.json().get("stream").asString())
                    .as("tells the agent to drop what it holds for the stream")
                    .isEqualTo("closed");
            assertThat(browser.get("/log-service/stream" + query(account, key))
                            .json()
                            .size())
                    .isEqualTo(2);
        }

        @Test
        void textSurvivesAsWritten() {
            String body = "[{\"level\":\"error\",\"pos\":0,\"out\":\"tab\\there\\nnew line \\\\ back\\\\slash é ✓ 😀\","
                    + "\"args\":{\"k\\tey\":\"v\\\\al\\nue\"}}]";
            assertThat(agent.put("/log-service/stream" + query(account, key), body)
                            .status())
                    .isEqualTo(200);

            JsonNode line = browser.get("/log-service/stream" + query(account, key))
                    .json()
                    .get(0);

            assertThat(line.get("out").asString()).isEqualTo("tab\there\nnew line \\ back\\slash é ✓ 😀");
            assertThat(line.get("args").get("k\tey").asString()).isEqualTo("v\\al\nue");
            assertThat(line.has("time")).isFalse();
        }

        @Test
        void aNulCannotBeStoredAndIsRefusedAtItsMemberKeepingTheBatchOut() {
            var refused = agent.put(
                    "/log-service/stream" + query(account, key),
                    "[{\"pos\":0,\"out\":\"ok\"},{\"pos\":1,\"out\":\"x\",\"args\":{\"nul\":\"a\\u0000b\"}}]");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("[1].args.nul");
            assertThat(browser.get("/log-service/stream" + query(account, key)).status())
                    .isEqualTo(404);
        }

        @Test
        void aLineWithoutPosIsRefusedForLinesAreKeptByTheirPosition() {
            var refused = agent.put(
                    "/log-service/stream" + query(account, key),
                    "[{\"pos\":0,\"out\":\"a\"},{\"out\":\"b\"},{\"pos\":null,\"out\":\"c\"}]");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("[1].pos");
            assertThat(browser.get("/log-service/stream" + query(account, key)).status())
                    .isEqualTo(404);
        }

        @Test
        void aBlobsLinesNeedNoPosForTheServiceNumbersThem() {
            var stored = agent.post("/log-service/blob" + query(account, key), "[{\"out\":\"a\"},{\"out\":\"b\"}]");

            assertThat(stored.status()).as(stored.text()).isEqualTo(200);
            assertThat(stored.json().get("lines").asInt()).isEqualTo(2);
        }

        @Test
        void halfASurrogatePairBecomesAReplacementCharacter() {
            agent.put(
                    "/log-service/stream" + query(account, key),
                    "[{\"pos\":0,\"out\":\"a\\ud800b\",\"args\":{\"k\":\"\\udc00\"}}]");

            JsonNode line = browser.get("/log-service/stream" + query(account, key))
                    .json()
                    .get(0);

            assertThat(line.get("out").asString()).isEqualTo("a\uFFFDb");
            assertThat(line.get("args").get("k").asString()).isEqualTo("\uFFFD");
        }

        @Test
        void timesKeepTheirInstantWhateverTheirOffsetOrPrecision() {
            agent.put(
                    "/log-service/stream" + query(account, key),
                    "[{\"pos\":0,\"out\":\"a\",\"time\":\"2025-05-01T19:27:56+02:00\"},"
                            + "{\"pos\":1,\"out\":\"b\",\"time\":\"2025-05-01T17:27:56.123456Z\"},"
                            + "{\"pos\":2,\"out\":\"c\",\"time\":null,\"args\":null,\"unknown\":{\"x\":[1]}}]");

            JsonNode lines =
                    browser.get("/log-service/stream" + query(account, key)).json();

            assertThat(lines.get(0).get("time").asString()).isEqualTo("2025-05-01T17:27:56Z");
            assertThat(lines.get(1).get("time").asString()).isEqualTo("2025-05-01T17:27:56.123456Z");
            assertThat(lines.get(2).has("time")).isFalse();
        }

        @Test
        void aTimeThatIsNoTimeIsNamed() {
            var refused = agent.put(
                    "/log-service/stream" + query(account, key), "[{\"pos\":0,\"out\":\"a\",\"time\":\"yesterday\"}]");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("[0].time");
        }

        @Test
        void argsThatAreNoObjectAreNamed() {
            var refused =
                    agent.put("/log-service/stream" + query(account, key), "[{\"pos\":0,\"out\":\"a\",\"args\":[1]}]");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("[0].args");
        }

        @Test
        void anEmptyBatchChangesNothing() {
            assertThat(agent.put("/log-service/stream" + query(account, key), "[]")
                            .json()
                            .get("lines")
                            .asInt())
                    .isZero();
            assertThat(browser.get("/log-service/stream" + query(account, key))
                            .json()
                            .size())
                    .isZero();
        }
    }

    @Nested
    class Blob {

        @Test
        void aTextLogBecomesLinesAfterTheExistingOnes() {
            agent.put("/log-service/stream" + query(account, key), Lines.at(java.util.List.of(1L, 2L)));

            var stored = agent.send(
                    "POST",
                    "/gateway/log-service/blob" + query(account, key),
                    "first\r\nsecond\n\nfourth\n",
                    "text/plain");

            assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
            assertThat(stored.json().get("fromPos").asLong()).isEqualTo(3);
            assertThat(stored.json().get("toPos").asLong()).isEqualTo(6);
            JsonNode lines =
                    browser.get("/log-service/stream" + query(account, key)).json();
            assertThat(lines.size()).isEqualTo(6);
            assertThat(lines.get(2).get("out").asString()).isEqualTo("first");
            assertThat(lines.get(3).get("out").asString()).isEqualTo("second");
            assertThat(lines.get(4).get("out").asString()).isEmpty();
            assertThat(lines.get(5).get("out").asString()).isEqualTo("fourth");
            assertThat(lines.get(5).get("level").asString()).isEqualTo("info");
        }

        @Test
        void jsonLinesKeepTheirContentInArrayOrder() {
            var stored = agent.post(
                    "/log-service/blob" + query(account, key),
                    "[{\"level\":\"warn\",\"pos\":99,\"out\":\"b\"},{\"level\":\"error\",\"out\":\"a\"}]");

            assertThat(stored.json().get("fromPos").asLong()).isEqualTo(1);
            JsonNode lines =
                    browser.get("/log-service/stream" + query(account, key)).json();
            assertThat(lines.get(0).get("out").asString()).isEqualTo("b");
            assertThat(lines.get(0).get("pos").asLong()).isEqualTo(1);
            assertThat(lines.get(1).get("level").asString()).isEqualTo("error");
            assertThat(lines.get(1).get("pos").asLong()).isEqualTo(2);
        }

        @Test
        void twoBlobsAtOnceNeverShareAPosition() {
            var first = agent.putAsync("/log-service/stream" + query(account, key), Lines.range(1, 2));
            first.join();
            var blobs = java.util.stream.IntStream.range(0, 6)
                    .parallel()
                    .mapToObj(
                            i -> agent.send("POST", "/log-service/blob" + query(account, key), "a\nb\nc", "text/plain"))
                    .toList();

            assertThat(blobs).allMatch(response -> response.status() == 200);
            JsonNode lines =
                    browser.get("/log-service/stream" + query(account, key)).json();
            assertThat(lines.size()).isEqualTo(1 + 6 * 3);
        }

        @Test
        void anEmptyTextIsRefused() {
            var refused = agent.send("POST", "/log-service/blob" + query(account, key), "", "text/plain");
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    @Nested
    class Close {

        @Test
        void closingTwiceIsFine() {
            agent.post("/log-service" + query(account, key), null);
            assertThat(agent.delete("/log-service" + query(account, key)).status())
                    .isEqualTo(200);
            var again = agent.delete("/log-service" + query(account, key));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("closedAt").asString()).isNotBlank();
        }

        @Test
        void aStreamNeverOpenedCannotBeClosed() {
            assertThat(agent.delete("/log-service" + query(account, key)).status())
                    .isEqualTo(404);
        }
    }

    @Nested
    class Read {

        @Test
        void pagesFollowEachOtherByPos() {
            agent.put("/log-service/stream" + query(account, key), Lines.range(0, 25));

            var first = browser.get("/log-service/stream" + query(account, key) + "&limit=10");
            var second = browser.get(
                    "/log-service/stream" + query(account, key) + "&limit=10&fromPos=" + first.header("X-Next-Pos"));

            assertThat(first.json().get(0).get("pos").asLong()).isZero();
            assertThat(first.header("X-Next-Pos")).isEqualTo("10");
            assertThat(second.json().get(0).get("pos").asLong()).isEqualTo(10);
            assertThat(second.header("X-Next-Pos")).isEqualTo("20");
            assertThat(second.header("X-Stream-Closed")).isEqualTo("false");
        }

        @Test
        void aBrowserMayPassItsTokenAsAParameter() {
            agent.put("/log-service/stream" + query(account, key), Lines.range(0, 1));
            var read = new Api(port)
                    .get("/log-service/stream" + query(account, key) + "&token=" + tokens.read(account, run));
            assertThat(read.status()).isEqualTo(200);
        }

        @Test
        void aStreamNeverOpenedIsNotFound() {
            var missing = browser.get("/log-service/stream" + query(account, key));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().get("error").asString()).isEqualTo("log stream '" + key + "' not found");
        }
    }

    @Nested
    class BadInput {

        @Test
        void eachBadLineIsNamed() {
            var refused = agent.put(
                    "/log-service/stream" + query(account, key), "[{\"pos\":-1,\"out\":\"x\"},{\"pos\":2},null]");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field"))
                    .containsExactly("[0].pos", "[1].out", "[2]");
            assertThat(browser.get("/log-service/stream" + query(account, key)).status())
                    .isEqualTo(404);
        }

        @Test
        void aPosThatIsNoNumberIsNamed() {
            var refused = agent.put("/log-service/stream" + query(account, key), "[{\"pos\":\"one\",\"out\":\"x\"}]");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("[0].pos");
        }

        @Test
        void malformedJsonIsABadRequestWithoutDetails() {
            var refused = agent.put("/log-service/stream" + query(account, key), "[{\"pos\":1,");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).doesNotContain("Exception").doesNotContain("at io.");
        }

        @Test
        void aBodyThatIsNoArrayIsRefused() {
            assertThat(agent.put("/log-service/stream" + query(account, key), "{\"pos\":1}")
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void theAccountAndKeyAreRequiredAndChecked() {
            var noAccount = agent.put("/log-service/stream?key=" + key, "[]");
            assertThat(noAccount.status()).isEqualTo(400);
            assertThat(noAccount.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("accountID");

            var badKey = agent.put("/log-service/stream" + query(account, "-starts-with-dash"), "[]");
            assertThat(badKey.status()).isEqualTo(400);
            assertThat(badKey.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("key");
        }

        @Test
        void aNegativeFromPosOrTooLargeLimitIsRefused() {
            assertThat(browser.get("/log-service/stream" + query(account, key) + "&fromPos=-1")
                            .status())
                    .isEqualTo(400);
            var limit = browser.get("/log-service/stream" + query(account, key) + "&limit=5001");
            assertThat(limit.status()).isEqualTo(400);
            assertThat(limit.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("limit");
        }
    }
}
