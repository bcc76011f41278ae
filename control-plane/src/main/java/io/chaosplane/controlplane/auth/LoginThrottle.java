package io.chaosplane.controlplane.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed password sign-ins per e-mail and per client address, from Spring Security's authentication
 * events, and tells {@link LoginThrottleFilter} whether a new attempt may reach the password check at all.
 * After {@code accountFailures} (or {@code addressFailures}) failures, a lock-out starts that doubles with each
 * further failure; a successful sign-in clears the e-mail's counter. The counters live in this replica's memory,
 * in a bounded map: refusing an attempt costs no database round trip and a flood of guesses cannot grow a table;
 * behind N replicas an attacker gets up to N times the failures (documented in the README).
 */
@Component
class LoginThrottle {

    private record Counter(int failures, Instant lastFailure, Instant lockedUntil) {}

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final LoginThrottleProperties properties;
    private final Clock clock;

    LoginThrottle(LoginThrottleProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long the attempt must wait, if the e-mail or the address is locked out now. */
    Optional<Duration> lockedFor(String email, String address) {
        return lockedForKeys(accountKey(email), addressKey(address));
    }

    /**
     * How long a second-factor code must wait. Wrong codes are counted apart from wrong passwords, so that signing in
     * again with the (known) password does not clear them.
     */
    Optional<Duration> secondFactorLockedFor(String email, String address) {
        return lockedForKeys(secondFactorKey(email), addressKey(address));
    }

    void secondFactorFailed(String email, String address) {
        if (properties.enabled()) {
            count(secondFactorKey(email), properties.accountFailures());
            count(addressKey(address), properties.addressFailures());
        }
    }

    void secondFactorSucceeded(String email) {
        String key = secondFactorKey(email);
        if (key != null) {
            counters.remove(key);
        }
    }

    private Optional<Duration> lockedForKeys(String... keys) {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys) {
            Counter counter = key == null ? null : counters.get(key);
            if (counter != null
                    && counter.lockedUntil() != null
                    && counter.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, counter.lockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        if (!properties.enabled()) {
            return;
        }
        Object principal = event.getAuthentication().getPrincipal();
        if (principal instanceof String email) {
            count(accountKey(email), properties.accountFailures());
        }
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
            count(addressKey(details.getRemoteAddress()), properties.addressFailures());
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof SignedInUser user) {
            counters.remove(accountKey(user.email()));
        }
    }

    private void count(String key, int freeFailures) {
        if (key == null) {
            return;
        }
        Instant now = clock.instant();
        counters.compute(key, (k, old) -> {
            int failures = old == null
                            || old.lastFailure().plus(properties.maxLockout()).isBefore(now)
                    ? 1
                    : old.failures() + 1;
            Instant lockedUntil = failures < freeFailures ? null : now.plus(lockoutAfter(failures - freeFailures));
            return new Counter(failures, now, lockedUntil);
        });
        if (counters.size() > properties.maxEntries()) {
            evictStalest();
        }
    }

    /** The first lock-out, doubled for each failure beyond the free ones, capped. */
    private Duration lockoutAfter(int extraFailures) {
        Duration lockout = properties.lockout();
        for (int i = 0; i < extraFailures && lockout.compareTo(properties.maxLockout()) < 0; i++) {
            lockout = lockout.multipliedBy(2);
        }
        return lockout.compareTo(properties.maxLockout()) > 0 ? properties.maxLockout() : lockout;
    }

    private void evictStalest() {
        int excess = counters.size() - properties.maxEntries();
        counters.entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getValue().lastFailure()))
                .limit(Math.max(excess, properties.maxEntries() / 10))
                .map(Map.Entry::getKey)
                .toList()
                .forEach(counters::remove);
    }

    private static String accountKey(String email) {
        return email == null || email.isBlank() ? null : "email:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private static String secondFactorKey(String email) {
        return email == null || email.isBlank() ? null : "code:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return address == null ? null : "ip:" + address;
    }
}
