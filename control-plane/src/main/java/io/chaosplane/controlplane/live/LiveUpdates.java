package io.chaosplane.controlplane.live;

import io.chaosplane.controlplane.access.CallerWithdrawn;
import io.chaosplane.controlplane.common.PgNotifications;
import io.chaosplane.controlplane.run.RunChanged;
import io.chaosplane.controlplane.workflow.WorkflowChanged;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries changes to every replica's WebSocket clients through PostgreSQL NOTIFY, so that a change made through one
 * replica reaches a client connected to another. Every replica, this one included, delivers what it hears on the
 * channel, so that each client gets each update once.
 */
@Component
class LiveUpdates {

    static final String CHANNEL = "chaosplane_updates";
    /** Callers whose credential stopped counting: every replica closes their WebSockets. */
    static final String WITHDRAWN_CHANNEL = "chaosplane_withdrawn";

    private final PgNotifications notifications;
    private final LiveSessions sessions;
    private final JsonMapper json;
    // Changes are announced after their commit, when the committing thread may still hold the finished
    // transaction's connection: announce from a thread of our own, one at a time so that phases keep their order.
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("live-updates").factory());

    LiveUpdates(PgNotifications notifications, LiveSessions sessions, JsonMapper json) {
        this.notifications = notifications;
        this.sessions = sessions;
        this.json = json;
        notifications.subscribe(CHANNEL, this::heard);
        notifications.subscribe(WITHDRAWN_CHANNEL, this::heardWithdrawn);
    }

    /**
     * A revoked key or a removed person loses its WebSockets at once: once the withdrawal commits, every replica (this
     * one included, like updates) hears of it and closes that caller's connections in the account.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void callerWithdrawn(CallerWithdrawn withdrawn) {
        String payload = json.writeValueAsString(withdrawn);
        announcer.execute(() -> notifications.send(WITHDRAWN_CHANNEL, payload));
    }

    /** Published after the commit of the change. */
    @EventListener
    void runChanged(RunChanged change) {
        publish(new LiveUpdate.Envelope(
                change.accountId(),
                change.organization(),
                change.project(),
                "experiment",
                change.experimentName(),
                change.namespace(),
                change.phase().name(),
                change.timestamp()));
    }

    /** Published after the commit of the change. */
    @EventListener
    void workflowChanged(WorkflowChanged change) {
        publish(new LiveUpdate.Envelope(
                change.accountId(),
                change.organization(),
                change.project(),
                "workflow",
                change.name(),
                change.namespace(),
                change.phase().name(),
                change.timestamp()));
    }

    void publish(LiveUpdate.Envelope envelope) {
        String payload = json.writeValueAsString(envelope);
        announcer.execute(() -> notifications.send(CHANNEL, payload));
    }

    @PreDestroy
    void stop() {
        announcer.shutdown();
    }

    private void heardWithdrawn(String payload) {
        CallerWithdrawn withdrawn = json.readValue(payload, CallerWithdrawn.class);
        sessions.closeCaller(withdrawn.accountId(), withdrawn.subjectId());
    }

    private void heard(String payload) {
        sessions.deliver(json.readValue(payload, LiveUpdate.Envelope.class).update());
    }
}
