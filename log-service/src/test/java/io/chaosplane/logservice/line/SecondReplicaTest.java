package io.chaosplane.logservice.line;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.LogServiceApplication;
import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.SseClient;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.spring.TestDatabaseInitializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/** A second log-service replica on the same database, as behind a load balancer. */
@IntegrationTest
class SecondReplicaTest {

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    ConfigurableApplicationContext second;
    Api secondApi;
    String account;
    String run;

    @BeforeEach
    void startSecondReplica() {
        Map<String, Object> properties = new HashMap<>(TestDatabaseInitializer.properties());
        properties.put("server.port", "0");
        properties.put("chaosplane.log-tokens.secret", IntegrationTest.SECRET);
        properties.put("chaosplane.log-service.tail.recheck-interval", "30s");
        properties.put("logging.structured.format.console", "");
        properties.put("spring.main.banner-mode", "off");
        // as arguments, which win over application.yml (builder properties would only be defaults)
        second = new SpringApplicationBuilder(LogServiceApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
        secondApi = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
        account = Lines.newAccount();
        run = Lines.newRun();
    }

    @AfterEach
    void stopSecondReplica() {
        if (second.isActive()) {
            second.close();
        }
    }

    @Test
    void everyAcknowledgedLineSurvivesTheReplicaStoppingMidTraffic() throws Exception {
        Api agent = secondApi.withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stopping = new AtomicBoolean();
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 8; w++) {
                String key = run + "-fault-" + w;
                acknowledged.put(key, ConcurrentHashMap.newKeySet());
                writers.add(pool.submit(() -> {
                    for (long from = 0; from < 100_000 && !stopping.get(); from += 100) {
                        try {
                            if (agent.put("/log-service/stream" + query(account, key), Lines.range(from, from + 100))
                                            .status()
                                    == 200) {
                                LongStream.range(from, from + 100).forEach(acknowledged.get(key)::add);
                            }
                        } catch (IllegalStateException e) {
                            return; // the replica is gone
                        }
                    }
                }));
            }
            Thread.sleep(1500);
            second.close();
            stopping.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
        }

        Api browser = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.read(account, run));
        long total = 0;
        for (Map.Entry<String, Set<Long>> stream : acknowledged.entrySet()) {
            List<Long> stored = readAll(browser, stream.getKey());
            assertThat(stored).as(stream.getKey()).containsAll(stream.getValue());
            total += stream.getValue().size();
        }
        assertThat(total).as("lines acknowledged before the stop").isGreaterThan(0);
    }

    @Test
    void aTailOnOneReplicaFollowsLinesWrittenThroughTheOther() throws Exception {
        String key = run + "-pod-delete";
        Api agentViaSecond = secondApi.withHeader(LogStreamTokens.HEADER, tokens.write(account, run));
        agentViaSecond.post("/log-service" + query(account, key), null);

        String url = "http://localhost:" + port + "/log-service/tail" + query(account, key);
        try (SseClient tail = SseClient.open(url, "X-Harness-Token", tokens.read(account, run))) {
            assertThat(tail.status()).isEqualTo(200);
            agentViaSecond.put("/log-service/stream" + query(account, key), Lines.range(0, 5));
            // well before the 30 s re-check: the NOTIFY from the other replica woke the tail
            assertThat(tail.next(5, Duration.ofSeconds(10)))
                    .extracting(SseClient.Event::id)
                    .containsExactly("0", "1", "2", "3", "4");

            agentViaSecond.delete("/log-service" + query(account, key));
            assertThat(tail.next(Duration.ofSeconds(10)).name()).isEqualTo("end");
        }
    }

    private List<Long> readAll(Api browser, String key) {
        List<Long> positions = new ArrayList<>();
        long from = 0;
        while (true) {
            Api.Response page =
                    browser.get("/log-service/stream" + query(account, key) + "&limit=5000&fromPos=" + from);
            assertThat(page.status()).isEqualTo(200);
            StreamSupport.stream(page.json().spliterator(), false)
                    .forEach(line -> positions.add(line.get("pos").asLong()));
            long next = Long.parseLong(page.header("X-Next-Pos"));
            if (next == from) {
                return positions;
            }
            from = next;
        }
    }
}
