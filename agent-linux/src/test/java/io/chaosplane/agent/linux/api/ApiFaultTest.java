package io.chaosplane.agent.linux.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import io.chaosplane.agent.process.ProcessRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API faults for real: an HTTP service of the test's on 127.0.0.1 at an ephemeral port, a client on this host
 * calling it, and the fault's nftables redirect in between. Only loopback traffic to that port is touched; every
 * test checks the redirect table is gone after the revert.
 */
// a try-with-resources block holds an injected fault only to revert it whatever the assertions do
@SuppressWarnings("try")
class ApiFaultTest {

    private HttpServer service;
    private int port;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void startService() throws IOException {
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        service.createContext("/", exchange -> {
            byte[] body = ("hello from " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Service", "real");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        service.start();
        port = service.getAddress().getPort();
    }

    @AfterEach
    void everyRedirectIsGoneAndTheServiceAnswersAsItDid() throws Exception {
        try {
            assertThat(tables()).doesNotContain("chaosplane_api_");
            HttpResponse<String> direct = get("/after");
            assertThat(direct.statusCode()).isEqualTo(200);
            assertThat(direct.body()).isEqualTo("hello from /after");
        } finally {
            service.stop(0);
            client.close();
        }
    }

    @Test
    void blockDropsTheMatchingRequestsOnly() throws Exception {
        try (Injected<ApiFault.State> block = inject(ApiFault.Kind.BLOCK, "PathFilter", "/orders")) {
            assertThatThrownBy(() -> get("/orders/7")).isInstanceOf(IOException.class);
            assertThat(get("/health").body()).isEqualTo("hello from /health");
        }
    }

    @Test
    void latencyDelaysTheMatchingRequests() throws Exception {
        try (Injected<ApiFault.State> latency =
                inject(ApiFault.Kind.LATENCY, "Latency", "400", "PathFilter", "/slow")) {
            long start = System.nanoTime();
            assertThat(get("/slow").body()).isEqualTo("hello from /slow");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            start = System.nanoTime();
            get("/fast");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
        }
    }

    @Test
    void statusCodeReplacesTheStatusAndKeepsTheBody() throws Exception {
        try (Injected<ApiFault.State> status = inject(ApiFault.Kind.STATUS_CODE, "StatusCode", "503")) {
            HttpResponse<String> response = get("/anything");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("hello from /anything");
        }
    }

    @Test
    void modifyBodyReplacesTheBody() throws Exception {
        try (Injected<ApiFault.State> body = inject(ApiFault.Kind.MODIFY_BODY, "ResponseBody", "{\"chaos\":true}")) {
            HttpResponse<String> response = get("/anything");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"chaos\":true}");
        }
    }

    @Test
    void modifyHeaderSetsTheHeaderAndKeepsTheOthers() throws Exception {
        try (Injected<ApiFault.State> header =
                inject(ApiFault.Kind.MODIFY_HEADER, "HeaderName", "X-Chaos", "HeaderValue", "injected")) {
            HttpResponse<String> response = get("/anything");
            assertThat(response.headers().firstValue("X-Chaos")).hasValue("injected");
            assertThat(response.headers().firstValue("X-Service")).hasValue("real");
        }
    }

    @Test
    void aRestartedAgentRemovesTheRedirectFromTheJournalAlone(@TempDir Path journal) throws Exception {
        FaultHarness.injectAndDie(
                new ApiFault(ApiFault.Kind.STATUS_CODE, "nft"),
                journal,
                "TargetPort",
                Integer.toString(port),
                "StatusCode",
                "500",
                "Duration",
                "60s");
        assertThat(tables()).contains("chaosplane_api_");
        assertThat(get("/x").statusCode()).isEqualTo(500);

        List<FaultSupervisor.Recovered> recovered =
                FaultHarness.restart(journal, new ApiFault(ApiFault.Kind.STATUS_CODE, "nft"));

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        // the dead agent's proxy lingers in this JVM, but nothing is redirected to it any more (checked after each)
    }

    private Injected<ApiFault.State> inject(ApiFault.Kind kind, String... inputs) throws Exception {
        String[] all = Arrays.copyOf(inputs, inputs.length + 4);
        all[inputs.length] = "TargetPort";
        all[inputs.length + 1] = Integer.toString(port);
        all[inputs.length + 2] = "Duration";
        all[inputs.length + 3] = "30s";
        return FaultHarness.inject(new ApiFault(kind, "nft"), all);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String tables() throws IOException, InterruptedException {
        return ProcessRunner.run(List.of("nft", "list", "tables", "ip"), Duration.ofSeconds(10))
                .stdout();
    }
}
