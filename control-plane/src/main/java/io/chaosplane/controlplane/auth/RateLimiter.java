package io.chaosplane.controlplane.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets in PostgreSQL (Bucket4j), so that every replica counts against the same limit. A key that
 * ran out is refused locally until its bucket refills: a flood of 429s never reaches the database.
 */
@Component
class RateLimiter {

    /** What a request learns about its limit. */
    record Decision(boolean allowed, int limit, long remaining, Instant resetAt) {

        Duration retryAfter(Instant now) {
            return Duration.between(now, resetAt).isNegative() ? Duration.ZERO : Duration.between(now, resetAt);
        }
    }

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final Cache<String, Decision> refused = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(2))
            .build();
    private final Duration window;
    private final Clock clock;

    RateLimiter(DataSource dataSource, RateLimitProperties properties, Clock clock) {
        this.window = properties.window();
        this.clock = clock;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(window))
                .clientClock(new ClockTimeMeter(clock))
                .build();
    }

    Decision consume(String key, int limit) {
        Instant now = clock.instant();
        Decision earlier = refused.getIfPresent(key);
        if (earlier != null && earlier.limit() == limit && earlier.resetAt().isAfter(now)) {
            return earlier;
        }
        // The limit is part of the bucket's key, so a changed plan or role starts a bucket of its own.
        ConsumptionProbe probe = bucket(key + "@" + limit, limit).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            refused.invalidate(key);
            return new Decision(true, limit, probe.getRemainingTokens(), now.plusNanos(probe.getNanosToWaitForReset()));
        }
        Decision refusal = new Decision(false, limit, 0, now.plusNanos(probe.getNanosToWaitForRefill()));
        refused.put(key, refusal);
        return refusal;
    }

    private io.github.bucket4j.distributed.BucketProxy bucket(String id, int limit) {
        return ((ProxyManager<String>) buckets)
                .builder()
                .build(
                        id,
                        () -> BucketConfiguration.builder()
                                .addLimit(bandwidth -> bandwidth.capacity(limit).refillIntervally(limit, window))
                                .build());
    }

    /** Bucket4j reads time from the control plane's clock, like everything else. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    @Scheduled(fixedDelayString = "PT1M")
    void removeExpiredBuckets() {
        while (buckets.removeExpired(1000) == 1000) {
            Thread.onSpinWait();
        }
    }
}
