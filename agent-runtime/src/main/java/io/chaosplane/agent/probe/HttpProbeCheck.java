package io.chaosplane.agent.probe;

import io.chaosplane.agent.config.HostPolicy;
import io.chaosplane.protocol.probe.Comparator;
import io.chaosplane.protocol.probe.Comparison;
import io.chaosplane.protocol.probe.HttpCheck;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Sends an HTTP probe's request and judges the response code or body. The answer is judged, never echoed: the result
 * says whether the criteria were met and the status code, not what the body held, so that a probe cannot carry an
 * internal page's content into the run. Each destination, the first and every redirect's, is checked against the
 * host's policy ({@link HostPolicy#destinationRefusal}) before a request goes out.
 */
final class HttpProbeCheck implements ProbeCheck {

    private static final int MAX_REDIRECTS = 5;

    private final URI url;
    private final HttpCheck check;
    private final boolean post;
    private final Duration responseTimeout;
    private final Comparison comparison;
    private final HttpClient client;
    private final HostPolicy policy;

    /** @param client an HTTP client that does not follow redirects itself */
    HttpProbeCheck(HttpProbeInputs inputs, HttpClient client, HostPolicy policy) {
        this.url = URI.create(inputs.url());
        this.post = inputs.method().post() != null;
        this.check = post ? inputs.method().post() : inputs.method().get();
        this.responseTimeout = inputs.responseTimeout() == null ? null : Duration.ofMillis(inputs.responseTimeout());
        this.comparison = check.responseCode() != null
                ? Comparison.of(new Comparator("int", check.criteria(), check.responseCode()))
                : Comparison.of(new Comparator("string", check.criteria(), check.responseBody()));
        this.client = client;
        this.policy = policy;
    }

    @Override
    public CheckResult attempt(Duration timeout) throws InterruptedException {
        Duration limit = responseTimeout == null || responseTimeout.compareTo(timeout) > 0 ? timeout : responseTimeout;
        URI target = url;
        boolean postNow = post;
        HttpResponse<String> response;
        for (int hop = 0; ; hop++) {
            Optional<String> refused = policy.destinationRefusal(target.toString());
            if (refused.isPresent()) {
                return CheckResult.fail((hop == 0 ? "not sent: " : "redirect not followed: ") + refused.get());
            }
            try {
                response = client.send(request(target, postNow, limit), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                return CheckResult.fail(
                        (postNow ? "POST " : "GET ") + target + " got no answer within " + limit.toMillis() + "ms");
            } catch (IOException e) {
                return CheckResult.fail((postNow ? "POST " : "GET ") + target + " failed: " + e);
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty() || !policy.followRedirects()) {
                break;
            }
            if (hop == MAX_REDIRECTS) {
                return CheckResult.fail("more than " + MAX_REDIRECTS + " redirects from " + url);
            }
            URI next;
            try {
                next = target.resolve(location.get());
            } catch (IllegalArgumentException e) {
                return CheckResult.fail("redirect not followed: its Location is not a URL");
            }
            if (target.getScheme().equals("https") && !"https".equals(next.getScheme())) {
                return CheckResult.fail("redirect not followed: from https to " + next.getScheme());
            }
            // as browsers do: 307 and 308 repeat the method, the others turn it into a GET
            postNow = postNow && (response.statusCode() == 307 || response.statusCode() == 308);
            target = next;
        }
        if (check.responseCode() != null) {
            String code = String.valueOf(response.statusCode());
            return comparison.test(code)
                    ? CheckResult.pass("response code " + code + " meets " + comparison)
                    : CheckResult.fail("response code " + code + " does not meet " + comparison);
        }
        return comparison.test(response.body())
                ? CheckResult.pass("response body (code " + response.statusCode() + ") meets " + comparison)
                : CheckResult.fail("response body (code " + response.statusCode() + ") does not meet " + comparison);
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private HttpRequest request(URI target, boolean postNow, Duration limit) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(limit);
        if (postNow) {
            request.header("Content-Type", check.contentType() == null ? "application/json" : check.contentType())
                    .POST(HttpRequest.BodyPublishers.ofString(check.body() == null ? "" : check.body()));
        } else {
            request.GET();
        }
        return request.build();
    }
}
