package io.chaosplane.agent.k8s.workflow;

import io.chaosplane.agent.remote.AgentIdentity;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.TaskResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Seed 001's v2 task response: {@code POST .../infra/v2/task/response/{infraId}} with the tenant's identifiers as
 * query parameters and the access key as {@code X-Access-Key}.
 */
public final class WorkflowEventClient {

    private final URI infraApi;
    private final Map<String, String> tenant;
    private final Supplier<AgentIdentity> identity;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param infraApi the runner's agent calls' base, {@code .../chaos/kserver/api/infra}
     * @param tenant accountIdentifier, organizationIdentifier, projectIdentifier, environmentIdentifier
     */
    public WorkflowEventClient(
            URI infraApi, Map<String, String> tenant, Supplier<AgentIdentity> identity, Duration timeout) {
        this.infraApi = infraApi;
        this.tenant = Map.copyOf(tenant);
        this.identity = identity;
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public void send(TaskResponse response) {
        AgentIdentity current = identity.get();
        String query = tenant.entrySet().stream()
                .filter(entry -> !entry.getValue().isBlank())
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        infraApi + "/v2/task/response/" + URLEncoder.encode(current.infraId(), StandardCharsets.UTF_8)
                                + (query.isEmpty() ? "" : "?" + query)))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Infra-ID", current.infraId())
                .header("X-Access-Key", current.accessKey().value())
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        ProtocolJson.outgoing().writeValueAsBytes(response)))
                .build();
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw RemoteException.unavailable("workflow event failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RemoteException.unavailable("workflow event was interrupted", e);
        }
        if (answer.statusCode() / 100 != 2) {
            throw RemoteException.ofStatus(
                    answer.statusCode(), "workflow event answered " + answer.statusCode() + ": " + answer.body());
        }
    }
}
