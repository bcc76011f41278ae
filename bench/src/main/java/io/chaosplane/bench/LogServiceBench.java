package io.chaosplane.bench;

import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import io.chaosplane.testsupport.JarProcess;
import io.chaosplane.testsupport.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Log-service throughput and tail latency on this machine, against a plain PostgreSQL COPY of the same rows
 * measured in the same run.
 *
 * <p>Starts the packaged service, as a process of its own, on a fresh database, then {@code streams} agents each PUT batches of {@code batch} lines
 * over HTTP, one request at a time, for {@code warmup} + {@code seconds}; lines acknowledged (committed) during the
 * measured seconds give lines/s. Meanwhile {@code subscribers} SSE tails follow some of the streams, and the time
 * from sending a PUT to a tail receiving its first line gives the tail latency. Before and after that, rows of the
 * same shape ({@code baselineRows} of them, encoded beforehand) are COPYed straight into a table with the same key,
 * in transactions of 10,000 rows: the mean of both runs is the baseline, so that other load on the machine weighs
 * on both sides of the ratio alike.
 *
 * <p>At full speed the load is closed-loop and saturates the service, so every PUT also waits its turn: the PUT's own
 * round trip is printed beside the tail latency. With {@code interval} each agent sends one batch every that many
 * milliseconds instead, for latencies below saturation.
 *
 * <p>Arguments ({@code name=value}): streams=100 batch=100 warmup=5 seconds=20 subscribers=10 baselineRows=500000
 * interval=0.
 */
final class LogServiceBench {

    private static final String OUT =
            "[Chaos]: Injecting pod-delete chaos on target pod-delete-wm3-d6moyr-vwkng, iteration ";
    private static final String ARGS = "{\"PodName\":\"pod-delete-wm3-d6moyr-vwkng\",\"PodNamespace\":\"v2\"}";

    private final int streams;
    private final int batch;
    private final Duration warmup;
    private final Duration measured;
    private final int subscribers;
    private final int baselineRows;
    private final Duration interval;

    private LogServiceBench(
            int streams,
            int batch,
            Duration warmup,
            Duration measured,
            int subscribers,
            int baselineRows,
            Duration interval) {
        this.baselineRows = baselineRows;
        this.interval = interval;
        this.streams = streams;
        this.batch = batch;
        this.warmup = warmup;
        this.measured = measured;
        this.subscribers = subscribers;
    }

