package io.chaosplane.controlplane.live;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.ResourceScope;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket clients of this replica and what each subscribed to. Sending never blocks the sender on one slow
 * client: each session has a bounded buffer and a send time limit, and a client that exceeds either is dropped.
 */
@Component
class LiveSessions {

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);
    private static final int SEND_TIME_LIMIT_MS = 5_000;
    private static final int BUFFER_LIMIT_BYTES = 256 * 1024;

    /** A subscription: a resource kind (experiments, workflows) in a namespace, or in every namespace. */
    record Subscription(String resource, String namespace) {}

    private record Client(WebSocketSession session, Caller caller, Set<Subscription> subscriptions) {}

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final JsonMapper json;

    LiveSessions(JsonMapper json) {
        this.json = json;
    }

    void opened(WebSocketSession session, Caller caller) {
        var guarded = new ConcurrentWebSocketSessionDecorator(
                session,
                SEND_TIME_LIMIT_MS,
                BUFFER_LIMIT_BYTES,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        clients.put(session.getId(), new Client(guarded, caller, ConcurrentHashMap.newKeySet()));
    }

    void closed(WebSocketSession session) {
        clients.remove(session.getId());
    }

    void subscribe(WebSocketSession session, Subscription subscription) {
        Client client = clients.get(session.getId());
        if (client != null) {
            client.subscriptions().add(subscription);
        }
    }

    void unsubscribe(WebSocketSession session, Subscription subscription) {
        Client client = clients.get(session.getId());
        if (client != null) {
            client.subscriptions().remove(subscription);
        }
    }

    void reply(WebSocketSession session, Object message) {
        Client client = clients.get(session.getId());
        if (client != null) {
            send(client, json.writeValueAsString(message));
        }
    }

    /** Sends the update to every client of its account that subscribed to it and may read its project. */
    void deliver(LiveUpdate update) {
        String text = null;
        String resource = update.resource() + "s";
        ResourceScope project = update.organization() == null
                ? ResourceScope.account()
                : new ResourceScope(update.organization(), update.project());
        for (Client client : clients.values()) {
            if (!client.caller().accountId().equals(update.accountId())
                    || !client.caller().canSee(project)) {
                continue;
            }
            boolean wanted = client.subscriptions().stream()
                    .anyMatch(subscription -> subscription.resource().equals(resource)
                            && (subscription.namespace() == null
                                    || subscription.namespace().equals(update.namespace())));
            if (wanted) {
                text = text == null ? json.writeValueAsString(update) : text;
                send(client, text);
            }
        }
    }

    /** Closes the connections the caller (an API key or a person, by id) opened in the account. */
    void closeCaller(String accountId, UUID subjectId) {
        for (Client client : clients.values()) {
            if (client.caller().accountId().equals(accountId)
                    && subjectId.equals(client.caller().subjectId())) {
                log.info(
                        "closing WebSocket client {}: its credential was withdrawn",
                        client.session().getId());
                clients.remove(client.session().getId());
                try {
                    client.session().close(CloseStatus.POLICY_VIOLATION.withReason("credential withdrawn"));
                } catch (IOException | IllegalStateException ignored) {
                    // closed already
                }
            }
        }
    }

    int count() {
        return clients.size();
    }

    private void send(Client client, String text) {
        try {
            client.session().sendMessage(new TextMessage(text));
        } catch (IOException | IllegalStateException e) {
            // a slow or dead client: drop it, the others go on
            log.info("dropping WebSocket client {}: {}", client.session().getId(), e.getMessage());
            clients.remove(client.session().getId());
            try {
                client.session().close(CloseStatus.SESSION_NOT_RELIABLE);
            } catch (IOException | IllegalStateException ignored) {
                // closed already
            }
        }
    }
}
