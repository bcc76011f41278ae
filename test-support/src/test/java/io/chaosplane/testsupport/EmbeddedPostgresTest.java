package io.chaosplane.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last resort of the tests and run.sh, for real: zonky's binaries unpacked, a cluster made, a server on a free port
 * (never the machine's own on 5432) run by an unprivileged user when this is root, a database made and queried, the
 * server stopped and started again on the same cluster.
 */
class EmbeddedPostgresTest {

    @TempDir
    Path binaries;

    @TempDir
    Path home;

    @Test
    void startsAServerThatKeepsItsDataAcrossARestartAndNeverRunsAsRoot() throws Exception {
        // the server's user (when this is root) must reach its cluster
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = home.resolve("data");
        int port = freePort();
        try (EmbeddedPostgres server = EmbeddedPostgres.start(binaries, data, port)) {
            assertThat(server.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
            assertThat(uidOf(server.pid())).isNotZero().isEqualTo(uidOf(server.osUser()));
            try (Connection connection = connect(server, "postgres");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE embedded_check");
            }
            try (Connection connection = connect(server, "embedded_check");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (name text PRIMARY KEY)");
                statement.execute("INSERT INTO kept VALUES ('first start')");
                assertThat(single(statement, "SHOW server_version_num")).startsWith("17");
            }
        }
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", ""))
                .as("the server is stopped")
                .isInstanceOf(SQLException.class);

        try (EmbeddedPostgres again = EmbeddedPostgres.start(binaries, data, port);
                Connection connection = connect(again, "embedded_check");
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT name FROM kept")).isEqualTo("first start");
        }
    }

    private static Connection connect(EmbeddedPostgres server, String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), EmbeddedPostgres.SUPERUSER, "");
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static long uidOf(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Uid:"))
                .map(line -> Long.parseLong(line.split("\\s+")[1]))
                .findFirst()
                .orElseThrow();
    }

    private static long uidOf(String user) throws Exception {
        Process id = new ProcessBuilder("id", "-u", user).start();
        return Long.parseLong(new String(id.getInputStream().readAllBytes()).strip());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
