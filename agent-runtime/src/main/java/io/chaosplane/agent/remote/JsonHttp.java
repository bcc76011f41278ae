package io.chaosplane.agent.remote;

import io.chaosplane.protocol.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;

/** JSON over the JDK HTTP client, with failures turned into {@link RemoteException}s. */
final class JsonHttp {

    private final HttpClient client;
    private final String userAgent;

    JsonHttp(HttpClient client, String userAgent) {
        this.client = client;
        this.userAgent = userAgent;
    }

    static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    HttpRequest.Builder request(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
    }

    static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.outgoing().writeValueAsBytes(body));
    }

    /** Sends and checks the status; the body of a 2xx is returned as text (possibly empty). */
    String send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw RemoteException.unavailable(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RemoteException.unavailable(what + " was interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw RemoteException.ofAnswer(
                    response.statusCode(),
                    response.body(),
                    what + " answered " + response.statusCode() + excerpt(response.body()));
        }
        return response.body();
    }

    <T> T read(String body, Class<T> type, String what) {
        try {
            return ProtocolJson.mapper().readValue(body, type);
        } catch (JacksonException e) {
            throw RemoteException.unavailable(
                    what + " answered a body that is not " + type.getSimpleName() + excerpt(body), e);
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine);
    }
}
