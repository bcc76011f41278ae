package io.chaosplane.controlplane.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Throttling of password sign-ins (form and HTTP Basic), decided before the password is checked.
 *
 * @param enabled switch throttling off (never in production)
 * @param accountFailures failed sign-ins for one e-mail before it is locked
 * @param addressFailures failed sign-ins from one client address (any e-mail) before it is locked
 * @param lockout the first lock-out; each further failure doubles it, up to {@code maxLockout}
 * @param maxLockout the longest lock-out; a counter also forgets its failures after this much quiet
 * @param maxEntries counters kept in memory at most (per replica); the stalest are dropped beyond it
 */
@ConfigurationProperties("chaosplane.login-throttle")
record LoginThrottleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5") int accountFailures,
        @DefaultValue("20") int addressFailures,
        @DefaultValue("1m") Duration lockout,
        @DefaultValue("1h") Duration maxLockout,
        @DefaultValue("100000") int maxEntries) {}
