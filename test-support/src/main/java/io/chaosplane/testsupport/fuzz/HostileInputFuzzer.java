package io.chaosplane.testsupport.fuzz;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every operation of a running service hostile requests ({@link HostileRequests}) and checks each answer: never
 * a 5xx, never silence, every error an {@code application/problem+json} body with seed 000's {@code error} and
 * {@code code}, and nothing stored by a request that was refused (the service's stored state, as the test reads it,
 * is the same after as before).
 *
 * <p>Seeded: the seed is in the report, and {@code -Dchaosplane.fuzz.seed=<seed>} sends the same requests again. Each
 * operation draws from a random of its own, so that a seed reproduces an operation's requests whatever operations
 * are added beside it.
 */
public final class HostileInputFuzzer {

    public static final String SEED_PROPERTY = "chaosplane.fuzz.seed";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REPORTED_FAILURES = 25;

    private final RawHttp http;
    private final List<ApiOperation> operations;
    private final Function<ApiOperation, Map<String, String>> credentials;
    private final Supplier<Map<String, String>> storedState;
    private final int requestsPerOperation;
    private final long maxBody;
    private final Map<String, String> plainValues;
    private final long seed;

    private HostileInputFuzzer(Builder builder) {
        this.http = new RawHttp(builder.port, builder.timeout);
        this.operations = List.copyOf(builder.operations);
        this.credentials = builder.credentials;
        this.storedState = builder.storedState;
        this.requestsPerOperation = builder.requestsPerOperation;
        this.maxBody = builder.maxBody;
        this.plainValues = Map.copyOf(builder.plainValues);
        String given = System.getProperty(SEED_PROPERTY);
        this.seed = given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given.strip());
    }

    public static Builder on(int port) {
        return new Builder(port);
    }

    /** What a run did; {@link #failures()} empty when every answer was right. */
    public record Report(
            long seed, int operations, int requests, Duration took, Duration readingState, List<String> failures) {

        public String summary() {
            String head = String.format(
                    "%,d hostile requests over %d operations in %.1f s (%.1f s of it reading the stored state), seed %d"
                            + " (-D%s=%d sends them again)",
                    requests,
                    operations,
                    took.toMillis() / 1000.0,
                    readingState.toMillis() / 1000.0,
                    seed,
                    SEED_PROPERTY,
                    seed);
            if (failures.isEmpty()) {
                return head + ": every answer right";
            }
            return head + ": " + failures.size() + " wrong answers\n\n"
                    + failures.stream().limit(REPORTED_FAILURES).collect(Collectors.joining("\n\n"))
                    + (failures.size() > REPORTED_FAILURES
                            ? "\n\n... and " + (failures.size() - REPORTED_FAILURES) + " more"
                            : "");
        }
    }

    public Report run() {
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (ApiOperation operation : operations) {
            Random random = new Random(seed * 31 + operation.key().hashCode());
            for (HostileRequest request :
                    new HostileRequests(random, maxBody, plainValues).forOperation(operation, requestsPerOperation)) {
                String failure = check(request.withHeaders(credentials.apply(operation)));
                sent++;
                if (failure != null) {
                    failures.add(failure);
                }
            }
        }
        return new Report(
                seed,
                operations.size(),
                sent,
                Duration.ofNanos(System.nanoTime() - started),
                Duration.ofNanos(readingState),
                List.copyOf(failures));
    }

    /**
     * The stored state after the last refused request, which no accepted request has changed since; null when it has
     * to be read again. Reading it once per request, rather than before and after, halves the test's database work.
     */
    private Map<String, String> unchanged;

    private long readingState;

    private Map<String, String> storedState() {
        long started = System.nanoTime();
        Map<String, String> state = storedState.get();
        readingState += System.nanoTime() - started;
        return state;
    }

    /** What is wrong with the answer to the request; null when nothing is. */
    private String check(HostileRequest request) {
        Map<String, String> before = unchanged != null ? unchanged : storedState();
        unchanged = null;
        RawHttp.Response response;
        try {
            response = http.send(request);
        } catch (IOException e) {
            return failure(request, "no answer: " + e.getMessage(), null);
        }
        if (response.status() == 0) {
            return failure(request, "no answer within the timeout", response);
        }
        if (response.status() >= 500) {
            return failure(request, "answered " + response.status(), response);
        }
        if (response.status() < 400) {
            return null;
        }
        String problem = problemBodyFault(response);
        if (problem != null) {
            return failure(request, problem, response);
        }
        Map<String, String> after = storedState();
        unchanged = after;
        if (!after.equals(before)) {
            List<String> changed = after.keySet().stream()
                    .filter(table -> !Objects.equals(before.get(table), after.get(table)))
                    .toList();
            return failure(request, "refused with " + response.status() + ", yet stored in " + changed, response);
        }
        return null;
    }

    private static String problemBodyFault(RawHttp.Response response) {
        String type = Objects.requireNonNullElse(response.header("Content-Type"), "");
        if (!type.startsWith("application/problem+json")) {
            return "an error of type '" + type + "' instead of application/problem+json";
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            return "a problem body that is not JSON";
        }
        if (!body.path("error").isString() || body.path("error").asString().isBlank()) {
            return "a problem body without 'error'";
        }
        if (body.path("code").asInt(-1) != response.status()) {
            return "a problem body whose 'code' is not " + response.status();
        }
        return null;
    }

    private static String failure(HostileRequest request, String what, RawHttp.Response response) {
        String answer = response == null ? "" : "\n    answer: " + excerpt(response.text());
        return request.operation().key() + ": " + what + "\n    " + request.describe() + answer;
    }

    private static String excerpt(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    public static final class Builder {

        private final int port;
        private final List<ApiOperation> operations = new ArrayList<>();
        private Function<ApiOperation, Map<String, String>> credentials = operation -> Map.of();
        private Supplier<Map<String, String>> storedState = Map::of;
        private int requestsPerOperation = 20;
        private long maxBody = 1024 * 1024;
        private final Map<String, String> plainValues = new java.util.LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(10);

        private Builder(int port) {
            this.port = port;
        }

        /** Operations to send requests to; an operation already given (same method and path) is not added twice. */
        public Builder operations(List<ApiOperation> more) {
            for (ApiOperation operation : more) {
                if (operations.stream().noneMatch(known -> known.key().equals(operation.key()))) {
                    operations.add(operation);
                }
            }
            return this;
        }

        /** The headers that authenticate a request to the operation (an API key, an agent's key, a token). */
        public Builder credentials(Function<ApiOperation, Map<String, String>> credentials) {
            this.credentials = credentials;
            return this;
        }

        /** The service's stored state, by table, as fingerprints: a refused request must leave it as it was. */
        public Builder storedState(Supplier<Map<String, String>> storedState) {
            this.storedState = storedState;
            return this;
        }

        public Builder requestsPerOperation(int requestsPerOperation) {
            this.requestsPerOperation = requestsPerOperation;
            return this;
        }

        /** The service's request body limit, for bodies just above it. */
        public Builder maxBody(long maxBody) {
            this.maxBody = maxBody;
            return this;
        }

        /**
         * Values for parameters, by name, where a request needs them to get to what is tested (an account and key
         * that its token covers, a stream of its run); other parameters get values of no consequence.
         */
        public Builder plainValue(String parameter, String value) {
            plainValues.put(parameter, value);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public HostileInputFuzzer build() {
            return new HostileInputFuzzer(this);
        }
    }
}
