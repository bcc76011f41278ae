package io.chaosplane.agent.remote;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.protocol.linux.LivenessRequest;
import io.chaosplane.protocol.linux.LivenessResponse;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The control plane over HTTP, at seed 001's paths under the configured server URL, authenticated with
 * {@code X-Infra-ID} and {@code X-Access-Key} as docs/agent-protocol.md says.
 */
public final class HttpControlPlane implements ControlPlane {

    public static final String BASE_PATH = "/chaos/lserver/api/infra";
    /** The poll's request may take the long-poll wait plus this much before it counts as lost. */
    private static final Duration POLL_SLACK = Duration.ofSeconds(10);

    private final URI base;
    private final JsonHttp http;
    private final Duration requestTimeout;
    private final Supplier<AgentIdentity> identity;

    /**
     * @param serverUrl the control plane's base URL, for example {@code https://chaos.example.com/gateway}
     * @param identity the identity from confirm; asked for on every call after confirm
     */
    public HttpControlPlane(
            URI serverUrl, Duration requestTimeout, Supplier<AgentIdentity> identity, String userAgent) {
        this(serverUrl, BASE_PATH, requestTimeout, identity, userAgent);
    }

    /**
     * @param basePath where the agent calls live under the server URL: seed 001's Linux paths
     *     ({@value #BASE_PATH}), or their Kubernetes twins ({@code /chaos/kserver/api/infra})
     */
    public HttpControlPlane(
            URI serverUrl,
            String basePath,
            Duration requestTimeout,
            Supplier<AgentIdentity> identity,
            String userAgent) {
        this(serverUrl, basePath, requestTimeout, identity, userAgent, JsonHttp.defaultClient(Duration.ofSeconds(5)));
    }

    HttpControlPlane(
            URI serverUrl,
            Duration requestTimeout,
            Supplier<AgentIdentity> identity,
            String userAgent,
            HttpClient client) {
        this(serverUrl, BASE_PATH, requestTimeout, identity, userAgent, client);
    }

    private HttpControlPlane(
            URI serverUrl,
            String basePath,
            Duration requestTimeout,
            Supplier<AgentIdentity> identity,
            String userAgent,
            HttpClient client) {
        this.base = URI.create(serverUrl.toString().replaceAll("/+$", "") + basePath);
        this.http = new JsonHttp(client, userAgent);
        this.requestTimeout = requestTimeout;
        this.identity = identity;
    }

    @Override
    public ConfirmResponse confirm(ConfirmRequest request, String infraId, Secret installToken) {
        HttpRequest post = http.request(uri("/confirm"), requestTimeout)
                .header("Content-Type", "application/json")
                .header("X-Infra-ID", infraId)
                .header("X-Access-Key", installToken.value())
                .POST(JsonHttp.json(request))
                .build();
        return http.read(http.send(post, "confirm"), ConfirmResponse.class, "confirm");
    }

    @Override
    public LivenessResponse liveness() {
        String body = http.send(post("/liveness", new LivenessRequest()), "liveness");
        // seed 001's answer is {"message":"OK"}; an empty body (an older or a leaner control plane) names no halt
        return body == null || body.isBlank()
                ? LivenessResponse.OK
                : http.read(body, LivenessResponse.class, "liveness");
    }

    @Override
    public TaskList poll(Duration wait, int limit) {
        HttpRequest get = authenticated(http.request(
                        uri("/task?waitSeconds=" + wait.toSeconds() + "&limit=" + limit), wait.plus(POLL_SLACK)))
                .GET()
                .build();
        String body = http.send(get, "task poll");
        return body.isBlank() ? TaskList.EMPTY : http.read(body, TaskList.class, "task poll");
    }

    @Override
    public TaskStatusResponse status(String taskName, TaskStatusRequest request) {
        String body = http.send(post("/task/status/" + encode(taskName), request), "status of " + taskName);
        return body.isBlank()
                ? new TaskStatusResponse(true, null)
                : http.read(body, TaskStatusResponse.class, "status of " + taskName);
    }

    @Override
    public void logs(TaskLogsRequest request) {
        http.send(post("/logs", request), "logs of " + request.streamID());
    }

    @Override
    public void result(String taskName, TaskResultRequest request) {
        http.send(post("/task/result/" + encode(taskName), request), "result of " + taskName);
    }

    private HttpRequest post(String path, Object body) {
        return authenticated(http.request(uri(path), requestTimeout))
                .header("Content-Type", "application/json")
                .POST(JsonHttp.json(body))
                .build();
    }

    private HttpRequest.Builder authenticated(HttpRequest.Builder request) {
        AgentIdentity current = identity.get();
        return request.header("X-Infra-ID", current.infraId())
                .header("X-Access-Key", current.accessKey().value());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
