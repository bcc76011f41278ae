package io.chaosplane.controlplane.live;

import io.chaosplane.controlplane.access.Caller;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 000's {@code WS /api/v1/ws}: a client sends {@code {"type":"subscribe","resource":"experiments",
 * "namespace":"production"}} (namespace optional; resource experiments or workflows) and then receives an update
 * for every change there, of its own account only. {@code unsubscribe} undoes a subscription.
 */
@Component
class LiveWebSocketHandler extends TextWebSocketHandler {

    static final String CALLER = "chaosplane.caller";
    private static final Set<String> RESOURCES = Set.of("experiments", "workflows");

    private final LiveSessions sessions;
    private final JsonMapper json;

    LiveWebSocketHandler(LiveSessions sessions, JsonMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    /**
     * A client may also subscribe in the handshake's query ({@code ?resource=experiments&namespace=production}):
     * a client that cannot send messages (curl watching the stream) then receives updates all the same.
     */
    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        sessions.opened(session, (Caller) session.getAttributes().get(CALLER));
        if (session.getUri() == null) {
            return;
        }
        var query = UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams();
        String resource = query.getFirst("resource");
        if (resource != null && RESOURCES.contains(resource)) {
            sessions.subscribe(session, new LiveSessions.Subscription(resource, query.getFirst("namespace")));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        JsonNode request;
        try {
            request = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            sessions.reply(session, error("the message is not JSON"));
            return;
        }
        String type = text(request, "type");
        String resource = text(request, "resource");
        if (!"subscribe".equals(type) && !"unsubscribe".equals(type)) {
            sessions.reply(session, error("type must be subscribe or unsubscribe"));
            return;
        }
        if (resource == null || !RESOURCES.contains(resource)) {
            sessions.reply(session, error("resource must be one of " + RESOURCES));
            return;
        }
        var subscription = new LiveSessions.Subscription(resource, text(request, "namespace"));
        if ("subscribe".equals(type)) {
            sessions.subscribe(session, subscription);
        } else {
            sessions.unsubscribe(session, subscription);
        }
        sessions.reply(
                session,
                Map.of(
                        "type",
                        type + "d",
                        "resource",
                        resource,
                        "namespace",
                        subscription.namespace() == null ? "*" : subscription.namespace()));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.closed(session);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        sessions.closed(session);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Map<String, String> error(String message) {
        return Map.of("type", "error", "error", message);
    }
}