    /** {@code args}: {@code name=value} pairs, see above. */
    static void run(List<String> args) throws Exception {
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        LogServiceBench benchmark = new LogServiceBench(
                Integer.parseInt(options.getOrDefault("streams", "100")),
                Integer.parseInt(options.getOrDefault("batch", "100")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20"))),
                Integer.parseInt(options.getOrDefault("subscribers", "10")),
                Integer.parseInt(options.getOrDefault("baselineRows", "500000")),
                Duration.ofMillis(Long.parseLong(options.getOrDefault("interval", "0"))));
        benchmark.run();
    }

    private void run() throws Exception {
        PostgresTestDatabase database = PostgresTestDatabase.get();
        String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
        int port = JarProcess.freePort();
        JarProcess service = JarProcess.start(
                JarProcess.jar("log-service.jar"),
                List.of(),
                java.util.Map.of(
                        "CHAOSPLANE_LOG_SERVICE_PORT", Integer.toString(port),
                        "CHAOSPLANE_LOG_DB_URL", database.jdbcUrl(),
                        "CHAOSPLANE_LOG_DB_ADMIN_USER", database.username(),
                        "CHAOSPLANE_LOG_DB_ADMIN_PASSWORD", database.password(),
                        "CHAOSPLANE_LOG_TOKENS_SECRET", secret,
                        "CHAOSPLANE_LOG_FORMAT", "",
                        "LOGGING_LEVEL_ROOT", "WARN"),
                java.nio.file.Files.createTempFile("log-service-bench", ".log"));
        service.stopAtExit().awaitReady("http://localhost:" + port + "/readyz", Duration.ofSeconds(90));
        String base = "http://localhost:" + port + "/log-service";
        LogStreamTokens tokens =
                new LogStreamTokens(secret.getBytes(StandardCharsets.UTF_8), java.time.Clock.systemUTC());
        String account = "bench";
        String run = UUID.randomUUID().toString();
        String writeToken = tokens.mint(account, run, Set.of(Permission.WRITE), Duration.ofHours(1));
        String readToken = tokens.mint(account, run, Set.of(Permission.READ), Duration.ofHours(1));

        System.out.printf(
                "log-service benchmark: %d streams x batches of %d lines over HTTP, %d SSE subscribers, "
                        + "%ds warm-up + %ds measured, %s, %d cores%n",
                streams,
                batch,
                subscribers,
                warmup.toSeconds(),
                measured.toSeconds(),
                interval.isZero() ? "as fast as answered" : "one batch per stream every " + interval.toMillis() + " ms",
                Runtime.getRuntime().availableProcessors());

        System.out.printf("load average before: %s%n", loadAverage());
        double copyBefore = copyBaseline(database, "bench_copy_before");

        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong measuredLines = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> roundTrips = java.util.Collections.synchronizedList(new ArrayList<>());
        List<AutoCloseable> tails = new ArrayList<>();

        try (ExecutorService agents = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < streams; s++) {
                String key = run + "-fault-" + s;
                String query = "?accountID=" + account + "&key=" + key;
                http.send(
                        HttpRequest.newBuilder(URI.create(base + query))
                                .header("X-Harness-Token", writeToken)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (s < subscribers) {
                    tails.add(follow(http, base + "/tail" + query, readToken, key, sentAt, latencies, measuring));
                }
                boolean watched = s < subscribers;
                agents.submit(() -> {
                    long pos = 0;
                    long next = System.nanoTime();
                    while (!stop.get()) {
                        if (!interval.isZero()) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(Duration.ofNanos(wait));
                            }
                            next += interval.toNanos();
                        }
                        byte[] body = body(pos);
                        long sent = System.nanoTime();
                        if (watched) {
                            sentAt.put(key + "#" + pos, sent);
                        }
                        HttpResponse<Void> response = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/stream" + query))
                                        .header("X-Harness-Token", writeToken)
                                        .header("Content-Type", "application/json")
                                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            if (measuring.get()) {
                                measuredLines.addAndGet(batch);
                                if (watched) {
                                    roundTrips.add(System.nanoTime() - sent);
                                }
                            }
                            pos += batch;
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(warmup);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(measured);
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            agents.shutdown();
            agents.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);

            long lines = measuredLines.get();
            double serviceRate = lines / seconds;
            for (AutoCloseable tail : tails) {
                tail.close();
            }
            long stored = count(database);
            String loadAfter = loadAverage();
            double copyAfter = copyBaseline(database, "bench_copy_after");
            double copyRate = (copyBefore + copyAfter) / 2;

            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] trips =
                    roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.println();
            System.out.printf(
                    "service:  %,d lines acknowledged in %.1f s = %,.0f lines/s (%,.0f requests/s, %d refused)%n",
                    lines, seconds, serviceRate, serviceRate / batch, failures.get());
            System.out.printf(
                    "baseline: plain COPY of %,d rows of the same shape into a table with the same key: "
                            + "%,.0f lines/s before, %,.0f after, mean %,.0f%n",
                    baselineRows, copyBefore, copyAfter, copyRate);
            System.out.printf("ratio:    service / COPY = %.2f%n", serviceRate / copyRate);
            System.out.printf(
                    "tail:     PUT sent -> SSE line received, %d samples: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 1.0));
            System.out.printf(
                    "put:      PUT sent -> 200 (lines committed), same streams: p50 %.1f ms, p99 %.1f ms%n",
                    percentile(trips, 0.50), percentile(trips, 0.99));
            System.out.printf(
                    "check:    %,d lines in log_lines after the run; load average after: %s%n", stored, loadAfter);
        } finally {
            service.close();
        }
    }

    // The load generator shares the machine with the service: bodies are assembled from pre-encoded parts.
    private static final byte[] LINE_START = "{\"level\":\"info\",\"pos\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_OUT = (",\"out\":\"" + OUT).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END =
            ("\",\"time\":\"2025-05-01T17:27:56Z\",\"args\":" + ARGS + "}").getBytes(StandardCharsets.US_ASCII);

    private byte[] body(long from) {
        ByteArrayOutputStream body =
                new ByteArrayOutputStream(batch * (LINE_START.length + LINE_OUT.length + LINE_END.length + 24));
        body.write('[');
        for (long pos = from; pos < from + batch; pos++) {
            if (pos > from) {
                body.write(',');
            }
            byte[] digits = Long.toString(pos).getBytes(StandardCharsets.US_ASCII);
            body.writeBytes(LINE_START);
            body.writeBytes(digits);
            body.writeBytes(LINE_OUT);
            body.writeBytes(digits);
            body.writeBytes(LINE_END);
        }
        body.write(']');
        return body.toByteArray();
    }

    // Follows one stream; for each line that starts a batch, records how long after its PUT was sent it arrived.
    private static AutoCloseable follow(
            HttpClient http,
            String url,
            String token,
            String key,
            ConcurrentHashMap<String, Long> sentAt,
            List<Long> latencies,
            AtomicBoolean measuring) {
        var response = http.sendAsync(
                HttpRequest.newBuilder(URI.create(url))
                        .header("X-Harness-Token", token)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            try (Stream<String> lines = answer.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("id:")) {
                        Long sent = sentAt.remove(key + "#" + line.substring(3).strip());
                        if (sent != null && measuring.get()) {
                            latencies.add(System.nanoTime() - sent);
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the benchmark ended the tail
            }
        });
        return () -> response.cancel(true);
    }

    private double copyBaseline(PostgresTestDatabase database, String table) throws Exception {
        long lines = baselineRows;
        List<byte[]> chunks = new ArrayList<>();
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        long perStream = Math.max(1, lines / streams);
        long rows = 0;
        for (int s = 0; s < streams && rows < lines; s++) {
            for (long pos = 0; pos < perStream && rows < lines; pos++, rows++) {
                chunk.writeBytes((day + "\t" + (s + 1) + "\t" + pos + "\tinfo\t" + OUT + pos
                                + "\t2025-05-01T17:27:56Z\t" + ARGS + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                if (rows % 10_000 == 9_999) {
                    chunks.add(chunk.toByteArray());
                    chunk.reset();
                }
            }
        }
        if (chunk.size() > 0) {
            chunks.add(chunk.toByteArray());
        }
        try (Connection c = database.connect();
                Statement statement = c.createStatement()) {
            statement.execute("""
                    CREATE TABLE %s (day date NOT NULL, stream_id bigint NOT NULL, pos bigint NOT NULL, level text,
                        message text NOT NULL, logged_at timestamptz, args jsonb, PRIMARY KEY (stream_id, pos, day))""".formatted(table));
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (byte[] data : chunks) {
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
                copy.writeToCopy(data, 0, data.length);
                copy.endCopy();
                c.commit();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long count(PostgresTestDatabase database) throws Exception {
        try (Connection c = database.connect();
                Statement statement = c.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM log_lines")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
