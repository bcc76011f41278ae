package io.chaosplane.discovery.upload;

import io.chaosplane.discovery.DiscoverySettings.Token;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * Sends one data body to {@code POST /servicediscovery/api/v1/agents/{agentID}/data}, gzip'd, with
 * {@code Authorization: Token <token>}. An unreachable control plane, a 5xx or a 429 is tried again with doubling
 * waits; a 401 (token wrong or revoked), 404 (agent deleted) or any other 4xx will not get better by repeating, so
 * the body is given up with a log line that says why. The token is in the header only, never in a log line.
 */
public final class Uploader {

    private static final System.Logger LOG = System.getLogger(Uploader.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    /** How a body ended. */
    public enum Outcome {
        DELIVERED,
        /** the control plane refused it (4xx): repeating would not help */
        REFUSED,
        /** every attempt failed on the network or a 5xx */
        UNDELIVERED
    }

    /** Waits between attempts; tests wait for nothing. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
    private final URI endpoint;
    private final Token token;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration timeout;
    private final Sleeper sleeper;

    public Uploader(
            HttpClient http,
            URI serverUrl,
            String agentId,
            Token token,
            int maxAttempts,
            Duration initialBackoff,
            Duration timeout,
            Sleeper sleeper) {
        this.http = http;
        this.endpoint = URI.create(serverUrl.toString().replaceAll("/+$", "") + "/servicediscovery/api/v1/agents/"
                + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "/data");
        this.token = token;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Sends one JSON body; {@code what} names it in log lines. */
    public Outcome send(byte[] json, String what) throws InterruptedException {
        byte[] body = gzip(json);
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(endpoint)
                                .timeout(timeout)
                                .header("Authorization", "Token " + token.value())
                                .header("Content-Type", "application/json")
                                .header("Content-Encoding", "gzip")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "sent {0}: {1} bytes, {2} gzip''d, HTTP {3}",
                            what,
                            json.length,
                            body.length,
                            status);
                    return Outcome.DELIVERED;
                }
                if (status >= 400 && status < 500 && status != 429 && status != 408) {
                    LOG.log(System.Logger.Level.ERROR, "{0} refused, not sent again: {1}", what, refusal(status));
                    return Outcome.REFUSED;
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = "control plane unreachable (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            }
            if (attempt >= maxAttempts) {
                LOG.log(System.Logger.Level.ERROR, "{0} not delivered after {1} attempts: {2}", what, attempt, failure);
                return Outcome.UNDELIVERED;
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} not delivered ({1}); attempt {2} of {3} in {4} ms",
                    what,
                    failure,
                    attempt + 1,
                    maxAttempts,
                    backoff.toMillis());
            sleeper.sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private String refusal(int status) {
        return switch (status) {
            case 401 ->
                "HTTP 401: the agent token is wrong or was revoked (a new token comes with a new install"
                        + " command or manifest)";
            case 404 -> "HTTP 404: no discovery agent " + endpoint.getPath() + " (was it deleted?)";
            case 413 -> "HTTP 413: the body is larger than the control plane takes (lower max.batch.bytes)";
            default -> "HTTP " + status;
        };
    }

    static byte[] gzip(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
