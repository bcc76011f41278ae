package io.chaosplane.logservice.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keeping and removing streams.
 *
 * @param retention           streams older than this are removed with their lines, by whole days of creation
 * @param maintenanceInterval how often partitions are made ahead and old ones removed
 * @param partitionsAhead     days of partitions made ahead of today
 */
@ConfigurationProperties("chaosplane.log-service")
record RetentionProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration maintenanceInterval,
        @DefaultValue("3") int partitionsAhead) {

    RetentionProperties {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException(
                    "chaosplane.log-service.retention must be at least 1d: streams are " + "removed by whole days");
        }
    }
}
