package io.chaosplane.controlplane.stopcondition;

import io.chaosplane.protocol.probe.Comparator;
import io.chaosplane.protocol.probe.Comparison;
import io.chaosplane.protocol.probe.HttpCheck;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes one check of a stop condition. Never throws: whatever goes wrong is an {@link Observation.Kind#ERROR} saying
 * what, so that the caller can count it as the condition's {@code onError} says.
 */
@Component
class Checks {

    static final int DEFAULT_TIMEOUT_MILLIS = 5_000;
    /** The most of a response body read: enough for a health page or a query's answer, never a download. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();

    @PreDestroy
    void close() {
        reader.shutdownNow();
    }

    Observation check(StopCondition condition) {
        try {
            return switch (ConditionType.parse(condition.type()).orElseThrow()) {
                case HTTP -> http(condition.http());
                case PROMETHEUS -> prometheus(condition.prometheus());
                case COMMAND -> Observation.error("a command condition is checked by the agents, not here");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.error("check interrupted");
        } catch (RuntimeException e) {
            return Observation.error("check failed: " + e.getMessage());
        }
    }

    private Observation http(HttpProbeInputs inputs) throws InterruptedException {
        boolean get = inputs.method().get() != null;
        HttpCheck expected = get ? inputs.method().get() : inputs.method().post();
        Duration timeout = timeout(inputs.responseTimeout());
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(inputs.url())).timeout(timeout);
        if (get) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofString(expected.body() == null ? "" : expected.body()));
            if (expected.contentType() != null) {
                request.header("Content-Type", expected.contentType());
            }
        }
        HttpResponse<InputStream> response;
        String body;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            body = read(response, timeout);
        } catch (HttpTimeoutException e) {
            return Observation.error(inputs.url() + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Observation.error(inputs.url() + " unreachable: " + describe(e));
        }
        if (expected.responseCode() != null) {
            Comparison comparison = Comparison.of(new Comparator("int", expected.criteria(), expected.responseCode()));
            String seen = "HTTP " + response.statusCode() + " from " + inputs.url();
            return comparison.test(String.valueOf(response.statusCode()))
                    ? Observation.passed(seen)
                    : Observation.failed(seen + ", expected " + comparison);
        }
        Comparison comparison = Comparison.of(new Comparator("string", expected.criteria(), expected.responseBody()));
        String seen = "HTTP " + response.statusCode() + " from " + inputs.url() + ", body '" + abbreviate(body) + "'";
        return comparison.test(body)
                ? Observation.passed(seen)
                : Observation.failed(seen + ", expected the body to " + comparison);
    }

    private Observation prometheus(StopCondition.Prometheus prometheus) throws InterruptedException {
        String base = prometheus.endpoint().replaceAll("/+$", "");
        String url = (base.endsWith("/api/v1/query") ? base : base + "/api/v1/query") + "?query="
                + URLEncoder.encode(prometheus.query(), StandardCharsets.UTF_8);
        Duration timeout = timeout(prometheus.responseTimeout());
        HttpResponse<InputStream> response;
        String body;
        try {
            response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            body = read(response, timeout);
        } catch (HttpTimeoutException e) {
            return Observation.error("Prometheus at " + base + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Observation.error("Prometheus at " + base + " unreachable: " + describe(e));
        }
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JacksonException e) {
            return Observation.error(
                    "Prometheus at " + base + " answered HTTP " + response.statusCode() + " that is not JSON");
        }
        if (response.statusCode() != 200
                || !"success".equals(answer.path("status").asString(""))) {
            return Observation.error("query error (HTTP " + response.statusCode() + "): "
                    + answer.path("error").asString("no error given"));
        }
        List<Sample> samples = samples(answer.path("data"));
        if (samples.isEmpty()) {
            return Observation.error("query '" + prometheus.query() + "' answered no value");
        }
        Comparison crossed = Comparison.of(new Comparator(
                "float", prometheus.comparator(), prometheus.threshold().toPlainString()));
        List<String> seen = new ArrayList<>();
        for (Sample sample : samples) {
            BigDecimal value;
            try {
                value = new BigDecimal(sample.value());
            } catch (NumberFormatException e) {
                return Observation.error("query '" + prometheus.query() + "' answered " + sample.value()
                        + sample.labels() + ", not a number");
            }
            String one = "value " + value.stripTrailingZeros().toPlainString() + sample.labels();
            if (crossed.test(value.toPlainString())) {
                return Observation.failed(one + " " + crossed + " (query '" + prometheus.query() + "')");
            }
            seen.add(one);
        }
        return Observation.passed(String.join(", ", seen));
    }

    /** A value of the answer with its series' labels, as {@code {job="api"}} (empty for a scalar). */
    private record Sample(String value, String labels) {}

    private static List<Sample> samples(JsonNode data) {
        List<Sample> samples = new ArrayList<>();
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        if (type.equals("scalar")) {
            samples.add(new Sample(result.path(1).asString(""), ""));
        } else if (type.equals("vector")) {
            for (JsonNode series : result) {
                Map<String, String> labels = new TreeMap<>();
                series.path("metric")
                        .properties()
                        .forEach(label ->
                                labels.put(label.getKey(), label.getValue().asString("")));
                samples.add(
                        new Sample(series.path("value").path(1).asString(""), labels.isEmpty() ? "" : " " + labels));
            }
        }
        return samples;
    }

    private static Duration timeout(Integer millis) {
        return Duration.ofMillis(millis == null ? DEFAULT_TIMEOUT_MILLIS : millis);
    }

    /**
     * At most {@link #MAX_BODY_BYTES} of the body, read within the check's timeout: a target that sends its headers and
     * then trickles its body forever must not hold the check (and so the condition) up; it counts as a timeout.
     */
    private String read(HttpResponse<InputStream> response, Duration timeout) throws IOException, InterruptedException {
        InputStream in = response.body();
        Future<byte[]> reading = reader.submit(() -> in.readNBytes(MAX_BODY_BYTES));
        try {
            return new String(reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            reading.cancel(true);
            throw new HttpTimeoutException("the body did not arrive within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            in.close();
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause != null && cause.getMessage() != null
                    ? cause.getMessage()
                    : e.getClass().getSimpleName();
        }
        return message;
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
