package io.chaosplane.e2e;

import io.chaosplane.testsupport.JarProcess;
import io.chaosplane.testsupport.PostgresTestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The log service from its packaged jar, as a process of its own on a fresh database, as run.sh starts it. */
final class LogServiceProcess {

    static final String SECRET = "end-to-end-log-token-secret-of-48-characters!!";

    private final int port;

    private LogServiceProcess(int port) {
        this.port = port;
    }

    // The holder idiom starts one per test JVM, shared by every spec, without a mutable static field.
    private static final class Holder {
        private static final LogServiceProcess SHARED = start();
    }

    static LogServiceProcess shared() {
        return Holder.SHARED;
    }

    private static LogServiceProcess start() {
        int port = JarProcess.freePort();
        PostgresTestDatabase database = PostgresTestDatabase.get();
        try {
            JarProcess process = JarProcess.start(
                    JarProcess.jar("log-service.jar"),
                    List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                    Map.of(
                            "CHAOSPLANE_LOG_SERVICE_PORT", Integer.toString(port),
                            "CHAOSPLANE_LOG_DB_URL", database.sibling("logs"),
                            "CHAOSPLANE_LOG_DB_ADMIN_USER", database.username(),
                            "CHAOSPLANE_LOG_DB_ADMIN_PASSWORD", database.password(),
                            "CHAOSPLANE_LOG_DB_POOL_SIZE", "8",
                            "CHAOSPLANE_LOG_TOKENS_SECRET", SECRET,
                            "CHAOSPLANE_LOG_FORMAT", ""),
                    Files.createTempFile("log-service", ".log"));
            process.stopAtExit().awaitReady("http://localhost:" + port + "/readyz", Duration.ofMinutes(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LogServiceProcess(port);
    }

    String url() {
        return "http://localhost:" + port;
    }
}
