package io.chaosplane.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.chaosplane.agent.config.HostPolicy;
import io.chaosplane.agent.config.ProbeDestinations;
import io.chaosplane.protocol.probe.HttpCheck;
import io.chaosplane.protocol.probe.HttpMethod;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
    private final List<String> hits = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /**
     * {@code /secret} answers a body that must never reach a run; {@code /to-metadata} redirects to the cloud
     * metadata service; {@code /to-v6} to the same server over IPv6 loopback; {@code /hop} to {@code /secret}.
     */
    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.add(path);
            switch (path) {
                case "/to-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/iam/");
                case "/to-v6" -> redirect(exchange, "http://[::1]:" + port() + "/secret");
                case "/hop" -> redirect(exchange, "/secret");
                default -> {
                    byte[] body = "TOPSECRET-credential-abc".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRedirectToTheMetadataServiceIsNotFollowedEvenWithoutAPolicyFile() throws InterruptedException {
        CheckResult result = check("/to-metadata", HttpCheck.responseCode("==", "200"), HostPolicy.none())
                .attempt(TIMEOUT);

        assertThat(result.passed()).isFalse();
        assertThat(result.description())
                .startsWith("redirect not followed: destination 169.254.169.254")
                .contains("link-local or cloud metadata");
    }

    @Test
    void aMetadataAddressIsNeverSentARequest() throws InterruptedException {
        HttpProbeCheck check = new HttpProbeCheck(
                new HttpProbeInputs(
                        "http://169.254.169.254/latest/meta-data/",
                        new HttpMethod(HttpCheck.responseCode("==", "200"), null),
                        200,
                        null),
                client,
                HostPolicy.none());

        CheckResult result = check.attempt(TIMEOUT);

        assertThat(result.passed()).isFalse();
        assertThat(result.description()).startsWith("not sent: destination 169.254.169.254");
    }

    @Test
    void aRedirectOutsideThePolicysDestinationsIsNotFollowed() throws InterruptedException {
        HostPolicy loopbackV4Only = policy(Optional.of(List.of("127.0.0.1/32")), true);

        CheckResult refused = check("/to-v6", HttpCheck.responseCode("==", "200"), loopbackV4Only)
                .attempt(TIMEOUT);
        CheckResult followed = check("/hop", HttpCheck.responseCode("==", "200"), loopbackV4Only)
                .attempt(TIMEOUT);

        assertThat(refused.description())
                .isEqualTo(
                        "redirect not followed: destination [::1] (0:0:0:0:0:0:0:1) is" + " not in probes.http.allow");
        assertThat(followed.passed()).isTrue();
        assertThat(hits).containsExactly("/to-v6", "/hop", "/secret");
    }

    @Test
    void withRedirectsOffTheRedirectItselfIsJudged() throws InterruptedException {
        HostPolicy noRedirects = policy(Optional.empty(), false);

        CheckResult result =
                check("/hop", HttpCheck.responseCode("==", "302"), noRedirects).attempt(TIMEOUT);

        assertThat(result.passed()).isTrue();
        assertThat(hits).containsExactly("/hop");
    }

    @Test
    void theAnswerIsJudgedNeverEchoed() throws InterruptedException {
        CheckResult failed = check("/secret", HttpCheck.responseBody("contains", "healthy"), HostPolicy.none())
                .attempt(TIMEOUT);
        CheckResult passed = check("/secret", HttpCheck.responseBody("contains", "credential"), HostPolicy.none())
                .attempt(TIMEOUT);

        assertThat(failed.passed()).isFalse();
        assertThat(failed.description()).isEqualTo("response body (code 200) does not meet contains healthy");
        assertThat(passed.passed()).isTrue();
        assertThat(failed.description() + passed.description()).doesNotContain("TOPSECRET");
    }

    private HttpProbeCheck check(String path, HttpCheck get, HostPolicy policy) {
        return new HttpProbeCheck(
                new HttpProbeInputs("http://127.0.0.1:" + port() + path, new HttpMethod(get, null), 5000, null),
                client,
                policy);
    }

    private static HostPolicy policy(Optional<List<String>> destinations, boolean followRedirects) {
        return new HostPolicy(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new ProbeDestinations(destinations),
                followRedirects);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }
}
