package io.chaosplane.controlplane.schedule;

import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.TenantContext;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the alert webhooks' outbox. Every replica polls it: due deliveries are leased with {@code FOR UPDATE SKIP
 * LOCKED}, each attempt counted in the database before it is made, and retried by a Resilience4j {@link Retry} with
 * exponential backoff and jitter. A replica that dies mid-retry leaves a lease that runs out; another takes the
 * delivery on where it stood, with the same delivery id, and the first can no longer attempt it (its claim is gone).
 */
@Component
class AlertDeliverer {

    private static final Logger log = LoggerFactory.getLogger(AlertDeliverer.class);

    static final String SIGNATURE = "X-ChaosPlane-Signature";
    static final String DELIVERY = "X-ChaosPlane-Delivery";
    static final String EVENT = "X-ChaosPlane-Event";
    private static final int BATCH = 20;
    private static final int MAX_ERROR = 500;

    record Claim(UUID id, String accountId, UUID token) {}

    /** What one attempt came to. */
    record Attempt(Integer statusCode, String error, boolean lost) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        boolean retryable() {
            return !lost && !delivered();
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantContext tenants;
    private final AlertWebhookStore store;
    private final SecretBox secrets;
    private final WebhookTargets targets;
    private final AlertWebhookProperties properties;
    private final Clock clock;
    private final HttpClient http;
    private final IntervalFunction backoff;

    AlertDeliverer(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TenantContext tenants,
            AlertWebhookStore store,
            SecretBox secrets,
            WebhookTargets targets,
            AlertWebhookProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tenants = tenants;
        this.store = store;
        this.secrets = secrets;
        this.targets = targets;
        this.properties = properties;
        this.clock = clock;
        // redirects are not followed: a public receiver could otherwise send an attempt to a private address
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                properties.initialBackoff(), properties.multiplier(), properties.jitter());
    }

    @Scheduled(fixedDelayString = "${chaosplane.alert-webhooks.poll-interval:2s}")
    void scheduled() {
        try {
            wake();
        } catch (RuntimeException e) {
            log.error("alert webhooks: poll failed", e);
        }
    }

    /** Claims what is due and sends each in a thread of its own, as retries wait. */
    void wake() {
        for (Claim claim : claim()) {
            Thread.ofVirtual().name("alert-delivery").start(() -> deliver(claim));
        }
    }

    /** Leases up to a batch of due deliveries to this replica. */
    List<Claim> claim() {
        List<Claim> claims = transactions.execute(status -> jdbc.sql(
                        "SELECT * FROM claim_alert_deliveries(?, make_interval(secs => ?), ?)")
                .params(timestamp(clock.instant()), (double) properties.lease().toMillis() / 1000, BATCH)
                .query((row, n) -> new Claim(
                        row.getObject("id", UUID.class),
                        row.getString("account_id"),
                        row.getObject("claim_token", UUID.class)))
                .list());
        return claims == null ? List.of() : claims;
    }

    /** Attempts the claimed delivery until it is delivered, its attempts are used up or another replica has it. */
    void deliver(Claim claim) {
        tenants.runAs(claim.accountId(), () -> {
            Optional<AlertWebhookStore.Pending> found =
                    transactions.execute(status -> store.pending(claim.accountId(), claim.id(), claim.token()));
            if (found == null || found.isEmpty()) {
                return;
            }
            AlertWebhookStore.Pending pending = found.get();
            int remaining = properties.maxAttempts() - pending.attempts();
            if (remaining <= 0) {
                finish(claim, "failed", null, "no attempts left");
                return;
            }
            String secret = secrets.open(pending.sealedSecret(), pending.webhookId());
            RetryConfig config = RetryConfig.<Attempt>custom()
                    .maxAttempts(remaining)
                    // the wait follows the delivery's own attempt count, carried over from a replica that died
                    .intervalBiFunction((attempt, outcome) -> backoff.apply(pending.attempts() + attempt))
                    .retryOnResult(Attempt::retryable)
                    .failAfterMaxAttempts(false)
                    .build();
            Retry retry = Retry.of("alert-delivery-" + claim.id(), config);
            Attempt last = Retry.decorateSupplier(retry, () -> attempt(claim, pending, secret))
                    .get();
            if (last.lost()) {
                log.info("alert delivery {} went on elsewhere", claim.id());
            }
        });
    }

    private Attempt attempt(Claim claim, AlertWebhookStore.Pending pending, String secret) {
        if (Thread.currentThread().isInterrupted()) {
            return new Attempt(null, "interrupted", true); // shutting down: the lease hands it on
        }
        Instant now = clock.instant();
        int upcoming = pending.attempts() + 1;
        Instant next = now.plus(properties.longestWaitAfter(upcoming));
        Optional<Integer> number = transactions.execute(status ->
                store.startAttempt(claim.accountId(), claim.id(), claim.token(), next, next.plus(properties.lease())));
        if (number == null || number.isEmpty()) {
            return new Attempt(null, "lease lost", true);
        }
        Attempt result = send(pending, secret, now);
        String status =
                result.delivered() ? "delivered" : number.get() >= properties.maxAttempts() ? "failed" : "pending";
        finish(claim, status, result.statusCode(), result.error());
        return result;
    }

    private Attempt send(AlertWebhookStore.Pending pending, String secret, Instant now) {
        Optional<String> refused = targets.refusal(pending.url());
        if (refused.isPresent()) {
            return new Attempt(null, "url " + refused.get(), false);
        }
        long t = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(pending.url()))
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "ChaosPlane-Webhooks/1")
                .header(DELIVERY, pending.id().toString())
                .header(EVENT, pending.event())
                .header(SIGNATURE, "t=" + t + ",v1=" + sign(secret, t, pending.body()))
                .POST(HttpRequest.BodyPublishers.ofString(pending.body(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return new Attempt(code, code >= 200 && code < 300 ? "" : "answered " + code, false);
        } catch (IOException e) {
            return new Attempt(null, truncate(e.getClass().getSimpleName() + ": " + e.getMessage()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(null, "interrupted", true);
        }
    }

    private void finish(Claim claim, String status, Integer statusCode, String error) {
        transactions.executeWithoutResult(tx -> store.finishAttempt(
                claim.accountId(), claim.id(), claim.token(), status, statusCode, error, clock.instant()));
    }

    /** The hex HMAC-SHA256 of {@code "<t>.<body>"} under the webhook's secret. */
    static String sign(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String truncate(String text) {
        String value = text == null ? "" : text;
        return value.length() <= MAX_ERROR ? value : value.substring(0, MAX_ERROR);
    }
}
