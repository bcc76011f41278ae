package io.chaosplane.discovery.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.discovery.DiscoverySettings.Token;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UploaderTest {

    private static final String TOKEN = "s3cr3t-agent-token";
    private static final byte[] BODY =
            "{\"nodeName\":\"node-a\",\"connectionList\":[]}".getBytes(StandardCharsets.UTF_8);

    private final DataServer server = new DataServer("agent-1", TOKEN);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private final Logger jul = Logger.getLogger(Uploader.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        jul.addHandler(capture);
    }

    @AfterEach
    void close() {
        jul.removeHandler(capture);
        server.close();
        http.close();
    }

    private Uploader uploader(URI url, String agentId, String token) {
        return new Uploader(
                http, url, agentId, new Token(token), 4, Duration.ofMillis(100), Duration.ofSeconds(5), waits::add);
    }

    @Test
    void a_body_is_posted_gzipd_with_the_token_header() throws Exception {
        assertThat(uploader(server.url(), "agent-1", TOKEN).send(BODY, "connections"))
                .isEqualTo(Uploader.Outcome.DELIVERED);

        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/servicediscovery/api/v1/agents/agent-1/data");
            assertThat(request.authorization()).isEqualTo("Token " + TOKEN);
            assertThat(request.encoding()).isEqualTo("gzip");
            assertThat(request.json()).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
        });
        assertThat(waits).isEmpty();
    }

    @Test
    void server_errors_are_retried_with_doubling_waits() throws Exception {
        server.answer(503, 500, 502);

        assertThat(uploader(server.url(), "agent-1", TOKEN).send(BODY, "connections"))
                .isEqualTo(Uploader.Outcome.DELIVERED);

        assertThat(server.received()).hasSize(4);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void an_unreachable_control_plane_is_retried_then_given_up() throws Exception {
        URI nobody = server.url();
        server.close();

        assertThat(uploader(nobody, "agent-1", TOKEN).send(BODY, "connections"))
                .isEqualTo(Uploader.Outcome.UNDELIVERED);

        assertThat(waits).hasSize(3);
        assertThat(logLines).anyMatch(line -> line.contains("not delivered after 4 attempts"));
    }

    @Test
    void a_wrong_token_is_given_up_at_once_with_a_clear_line_that_does_not_show_it() throws Exception {
        assertThat(uploader(server.url(), "agent-1", "wrong-token-value").send(BODY, "connections"))
                .isEqualTo(Uploader.Outcome.REFUSED);

        assertThat(server.received()).hasSize(1);
        assertThat(waits).isEmpty();
        assertThat(logLines).anyMatch(line -> line.contains("HTTP 401") && line.contains("token"));
        assertThat(logLines).noneMatch(line -> line.contains("wrong-token-value") || line.contains(TOKEN));
    }

    @Test
    void an_unknown_agent_is_given_up_at_once() throws Exception {
        assertThat(uploader(server.url(), "deleted-agent", TOKEN).send(BODY, "connections"))
                .isEqualTo(Uploader.Outcome.REFUSED);

        assertThat(server.received()).hasSize(1);
        assertThat(logLines).anyMatch(line -> line.contains("HTTP 404") && line.contains("deleted-agent"));
        assertThat(logLines).noneMatch(line -> line.contains(TOKEN));
    }

    @Test
    void too_large_a_body_is_not_sent_again() throws Exception {
        server.answer(413);

        assertThat(uploader(server.url(), "agent-1", TOKEN).send(BODY, "snapshot"))
                .isEqualTo(Uploader.Outcome.REFUSED);
        assertThat(logLines).anyMatch(line -> line.contains("HTTP 413"));
    }

    @Test
    void the_token_never_shows_in_its_records_text() {
        assertThat(new Token(TOKEN).toString()).doesNotContain(TOKEN);
    }
}
