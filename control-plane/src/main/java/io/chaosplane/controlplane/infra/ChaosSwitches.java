package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.common.PgNotifications;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This replica's copy of the infrastructures whose kill switch is off (chaosEnabled false), so that agents' polls and
 * heartbeats learn of it without a query. Read again when any replica turns a switch (a NOTIFY after the commit),
 * after the listener reconnects, and every few seconds in case a notification was lost.
 */
@Component
class ChaosSwitches {

    static final String CHANNEL = "chaosplane_chaos_switches";
    private static final Logger log = LoggerFactory.getLogger(ChaosSwitches.class);

    private final JdbcClient jdbc;
    private final PgNotifications notifications;
    private final ApplicationEventPublisher publisher;
    private volatile Set<UUID> disabled = Set.of();

    ChaosSwitches(JdbcClient jdbc, PgNotifications notifications, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.publisher = publisher;
        notifications.subscribe(CHANNEL, payload -> refresh());
        notifications.onReconnect(this::refresh);
    }

    boolean enabled(UUID infrastructureId) {
        return !disabled.contains(infrastructureId);
    }

    /** A switch was turned here: this replica reads them at once, the others on the notification. */
    void changed() {
        refresh();
        notifications.send(CHANNEL, "changed");
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        refresh();
    }

    @Scheduled(
            fixedDelayString = "${chaosplane.halts.refresh-interval:5s}",
            initialDelayString = "${chaosplane.halts.refresh-interval:5s}")
    void periodically() {
        refresh();
    }

    /** One statement across tenants, through a narrow function; a failure keeps the last copy. */
    synchronized void refresh() {
        Set<UUID> read;
        try {
            read = Set.copyOf(jdbc.sql("SELECT id FROM chaos_disabled_infrastructures()")
                    .query(UUID.class)
                    .list());
        } catch (RuntimeException e) {
            log.warn(
                    "could not read the infrastructures whose chaos is off, keeping the last copy: {}", e.getMessage());
            return;
        }
        boolean changed = !read.equals(disabled);
        disabled = read;
        if (changed) {
            publisher.publishEvent(new ChaosSwitchesChanged());
        }
    }
}
