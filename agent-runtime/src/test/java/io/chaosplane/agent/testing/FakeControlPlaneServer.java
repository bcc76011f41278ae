package io.chaosplane.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.SuccessResponse;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.logs.LogLine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.core.type.TypeReference;

/**
 * Seed 001's agent endpoints and log service over real HTTP, on loopback, in front of a {@link FakeControlPlane} and a
 * {@link FakeLogService}. It checks the headers docs/agent-protocol.md requires and answers 401 without them, 503
 * while the fake is down.
 */
public final class FakeControlPlaneServer implements AutoCloseable {

    private static final String INFRA = "/chaos/lserver/api/infra";

    private final FakeControlPlane controlPlane;
    private final FakeLogService logService;
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeControlPlaneServer(FakeControlPlane controlPlane, FakeLogService logService) throws IOException {
        this.controlPlane = controlPlane;
        this.logService = logService;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(INFRA, this::agentCall);
        server.createContext("/log-service", this::logServiceCall);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI logServiceUrl() {
        return URI.create(url() + "/log-service");
    }

    /** Method and path of every request, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void agentCall(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(INFRA.length());
        requests.add(exchange.getRequestMethod() + " " + path);
        try {
            String infraId = exchange.getRequestHeaders().getFirst("X-Infra-ID");
            String key = exchange.getRequestHeaders().getFirst("X-Access-Key");
            if (infraId == null || key == null) {
                answer(exchange, 401, Map.of("error", "X-Infra-ID and X-Access-Key are required"));
                return;
            }
            if (path.equals("/confirm")) {
                answer(
                        exchange,
                        200,
                        controlPlane.confirm(read(exchange, ConfirmRequest.class), infraId, new Secret(key)));
                return;
            }
            if (!FakeControlPlane.ACCESS_KEY.equals(key)) {
                answer(exchange, 401, Map.of("error", "access key refused"));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            if (path.equals("/liveness")) {
                answer(exchange, 200, controlPlane.liveness());
            } else if (path.equals("/task")) {
                answer(
                        exchange,
                        200,
                        controlPlane.poll(
                                Duration.ofSeconds(Long.parseLong(query.get("waitSeconds"))),
                                Integer.parseInt(query.getOrDefault("limit", "1"))));
            } else if (path.startsWith("/task/status/")) {
                answer(
                        exchange,
                        200,
                        controlPlane.status(
                                decode(path.substring("/task/status/".length())),
                                read(exchange, TaskStatusRequest.class)));
            } else if (path.equals("/logs")) {
                controlPlane.logs(read(exchange, TaskLogsRequest.class));
                answer(exchange, 200, SuccessResponse.OK);
            } else if (path.startsWith("/task/result/")) {
                controlPlane.result(
                        decode(path.substring("/task/result/".length())), read(exchange, TaskResultRequest.class));
                answer(exchange, 200, SuccessResponse.OK);
            } else {
                answer(exchange, 404, Map.of("error", "no route " + path));
            }
        } catch (RemoteException e) {
            answer(exchange, e.status() == 0 ? 503 : e.status(), Map.of("error", e.getMessage()));
        }
    }

    private void logServiceCall(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        requests.add(method + " " + path);
        Map<String, String> query = query(exchange.getRequestURI());
        String token = exchange.getRequestHeaders().getFirst("X-Harness-Token");
        if (token == null) {
            answer(exchange, 401, Map.of("error", "X-Harness-Token is required"));
            return;
        }
        try {
            String verb = switch (method + " " + path) {
                case "POST /log-service" -> "open";
                case "PUT /log-service/stream" -> "append";
                case "DELETE /log-service" -> "close";
                default -> null;
            };
            if (verb == null) {
                answer(exchange, 404, Map.of("error", "no route " + method + " " + path));
                return;
            }
            List<LogLine> lines = verb.equals("append")
                    ? ProtocolJson.mapper().readValue(exchange.getRequestBody(), new TypeReference<List<LogLine>>() {})
                    : List.of();
            logService.record(verb, query.get("accountID"), query.get("key"), token, lines);
            answer(exchange, 200, Map.of());
        } catch (RemoteException e) {
            answer(exchange, 503, Map.of("error", e.getMessage()));
        }
    }

    private static <T> T read(HttpExchange exchange, Class<T> type) {
        return ProtocolJson.mapper().readValue(exchange.getRequestBody(), type);
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = ProtocolJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            Arrays.stream(uri.getRawQuery().split("&"))
                    .map(pair -> pair.split("=", 2))
                    .forEach(pair -> query.put(decode(pair[0]), pair.length > 1 ? decode(pair[1]) : ""));
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
