package io.chaosplane.logservice.system;

import static io.chaosplane.logservice.support.Lines.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.logservice.support.IntegrationTest;
import io.chaosplane.logservice.support.Lines;
import io.chaosplane.logservice.support.Tokens;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.testsupport.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Prometheus finds the lines ingested at /actuator/prometheus, counted once they are committed; only the scrape's own
 * token opens them.
 */
@IntegrationTest
class MetricsTest {

    private static final Pattern INGESTED =
            Pattern.compile("(?m)^chaosplane_logs_lines_ingested_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

    @LocalServerPort
    int port;

    @Autowired
    Tokens tokens;

    @Test
    void linesIngestedAreCountedInThePrometheusScrape() {
        double before = ingested();
        String account = Lines.newAccount();
        String run = Lines.newRun();
        Api agent = new Api(port).withHeader(LogStreamTokens.HEADER, tokens.write(account, run));

        var stored = agent.put("/log-service/stream" + query(account, run + "-linux-cpu-stress"), Lines.range(0, 25));

        assertThat(stored.status()).isEqualTo(200);
        assertThat(ingested() - before).isGreaterThanOrEqualTo(25);
    }

    @Test
    void theGrafanaDashboardsLogSeriesIsTheOneScraped() throws Exception {
        String dashboard = Files.readString(Path.of("..", "deploy", "grafana", "chaosplane.json"));
        Matcher series = Pattern.compile("chaosplane_logs_[a-z_]+").matcher(dashboard);
        assertThat(series.find()).isTrue();
        do {
            assertThat(series.group()).isEqualTo("chaosplane_logs_lines_ingested_total");
        } while (series.find());
        ingested(); // found in the scrape
    }

    @Test
    void theMetricsAnswerOnlyTheScrapeToken() {
        Api anonymous = new Api(port);
        var refused = anonymous.get("/actuator/prometheus");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asString()).contains("scrape token");
        assertThat(refused.text()).doesNotContain("chaosplane_logs_lines_ingested_total");
        assertThat(anonymous
                        .get("/actuator/prometheus", "Authorization", "Bearer wrong-" + IntegrationTest.METRICS_TOKEN)
                        .status())
                .isEqualTo(401);
        assertThat(anonymous
                        .get(
                                "/actuator/prometheus",
                                LogStreamTokens.HEADER,
                                tokens.read(Lines.newAccount(), Lines.newRun()))
                        .status())
                .as("a log token is one account's; the metrics are everyone's")
                .isEqualTo(401);
        assertThat(anonymous
                        .get("/actuator/prometheus", "Authorization", "Bearer " + IntegrationTest.METRICS_TOKEN)
                        .status())
                .isEqualTo(200);
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
    }

    private double ingested() {
        var scrape =
                new Api(port).get("/actuator/prometheus", "Authorization", "Bearer " + IntegrationTest.METRICS_TOKEN);
        assertThat(scrape.status()).isEqualTo(200);
        Matcher matcher = INGESTED.matcher(scrape.text());
        assertThat(matcher.find()).as(scrape.text()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
