package io.chaosplane.discovery.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosplane.discovery.DiscoverySettings.Token;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The agent's two calls besides its uploads: {@code POST .../agents/{agentID}/token} exchanges the one-time install
 * token (the Linux install command's) for the agent's token and settings, once; {@code GET .../agents/{agentID}/config}
 * gives the settings (seed 001's {@code config}: cron, window, namespace filters) to an agent holding its token. Both
 * answer the control plane's {@code AgentSettings}: {@code {agentID, token?, config:{data, kubernetes, ...}, ...}}.
 */
public final class AgentSettingsClient {

    /** A 4xx: repeating the call would not help. The message names the status, never a token. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final URI agentUrl;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public AgentSettingsClient(HttpClient http, URI serverUrl, String agentId, Duration timeout, ObjectMapper mapper) {
        this.http = http;
        this.agentUrl = URI.create(serverUrl.toString().replaceAll("/+$", "") + "/servicediscovery/api/v1/agents/"
                + URLEncoder.encode(agentId, StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.mapper = mapper;
    }

    public JsonNode exchange(String installToken) throws IOException, InterruptedException, RefusedException {
        return call(
                HttpRequest.newBuilder(URI.create(agentUrl + "/token"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Token " + installToken.strip()),
                "exchanging the install token");
    }

    public JsonNode config(Token token) throws IOException, InterruptedException, RefusedException {
        return call(
                HttpRequest.newBuilder(URI.create(agentUrl + "/config"))
                        .GET()
                        .header("Authorization", "Token " + token.value()),
                "reading the agent's settings");
    }

    private JsonNode call(HttpRequest.Builder request, String what)
            throws IOException, InterruptedException, RefusedException {
        HttpResponse<byte[]> response = http.send(
                request.timeout(timeout).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return mapper.readTree(response.body());
        }
        String reason = switch (status) {
            case 401 -> "the token is wrong, expired or already used (a new one comes with a new install command)";
            case 404 -> "no such discovery agent (was it deleted?)";
            default -> "";
        };
        if (status >= 400 && status < 500) {
            throw new RefusedException(what + ": HTTP " + status + (reason.isEmpty() ? "" : ", " + reason));
        }
        throw new IOException(what + ": HTTP " + status);
    }
}
