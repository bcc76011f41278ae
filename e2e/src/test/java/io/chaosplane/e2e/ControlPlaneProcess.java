package io.chaosplane.e2e;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.JarProcess;
import io.chaosplane.testsupport.PostgresTestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The control plane from its packaged jar, as a process of its own on this test run's database, with the log service
 * beside it, as run.sh starts them. Every spec gets an account of its own from it, made through the API by the first
 * administrator as a person would, on the enterprise plan so that the specs' polling stays within the rate limits.
 */
final class ControlPlaneProcess {

    private static final String ADMIN = "admin@chaosplane.local";
    private static final String PASSWORD = "end-to-end-admin-password";

    private final int port;

    private ControlPlaneProcess(int port) {
        this.port = port;
    }

    // The holder idiom starts one per test JVM, shared by every spec, without a mutable static field.
    private static final class Holder {
        private static final ControlPlaneProcess SHARED = start();
    }

    static ControlPlaneProcess shared() {
        return Holder.SHARED;
    }

    private static ControlPlaneProcess start() {
        // a port known before start, so that the install commands the pages show name the real address
        int port = JarProcess.freePort();
        PostgresTestDatabase database = PostgresTestDatabase.get();
        LogServiceProcess logService = LogServiceProcess.shared();
        try {
            JarProcess process = JarProcess.start(
                    JarProcess.jar("control-plane.jar"),
                    List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                    Map.ofEntries(
                            Map.entry("CHAOSPLANE_PORT", Integer.toString(port)),
                            Map.entry("CHAOSPLANE_DB_URL", database.jdbcUrl()),
                            Map.entry("CHAOSPLANE_DB_ADMIN_USER", database.username()),
                            Map.entry("CHAOSPLANE_DB_ADMIN_PASSWORD", database.password()),
                            Map.entry("CHAOSPLANE_DB_POOL_SIZE", "8"),
                            Map.entry("CHAOSPLANE_BOOTSTRAP_ADMIN_EMAIL", ADMIN),
                            Map.entry("CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD),
                            Map.entry("CHAOSPLANE_LOG_FORMAT", ""),
                            Map.entry("CHAOSPLANE_LOG_SERVICE_URL", logService.url()),
                            Map.entry("CHAOSPLANE_LOG_TOKENS_SECRET", LogServiceProcess.SECRET),
                            Map.entry("CHAOSPLANE_AGENTS_PUBLIC_URL", "http://localhost:" + port),
                            Map.entry(
                                    "CHAOSPLANE_AGENTS_LINUX_AGENT_JAR",
                                    JarProcess.jar("agent-linux.jar").toString()),
                            Map.entry(
                                    "CHAOSPLANE_CHAOSCTL_JAR",
                                    JarProcess.jar("chaosctl.jar").toString()),
                            Map.entry(
                                    "CHAOSPLANE_CHAOSCTL_LAUNCHER",
                                    Path.of(System.getProperty("examples.directory"), "..", "bin", "chaosctl")
                                            .normalize()
                                            .toString())),
                    Files.createTempFile("control-plane", ".log"));
            process.stopAtExit().awaitReady("http://localhost:" + port + "/readyz", Duration.ofMinutes(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ControlPlaneProcess(port);
    }

    int port() {
        return port;
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** A new account, made by the first administrator, and an account-wide admin key of it. */
    String newTenantAdminKey() {
        return newTenantAdminKey("e2e_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The named new account, made by the first administrator, and an account-wide admin key of it. */
    String newTenantAdminKey(String account) {
        Api administrator = administrator();
        expect(201, administrator.post("/api/v1/accounts", Map.of("accountIdentifier", account, "name", account)));
        expect(
                200,
                administrator.put(
                        "/api/v1/accounts/" + account + "?accountIdentifier=" + account,
                        Map.of("name", account, "plan", "enterprise")));
        Api.Response key = expect(
                201,
                administrator.post(
                        "/api/v1/apikeys?accountIdentifier=" + account, Map.of("name", "e2e admin", "role", "admin")));
        return key.json().get("key").asString();
    }

    /**
     * A person joins the account as people do: the first administrator invites the address, and the person accepts
     * the link with a password of their own.
     */
    void join(String account, String email, String role, String password) {
        Api.Response invited = expect(
                201,
                administrator()
                        .post(
                                "/api/v1/invitations?accountIdentifier=" + account,
                                Map.of("email", email, "role", role)));
        String link = invited.json().get("link").asString();
        expect(
                200,
                new Api(port)
                        .post(
                                "/api/v1/invitations/accept",
                                Map.of(
                                        "token",
                                        link.substring(link.lastIndexOf('/') + 1),
                                        "displayName",
                                        email,
                                        "password",
                                        password)));
    }

    private Api administrator() {
        return new Api(port)
                .withHeader(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static Api.Response expect(int status, Api.Response response) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response);
        }
        return response;
    }
}
