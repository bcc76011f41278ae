package io.chaosplane.controlplane.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The run page's live log: the control plane relays the log service's tail event by event. A stand-in log service
 * writes each line only when the test says so and keeps the stream open, so a line read from the control plane's tail
 * before the stream is closed can only have been relayed as it arrived.
 */
@IntegrationTest
class LiveTailTest {

    private static final StandInLogService LOG_SERVICE = new StandInLogService();
    private static final Duration BOUND = Duration.ofSeconds(3);

    @DynamicPropertySource
    static void logService(DynamicPropertyRegistry registry) {
        registry.add("chaosplane.log-service.url", LOG_SERVICE::url);
        registry.add("chaosplane.log-tokens.secret", () -> "live-tail-test-secret-that-is-long-enough-0123456789");
    }

    @AfterAll
    static void stopLogService() {
        LOG_SERVICE.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Fixtures.Tenant tenant;
    Api admin;
    String runId;
    String stream;

    @BeforeEach
    void aRunningFault() {
        Api server = new Api(port);
        tenant = fixtures.newTenant();
        admin = server.withKey(tenant.adminKey());
        FakeAgent agent = FakeAgent.install(server, admin, "tailed");
        Api.Response created = admin.postRaw("/api/v1/experiments", """
                        {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                         "metadata":{"name":"tailed","namespace":"default"},
                         "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                                 "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},
                                 "duration":"60s"}}""".formatted(agent.infraId()), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode task = agent.poll(0).json().get("taskList").get(0);
        assertThat(task.get("logServiceURL").asString()).startsWith(LOG_SERVICE.url());
        stream = task.get("streamID").asString();
        runId = stream.substring(0, 36);
    }

    private String tailPath() {
        return "/api/v1/runs/" + runId + "/logs/tail?streamID=" + stream;
    }

    @Nested
    class Following {

        @Test
        void sendsItsHeadersAtOnceAndEachLineAsItArrivesWhileTheStreamIsOpen() throws Exception {
            StandInLogService.Tail upstream = LOG_SERVICE.expectTail();
            long started = System.nanoTime();
            try (Client client = Client.open(port, tailPath(), tenant.adminKey())) {
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("headers before any line exists")
                        .isLessThan(BOUND);
                assertThat(client.response.statusCode()).isEqualTo(200);
                assertThat(client.header("Content-Type")).startsWith("text/event-stream");
                assertThat(client.header("X-Accel-Buffering")).isEqualTo("no");
                assertThat(client.header("Cache-Control")).isEqualTo("no-cache");
                assertThat(client.header("Content-Encoding"))
                        .as("never compressed")
                        .isNull();
                assertThat(upstream.await())
                        .as("the log service is asked for this stream")
                        .contains(stream);

                for (int pos = 0; pos < 3; pos++) {
                    upstream.line(pos, "line " + pos);
                    String event = client.nextEvent(BOUND);
                    assertThat(event)
                            .as("line %d relayed while the stream is open", pos)
                            .contains("id:" + pos, "event:line", "\"out\":\"line " + pos + "\"");
                }

                upstream.end(3);
                assertThat(client.nextEvent(BOUND)).contains("event:end", "\"nextPos\":3");
                assertThat(client.nextEvent(BOUND))
                        .as("the tail ends with the stream")
                        .isNull();
            }
        }

        @Test
        void aBrowserThatGoesAwayEndsTheLogServicesTailToo() throws Exception {
            StandInLogService.Tail upstream = LOG_SERVICE.expectTail();
            try (Client client = Client.open(port, tailPath(), tenant.adminKey())) {
                upstream.await();
                upstream.line(0, "first");
                assertThat(client.nextEvent(BOUND)).contains("first");
            }
            // the relay notices at its next write (the log service's keep-alive comments) and hangs up
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!upstream.gone() && System.nanoTime() < until) {
                upstream.comment("keep-alive");
                Thread.sleep(200);
            }
            assertThat(upstream.gone()).isTrue();
        }
    }

    @Nested
    class Refusing {

        @Test
        void aStreamOfAnotherRunIsNotFound() {
            Api.Response response =
                    admin.get("/api/v1/runs/" + runId + "/logs/tail?streamID=" + runId + "-someone-else");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().get("error").asString()).contains("is not one of run");
        }

        @Test
        void aNegativePositionIsBadInput() {
            Api.Response response = admin.get(tailPath() + "&fromPos=-1");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).contains("fromPos");
        }

