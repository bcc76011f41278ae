package io.chaosplane.controlplane.e2e;

import io.chaosplane.testsupport.PostgresTestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The log service from its packaged jar, as a process of its own on a fresh database, as run.sh starts it. */
final class LogServiceProcess {

    static final String SECRET = "end-to-end-log-token-secret-of-48-characters!!";

    private final Process process;
    private final int port;

    private LogServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    private static LogServiceProcess shared;

    /**
     * The log service of this test JVM: end-to-end specs share one, since each would make the same database for it.
     */
    static synchronized LogServiceProcess shared() throws Exception {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    static LogServiceProcess start() throws Exception {
        return start("logs");
    }

    /** A log service on a database of its own, named after this test run's with the suffix. */
    static LogServiceProcess start(String databaseSuffix) throws Exception {
        Path jar = Path.of(System.getProperty("log-service.jar", "../log-service/target/log-service.jar"));
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException("the log service jar " + jar.toAbsolutePath()
                    + " is missing: build it first" + " with ./mvnw verify (or ./mvnw -pl log-service -am package)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresTestDatabase database = PostgresTestDatabase.get();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("log-service", ".log").toFile());
        builder.environment().put("CHAOSPLANE_LOG_SERVICE_PORT", Integer.toString(port));
        builder.environment().put("CHAOSPLANE_LOG_DB_URL", database.sibling(databaseSuffix));
        builder.environment().put("CHAOSPLANE_LOG_DB_USER", database.username());
        builder.environment().put("CHAOSPLANE_LOG_DB_PASSWORD", database.password());
        builder.environment().put("CHAOSPLANE_LOG_TOKENS_SECRET", SECRET);
        builder.environment().put("CHAOSPLANE_LOG_FORMAT", "");
        LogServiceProcess service = new LogServiceProcess(builder.start(), port);
        builder.redirectOutput().file().deleteOnExit();
        Runtime.getRuntime().addShutdownHook(new Thread(service.process::destroy));
        service.awaitReady();
        return service;
    }

    String url() {
        return "http://localhost:" + port;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the log service stopped at start-up");
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the log service did not become ready");
    }
}
