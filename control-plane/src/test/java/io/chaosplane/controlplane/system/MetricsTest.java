package io.chaosplane.controlplane.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The figures of dispatch and liveness reach Prometheus: a scrape of {@code /actuator/prometheus} (with the scrape's
 * own token) finds each, and they move when a run is handed to an agent and its
 * heartbeat is flushed.
 */
@IntegrationTest
class MetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$");
    private static final String[] METRICS = {
        "chaosplane_dispatch_handoff_seconds_bucket",
        "chaosplane_dispatch_handoff_seconds_count",
        "chaosplane_dispatch_claims_total",
        "chaosplane_dispatch_polls_waiting",
        "chaosplane_dispatch_wakeups_sent_total",
        "chaosplane_dispatch_wakeups_merged_total",
        "chaosplane_liveness_flush_seconds_count",
        "chaosplane_liveness_flush_seconds_sum",
        "chaosplane_liveness_flush_rows_sum",
        "chaosplane_liveness_flush_rows_count"
    };

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Test
    void theScrapeFindsEveryDispatchAndLivenessFigureAndTheyMove() throws Exception {
        Map<String, Double> before = scrape();
        assertThat(before).containsKeys(METRICS);

        Api server = new Api(port);
        Api admin = server.withKey(fixtures.newTenant().adminKey());
        FakeAgent agent = FakeAgent.install(server, admin, "measured");
        assertThat(agent.liveness().status()).isEqualTo(200);
        admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"measured","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},
                         "duration":"5s"}}""".formatted(agent.infraId()), "application/json");
        assertThat(agent.poll(5).json().get("taskList")).hasSize(1);

        Map<String, Double> after = awaitScrape(
                scrape -> scrape.get("chaosplane_liveness_flush_rows_count")
                        > before.get("chaosplane_liveness_flush_rows_count"),
                Duration.ofSeconds(20));
        assertThat(after.get("chaosplane_dispatch_claims_total"))
                .isGreaterThanOrEqualTo(before.get("chaosplane_dispatch_claims_total") + 1);
        assertThat(after.get("chaosplane_dispatch_handoff_seconds_count"))
                .isGreaterThanOrEqualTo(before.get("chaosplane_dispatch_handoff_seconds_count") + 1);
        assertThat(after.get("chaosplane_dispatch_wakeups_sent_total"))
                .isGreaterThanOrEqualTo(before.get("chaosplane_dispatch_wakeups_sent_total") + 1);
        assertThat(after.get("chaosplane_liveness_flush_rows_sum"))
                .isGreaterThanOrEqualTo(before.get("chaosplane_liveness_flush_rows_sum") + 1);
    }

    @Test
    void everyControlPlaneSeriesOfTheGrafanaDashboardIsInTheScrape() throws Exception {
        String dashboard = Files.readString(Path.of("..", "deploy", "grafana", "chaosplane.json"));
        Map<String, Double> scrape = scrape();
        Matcher series = Pattern.compile("chaosplane_[a-z_]+").matcher(dashboard);
        int found = 0;
        while (series.find()) {
            if (!series.group().startsWith("chaosplane_logs_")) { // the log service's, checked there
                assertThat(scrape).as("dashboard series").containsKey(series.group());
                found++;
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(METRICS.length);
    }

    /** Scrapes until the condition holds (the liveness flush runs on its own schedule), or fails at the deadline. */
    private Map<String, Double> awaitScrape(Predicate<Map<String, Double>> condition, Duration max)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Map<String, Double> scrape = scrape();
        while (!condition.test(scrape)) {
            assertThat(System.nanoTime())
                    .as("scrape never met the condition: " + scrape)
                    .isLessThan(deadline);
            Thread.sleep(200);
            scrape = scrape();
        }
        return scrape;
    }

    /** Each sample's value by name; for a histogram's buckets, the largest (the +Inf bucket). */
    private Map<String, Double> scrape() {
        Api.Response response =
                new Api(port).get("/actuator/prometheus", "Authorization", "Bearer " + IntegrationTest.METRICS_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        Matcher matcher = SAMPLE.matcher(response.text());
        while (matcher.find()) {
            double value = matcher.group(3).equals("NaN") ? Double.NaN : Double.parseDouble(matcher.group(3));
            samples.merge(matcher.group(1), value, Math::max);
        }
        return samples;
    }
}