        @Test
        void anotherTenantDoesNotSeeTheRun() {
            Api other = new Api(port).withKey(fixtures.newTenant().adminKey());
            assertThat(other.get(tailPath()).status()).isEqualTo(404);
        }

        @Test
        void withoutAKeyItIsUnauthorizedAndAViewerMayFollow() throws Exception {
            assertThat(new Api(port).get(tailPath()).status()).isEqualTo(401);
            String viewer = Keys.issue(admin, "viewer");
            StandInLogService.Tail upstream = LOG_SERVICE.expectTail();
            try (Client client = Client.open(port, tailPath(), viewer)) {
                assertThat(client.response.statusCode()).isEqualTo(200);
                upstream.await();
                upstream.end(0);
                assertThat(client.nextEvent(BOUND)).contains("event:end");
            }
        }
    }

    /** An SSE client that reads events as they arrive, as a browser's EventSource does. */
    static final class Client implements AutoCloseable {

        final HttpClient http = HttpClient.newHttpClient();
        final HttpResponse<InputStream> response;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        private Client(HttpResponse<InputStream> response) {
            this.response = response;
            Thread.ofVirtual().start(this::read);
        }

        static Client open(int port, String path, String key) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            // bounded here rather than by the request's timeout, which the client may apply to the whole body
            HttpResponse<InputStream> response = http.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .header("Authorization", "Bearer " + key)
                                    .header("Accept", "text/event-stream")
                                    .header("Accept-Encoding", "gzip")
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream())
                    .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return new Client(response);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /**
         * The next event with data (comments and the reconnection delay left out), without spaces after the colons;
         * null when the tail ended.
         */
        String nextEvent(Duration timeout) throws InterruptedException {
            String event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within " + timeout).isNotNull();
            return event.isEmpty() ? null : event;
        }

        private void read() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                StringBuilder event = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (!event.isEmpty()) {
                            events.add(event.toString());
                        }
                        event.setLength(0);
                    } else if (!line.startsWith(":") && !line.startsWith("retry:")) {
                        event.append(line.replaceFirst(": ?", ":")).append('\n');
                    }
                }
            } catch (IOException e) {
                // closed by the test
            } finally {
                events.add("");
            }
        }

        @Override
        public void close() throws IOException {
            response.body().close();
            http.close();
        }
    }

    /** A log service whose tails send what the test tells them to, when it tells them. */
    static final class StandInLogService {

        private final HttpServer server;
        private final BlockingQueue<Tail> waiting = new LinkedBlockingQueue<>();

        StandInLogService() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/log-service/tail", this::tail);
            server.createContext("/log-service", exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** The next tail request the control plane makes. */
        Tail expectTail() {
            Tail tail = new Tail();
            waiting.add(tail);
            return tail;
        }

        void stop() {
            server.stop(0);
        }

        private void tail(HttpExchange exchange) throws IOException {
            Tail tail = waiting.poll();
            if (tail == null) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                write(out, "retry:1000\n:following\n\n");
                tail.opened(exchange.getRequestURI().toString());
                for (String event = tail.take(); event != null; event = tail.take()) {
                    write(out, event);
                    if (event.startsWith("event:end")) {
                        break;
                    }
                }
            } catch (IOException e) {
                tail.gone = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void write(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One tail request: what it asked for, and the events to send. */
        static final class Tail {

            private final CountDownLatch opened = new CountDownLatch(1);
            private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
            private volatile String uri;
            private volatile boolean gone;

            void opened(String requestUri) {
                uri = requestUri;
                opened.countDown();
            }

            String await() throws InterruptedException {
                assertThat(opened.await(BOUND.toMillis(), TimeUnit.MILLISECONDS))
                        .as("the control plane asks the log service")
                        .isTrue();
                return uri;
            }

            void line(long pos, String out) {
                events.add("id:" + pos + "\nevent:line\ndata:{\"level\":\"INFO\",\"pos\":" + pos + ",\"out\":\"" + out
                        + "\",\"time\":\"2026-01-01T00:00:00Z\"}\n\n");
            }

            void comment(String text) {
                events.add(":" + text + "\n\n");
            }

            void end(long nextPos) {
                events.add("event:end\ndata:{\"closed\":true,\"nextPos\":" + nextPos + "}\n\n");
            }

            boolean gone() {
                return gone;
            }

            String take() throws InterruptedException {
                return events.poll(30, TimeUnit.SECONDS);
            }
        }
    }
}
