package io.chaosplane.logservice.wakeup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How replicas wake each other's tails.
 *
 * @param transport      {@code postgres}: LISTEN/NOTIFY between replicas; {@code polling}: none, tails of other
 *                       replicas find new lines on their periodic re-check (for poolers that cannot LISTEN)
 * @param notifyInterval notifications are merged over this window: at most one per stream per window
 */
@ConfigurationProperties("chaosplane.log-service.wakeups")
record WakeupProperties(
        @DefaultValue("postgres") Transport transport,
        @DefaultValue("100ms") Duration notifyInterval) {

    enum Transport {
        POSTGRES,
        POLLING
    }
}
