package io.chaosplane.agent.probe;

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

/** Sends an HTTP probe's request and judges the response code or body. */
final class HttpProbeCheck implements ProbeCheck {

    private final URI url;
    private final HttpCheck check;
    private final boolean post;
    private final Duration responseTimeout;
    private final Comparison comparison;
    private final HttpClient client;

    HttpProbeCheck(HttpProbeInputs inputs, HttpClient client) {
        this.url = URI.create(inputs.url());
        this.post = inputs.method().post() != null;
        this.check = post ? inputs.method().post() : inputs.method().get();
        this.responseTimeout = inputs.responseTimeout() == null ? null : Duration.ofMillis(inputs.responseTimeout());
        this.comparison = check.responseCode() != null
                ? Comparison.of(new Comparator("int", check.criteria(), check.responseCode()))
                : Comparison.of(new Comparator("string", check.criteria(), check.responseBody()));
        this.client = client;
    }

    @Override
    public CheckResult attempt(Duration timeout) throws InterruptedException {
        Duration limit = responseTimeout == null || responseTimeout.compareTo(timeout) > 0 ? timeout : responseTimeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(limit);
        if (post) {
            request.header("Content-Type", check.contentType() == null ? "application/json" : check.contentType())
                    .POST(HttpRequest.BodyPublishers.ofString(check.body() == null ? "" : check.body()));
        } else {
            request.GET();
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return CheckResult.fail(
                    (post ? "POST " : "GET ") + url + " got no answer within " + limit.toMillis() + "ms");
        } catch (IOException e) {
            return CheckResult.fail((post ? "POST " : "GET ") + url + " failed: " + e);
        }
        if (check.responseCode() != null) {
            String code = String.valueOf(response.statusCode());
            return comparison.test(code)
                    ? CheckResult.pass("response code " + code + " meets " + comparison)
                    : CheckResult.fail("response code " + code + " does not meet " + comparison);
        }
        String body = response.body();
        return comparison.test(body)
                ? CheckResult.pass("response body meets " + comparison)
                : CheckResult.fail(
                        "response body '" + CmdProbeCheck.excerpt(body.strip()) + "' does not meet " + comparison);
    }
}
