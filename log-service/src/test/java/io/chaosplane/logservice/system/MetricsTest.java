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

/** Prometheus finds the lines ingested at /actuator/prometheus, counted once they are committed. */
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

    private double ingested() {
        var scrape = new Api(port).get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Matcher matcher = INGESTED.matcher(scrape.text());
        assertThat(matcher.find()).as(scrape.text()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
