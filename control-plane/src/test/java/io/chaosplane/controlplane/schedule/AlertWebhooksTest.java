package io.chaosplane.controlplane.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.run.RunChanged;
import io.chaosplane.controlplane.run.RunPhase;
import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Alert webhooks against a local receiver that fails before it answers 200: attempts, signatures, restarts. */
@IntegrationTest
class AlertWebhooksTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TenantContext tenants;

    @Autowired
    AlertWebhookStore store;

    @Autowired
    SecretBox secrets;

    @Autowired
    AlertRaiser raiser;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;
    HttpServer receiver;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failuresLeft = new AtomicInteger();

    record Received(String delivery, String event, String signature, String body) {}

    @BeforeEach
    void setUp() throws IOException {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("X-ChaosPlane-Delivery"),
                    exchange.getRequestHeaders().getFirst("X-ChaosPlane-Event"),
                    exchange.getRequestHeaders().getFirst("X-ChaosPlane-Signature"),
                    body));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private JsonNode createWebhook(String name) {
        Api.Response created = roles.admin().post("/api/v1/alert-webhooks", Map.of("name", name, "url", hookUrl()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    /** Checks the signature as a receiver does: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">. */
    private static boolean validSignature(Received request, String secret) throws Exception {
        String[] parts = request.signature().split(",");
        assertThat(parts[0]).startsWith("t=");
        assertThat(parts[1]).startsWith("v1=");
        long t = Long.parseLong(parts[0].substring(2));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.HexFormat.of()
                .formatHex(mac.doFinal((t + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        return java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                parts[1].substring(3).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aReceiverFailingTwiceGetsThreeSignedAttemptsOfOneDelivery() throws Exception {
        JsonNode webhook = createWebhook("ops");
        String secret = webhook.get("secret").asString();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        failuresLeft.set(2);

        Api.Response queued =
                roles.admin().post("/api/v1/alert-webhooks/" + webhook.get("id").asString() + "/test", null);
        assertThat(queued.status()).as(queued.text()).isEqualTo(202);
        String deliveryId = queued.json().get("id").asString();

        JsonNode delivery = Await.until(
                "the delivery to succeed",
                () -> roles.viewer()
                        .get("/api/v1/alert-webhooks/" + webhook.get("id").asString() + "/deliveries")
                        .json()
                        .get(0),
                found -> found.get("status").asString().equals("delivered"));
        assertThat(delivery.get("id").asString()).isEqualTo(deliveryId);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
        assertThat(received).hasSize(3);
        for (Received request : received) {
            assertThat(request.delivery()).isEqualTo(deliveryId);
            assertThat(request.event()).isEqualTo("test");
            assertThat(validSignature(request, secret)).isTrue();
            assertThat(validSignature(request, secret + "x")).isFalse();
        }
        assertThat(received.get(0).body()).contains("\"event\":\"test\"");

        // the secret is shown once: neither listed nor stored in the clear
        JsonNode listed = roles.viewer().get("/api/v1/alert-webhooks").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("secret")).isFalse();
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT secret_ciphertext FROM alert_webhooks WHERE id = ?")) {
                statement.setObject(1, UUID.fromString(webhook.get("id").asString()));
                try (ResultSet row = statement.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(new String(row.getBytes(1), StandardCharsets.ISO_8859_1))
                            .doesNotContain(secret);
                }
            }
        });
    }

    @Test
    void aDeliveryLeftMidRetryByADeadInstanceIsFinishedByAnotherWithTheSameId() throws Exception {
        JsonNode webhook = createWebhook("restart");
        String secret = webhook.get("secret").asString();
        UUID webhookId = UUID.fromString(webhook.get("id").asString());
        // queued a day ahead of the shared clock, so that only the two instances below see it due
        Instant due = clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        UUID deliveryId = UUID.randomUUID();
        tenants.runAs(
                tenant.accountId(),
                () -> transactions.executeWithoutResult(status -> store.enqueue(
                        tenant.accountId(), deliveryId, webhookId, "test", "{\"event\":\"test\",\"n\":1}", due)));
        failuresLeft.set(2);

        // the first instance waits an hour after its first failure, and dies meanwhile
        AlertDeliverer first = instance(Duration.ofHours(1), due.plusSeconds(1));
        List<AlertDeliverer.Claim> firstClaims = first.claim();
        assertThat(firstClaims).hasSize(1);
        Thread dying = Thread.ofPlatform().start(() -> {
            try {
                first.deliver(firstClaims.get(0));
            } catch (RuntimeException interrupted) {
                // its wait was cut short: the process is gone
            }
        });
        Await.until("the first attempt to be recorded", this::attemptsRecorded, attempts -> attempts == 1);
        assertThat(received).hasSize(1);
        // still leased to the first instance: nobody else takes it
        assertThat(instance(Duration.ofMillis(50), due.plusSeconds(60)).claim()).isEmpty();

        // a new instance after the lease ran out takes it on where it stood
        AlertDeliverer second = instance(Duration.ofMillis(50), due.plus(Duration.ofHours(3)));
        List<AlertDeliverer.Claim> secondClaims = second.claim();
        assertThat(secondClaims).hasSize(1);
        second.deliver(secondClaims.get(0));
        dying.interrupt();
        dying.join(10_000);

        JsonNode delivery = roles.viewer()
                .get("/api/v1/alert-webhooks/" + webhookId + "/deliveries")
                .json()
                .get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("delivered");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(received).hasSize(3);
        for (Received request : received) {
            assertThat(request.delivery()).isEqualTo(deliveryId.toString());
            assertThat(validSignature(request, secret)).isTrue();
        }
    }

    private int attemptsRecorded() {
        int[] attempts = {0};
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT attempts FROM alert_deliveries WHERE account_id = ? AND last_status_code IS NOT NULL")) {
                statement.setString(1, tenant.accountId());
                try (ResultSet row = statement.executeQuery()) {
                    attempts[0] = row.next() ? row.getInt(1) : 0;
                }
            }
        });
        return attempts[0];
    }

    private AlertDeliverer instance(Duration initialBackoff, Instant now) {
        AlertWebhookProperties properties = new AlertWebhookProperties(
                "unused-by-the-deliverer-0123456789abcdef",
                true,
                Duration.ofSeconds(1),
                6,
                initialBackoff,
                2.0,
                0.5,
                Duration.ofMinutes(2),
                Duration.ofSeconds(5));
        return new AlertDeliverer(
                jdbc,
                transactions,
                tenants,
                store,
                secrets,
                new WebhookTargets(properties),
                properties,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aFailedRunOfAScheduledTestSendsItsAlert() throws Exception {
        JsonNode webhook = createWebhook("alerts");
        FakeAgent agent = FakeAgent.install(server, roles.admin(), "alerts");
        assertThat(roles.admin()
                        .postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"cpu-check","namespace":"demo"},
                 "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"30s"}}""".formatted(agent.infraId()), "application/json")
                        .status())
                .isEqualTo(201);
        roles.operator().post("/api/v1/experiments/demo/cpu-check/abort", null);
        Await.until(
                "the experiment's first run to end",
                () -> roles.viewer().get("/api/v1/experiments/demo/cpu-check").json(),
                detail -> detail.get("status").get("phase").asString().equals("Aborted"));
        assertThat(roles.admin()
                        .post(
                                "/api/v1/tests",
                                Map.of(
                                        "name", "nightly",
                                        "namespace", "kymaros-system",
                                        "experiment", "demo/cpu-check",
                                        "cron", "0 2 * * *"))
                        .status())
                .isEqualTo(201);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        UUID previous = seededRun("Completed", 95, 1, 1, now.minus(Duration.ofHours(5)));
        UUID failed = seededRun("Failed", 0, 1, 0, now.minus(Duration.ofMinutes(10)));
        received.clear();

        raiser.raise(change(previous));
        raiser.raise(change(failed));

        Await.until("the alert to arrive", () -> List.copyOf(received), list -> !list.isEmpty());
        assertThat(received).hasSize(1); // the passing run raised nothing
        Received alert = received.get(0);
        assertThat(alert.event()).isEqualTo("alert");
        assertThat(validSignature(alert, webhook.get("secret").asString())).isTrue();
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(alert.body());
        assertThat(body.get("alert").get("testName").asString()).isEqualTo("nightly");
        assertThat(body.get("alert").get("result").asString()).isEqualTo("fail");
        assertThat(body.get("alert").get("prevScore").asInt()).isEqualTo(95);
        assertThat(body.get("alert").get("message").asString())
                .isEqualTo("run 201 failed: seeded; score dropped from 95 to 0");
    }

    private int sequence = 200;

    private UUID seededRun(String phase, int score, int total, int passed, Instant done) {
        UUID runId = UUID.randomUUID();
        int runSequence = sequence++;
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                                                 run_sequence, phase, resiliency_score, faults_total, faults_passed,
                                                 faults_failed, message, created_by, created_at, started_at,
                                                 finished_at)
                    SELECT ?, account_id, id, org_identifier, project_identifier, ?, ?, ?, ?, ?, ?, 'seeded', 'seed',
                           ?, ?, ?
                      FROM experiments WHERE account_id = ? AND name = 'cpu-check'""")) {
                statement.setObject(1, runId);
                statement.setInt(2, runSequence);
                statement.setString(3, phase);
                statement.setInt(4, score);
                statement.setInt(5, total);
                statement.setInt(6, passed);
                statement.setInt(7, total - passed);
                statement.setTimestamp(8, Timestamp.from(done.minusSeconds(60)));
                statement.setTimestamp(9, Timestamp.from(done.minusSeconds(60)));
                statement.setTimestamp(10, Timestamp.from(done));
                statement.setString(11, tenant.accountId());
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO scheduled_test_runs (account_id, test_id, trigger, scheduled_for, outcome, run_id,
                                                     recorded_at)
                    SELECT account_id, id, 'schedule', ?, 'started', ?, ? FROM scheduled_tests
                     WHERE account_id = ? AND name = 'nightly'""")) {
                statement.setTimestamp(1, Timestamp.from(done.minusSeconds(60)));
                statement.setObject(2, runId);
                statement.setTimestamp(3, Timestamp.from(done.minusSeconds(60)));
                statement.setString(4, tenant.accountId());
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        });
        return runId;
    }

    private RunChanged change(UUID runId) {
        return new RunChanged(
                tenant.accountId(),
                "default",
                "default_project",
                runId,
                null,
                "cpu-check",
                "demo",
                RunPhase.Failed,
                clock.instant());
    }

    @Test
    void adminsManageViewersReadAnotherTenantSeesNothingAndBadInputNamesItsField() {
        JsonNode webhook = createWebhook("guarded");
        String id = webhook.get("id").asString();
        Map<String, Object> body = Map.of("name", "other", "url", hookUrl());
        assertThat(roles.viewer().post("/api/v1/alert-webhooks", body).status()).isEqualTo(403);
        assertThat(roles.operator().post("/api/v1/alert-webhooks", body).status())
                .isEqualTo(403);
        assertThat(roles.operator()
                        .post("/api/v1/alert-webhooks/" + id + "/test", null)
                        .status())
                .isEqualTo(403);
        assertThat(roles.operator().delete("/api/v1/alert-webhooks/" + id).status())
                .isEqualTo(403);
        assertThat(roles.viewer().get("/api/v1/alert-webhooks").status()).isEqualTo(200);
        assertThat(roles.viewer()
                        .get("/api/v1/alert-webhooks/" + id + "/deliveries")
                        .status())
                .isEqualTo(200);

        Api stranger = server.withKey(fixtures.newTenant().adminKey());
        assertThat(stranger.get("/api/v1/alert-webhooks").json()).isEmpty();
        assertThat(stranger.get("/api/v1/alert-webhooks/" + id + "/deliveries").status())
                .isEqualTo(404);
        assertThat(stranger.post("/api/v1/alert-webhooks/" + id + "/test", null).status())
                .isEqualTo(404);
        assertThat(stranger.delete("/api/v1/alert-webhooks/" + id).status()).isEqualTo(404);

        Api.Response noName = roles.admin().post("/api/v1/alert-webhooks", Map.of("url", hookUrl()));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        Api.Response badUrl =
                roles.admin().post("/api/v1/alert-webhooks", Map.of("name", "x", "url", "ftp://example.com/"));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
        assertThat(roles.admin()
                        .post("/api/v1/alert-webhooks", Map.of("name", "guarded", "url", hookUrl()))
                        .status())
                .isEqualTo(409);

        assertThat(roles.admin().delete("/api/v1/alert-webhooks/" + id).status())
                .isEqualTo(204);
        assertThat(roles.viewer()
                        .get("/api/v1/alert-webhooks/" + id + "/deliveries")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void privateAndLoopbackTargetsAreRefusedUnlessConfigured() {
        AlertWebhookProperties production = new AlertWebhookProperties(
                "",
                false,
                Duration.ofSeconds(2),
                6,
                Duration.ofSeconds(2),
                2.0,
                0.5,
                Duration.ofMinutes(2),
                Duration.ofSeconds(10));
        WebhookTargets targets = new WebhookTargets(production);
        assertThat(targets.refusal("http://127.0.0.1:8080/hook")).isPresent();
        assertThat(targets.refusal("http://localhost/hook")).isPresent();
        assertThat(targets.refusal("http://10.1.2.3/hook")).isPresent();
        assertThat(targets.refusal("http://192.168.0.10/hook")).isPresent();
        assertThat(targets.refusal("http://169.254.169.254/latest/meta-data")).isPresent();
        assertThat(targets.refusal("http://[::1]/hook")).isPresent();
        assertThat(targets.refusal("http://[fd00::1]/hook")).isPresent();
        assertThat(targets.refusal("https://user:pw@93.184.216.34/hook")).isPresent();
        assertThat(targets.refusal("https://93.184.216.34/hook")).isEmpty();
        assertThat(new WebhookTargets(new AlertWebhookProperties(
                                "",
                                true,
                                Duration.ofSeconds(2),
                                6,
                                Duration.ofSeconds(2),
                                2.0,
                                0.5,
                                Duration.ofMinutes(2),
                                Duration.ofSeconds(10)))
                        .refusal("http://127.0.0.1:8080/hook"))
                .isEmpty();
    }
}
