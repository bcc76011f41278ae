package io.chaosplane.controlplane.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert webhooks ({@code chaosplane.alert-webhooks.*}).
 *
 * @param encryptionKey the secret (32 characters at least) whose SHA-256 is the AES-GCM key that seals each webhook's
 *     signing secret in the database; without one, webhooks cannot be created
 * @param allowPrivateTargets webhooks may point at loopback, private and link-local addresses: off in production,
 *     where it would let a project admin make the control plane call its own network
 * @param pollInterval how often each replica looks for due deliveries in the outbox
 * @param maxAttempts attempts of one delivery at most, across replicas and restarts
 * @param initialBackoff wait after the first failed attempt; each next one is {@code multiplier} times longer
 * @param multiplier growth of the wait from one attempt to the next
 * @param jitter each wait is drawn from ±this fraction of it, so that receivers coming back are not hit at once
 * @param lease how long a claimed delivery stays with its replica beyond its waits; one that dies leaves it to others
 * @param timeout one attempt's connection and response, at most
 */
@ConfigurationProperties("chaosplane.alert-webhooks")
record AlertWebhookProperties(
        @DefaultValue("") String encryptionKey,
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("0.5") double jitter,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("10s") Duration timeout) {

    /** The longest wait after attempt {@code attempt} (1-based) that the jitter can draw. */
    Duration longestWaitAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1)) * (1 + jitter);
        return Duration.ofMillis((long) Math.min(millis, Duration.ofDays(1).toMillis()));
    }
}
