package io.chaosplane.testsupport;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A PostgreSQL server of ChaosPlane's own, for a machine that has none: zonky's PostgreSQL binaries from Maven Central,
 * unpacked once into a cache directory, and a cluster in a data directory that outlives the server (initdb on first
 * start). Superuser {@code postgres} with trust authentication, listening on 127.0.0.1 only, no Unix socket.
 *
 * <p>PostgreSQL refuses to run as root. When this process is root, the server runs as an unprivileged system user:
 * the one named by {@value #OS_USER_VARIABLE}, else {@value #DEFAULT_OS_USER}, created when missing. (zonky's own
 * {@code EmbeddedPostgres} runs its commands as the JVM's user, or in a user namespace where {@code unshare} works,
 * so the server is driven here, with zonky's binaries.)
 *
 * <p>{@code run.sh} uses it through {@link #main}; the tests through {@link PostgresTestDatabase}, as their last resort.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String OS_USER_VARIABLE = "CHAOSPLANE_EMBEDDED_PG_USER";
    static final String DEFAULT_OS_USER = "chaosplane-pg";
    public static final String SUPERUSER = "postgres";

    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_EXECUTE);

    private final Path installation;
    private final Path data;
    private final int port;
    private final String osUser;

    private EmbeddedPostgres(Path installation, Path data, int port, String osUser) {
        this.installation = installation;
        this.data = data;
        this.port = port;
        this.osUser = osUser;
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} with its cluster in {@code data} (made on first start), its binaries
     * unpacked under {@code binaries} unless already there.
     */
    public static EmbeddedPostgres start(Path binaries, Path data, int port) {
        EmbeddedPostgres server = prepare(binaries, data, port);
        server.initializeIfEmpty();
        server.pgCtl(
                "start",
                "-w",
                "-t",
                "120",
                "-l",
                server.data.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
        return server;
    }

    /** The server of {@code data} (started by {@link #start} earlier, maybe by another process), to stop it. */
    public static EmbeddedPostgres of(Path binaries, Path data) {
        return prepare(binaries, data, 0);
    }

    private static EmbeddedPostgres prepare(Path binaries, Path data, int port) {
        try {
            String osUser = runningAsRoot() ? unprivilegedUser() : null;
            Path installation = unpacked(binaries.toAbsolutePath());
            Files.createDirectories(data);
            EmbeddedPostgres server = new EmbeddedPostgres(installation, data.toAbsolutePath(), port, osUser);
            server.handDataDirectoryToServerUser();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The system user the server runs as: this process's own unless it is root. */
    public String osUser() {
        return osUser != null ? osUser : System.getProperty("user.name");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The server's process id, from its {@code postmaster.pid}, while it runs. */
    public long pid() throws IOException {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
    }

    /** Stops the server (fast shutdown: sessions are ended, the cluster is kept). */
    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            pgCtl("stop", "-w", "-m", "fast");
        }
    }

    /** Stops the server and removes its data directory, for a throw-away cluster. */
    public void closeAndDelete() {
        close();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + data + ": " + e.getMessage());
        }
    }

    private void initializeIfEmpty() {
        if (Files.exists(data.resolve("PG_VERSION"))) {
            return;
        }
        run(asServerUser(
                binary("initdb"),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--no-locale",
                "--no-instructions",
                "-D",
                data.toString()));
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(binary("pg_ctl"), "-D", data.toString()));
        command.addAll(List.of(arguments));
        run(asServerUser(command.toArray(String[]::new)));
    }

    private String binary(String name) {
        return installation.resolve("bin").resolve(name).toString();
    }

    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (osUser != null) {
            full.addAll(List.of("runuser", "-u", osUser, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** The data directory belongs to the server's user, and only to it, as PostgreSQL requires. */
    private void handDataDirectoryToServerUser() throws IOException {
        if (osUser == null) {
            return;
        }
        run(List.of("chown", "-R", osUser + ":", data.toString()));
        run(List.of("chmod", "700", data.toString()));
        for (Path needed : List.of(data, installation.resolve("bin").resolve("postgres"))) {
            if (exitCode(asServerUser("test", "-r", needed.toString(), "-a", "-x", needed.toString())) != 0) {
                throw new IllegalStateException("The embedded PostgreSQL runs as the user '" + osUser
                        + "' (PostgreSQL refuses root), who cannot reach " + needed
                        + ": keep ChaosPlane where that user may read it, or name another user in "
                        + OS_USER_VARIABLE + ".");
            }
        }
    }

    private static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static String unprivilegedUser() {
        String name = System.getenv(OS_USER_VARIABLE);
        if (name != null && !name.isBlank()) {
            if (exitCode(List.of("id", "-u", name)) != 0) {
                throw new IllegalStateException(OS_USER_VARIABLE + " names '" + name + "', which is no user here");
            }
            return name;
        }
        if (exitCode(List.of("id", "-u", DEFAULT_OS_USER)) != 0
                && exitCode(List.of(
                                "useradd",
                                "--system",
                                "--user-group",
                                "--no-create-home",
                                "--home-dir",
                                "/nonexistent",
                                "--shell",
                                "/usr/sbin/nologin",
                                DEFAULT_OS_USER))
                        != 0
                // another process may have made it meanwhile
                && exitCode(List.of("id", "-u", DEFAULT_OS_USER)) != 0) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, and the user '" + DEFAULT_OS_USER
                    + "' could not be created: name an unprivileged user in " + OS_USER_VARIABLE + ".");
        }
        return DEFAULT_OS_USER;
    }

    /**
     * zonky's binaries for this machine, unpacked under {@code cache} in a directory named after their digest: once, by
     * whichever process gets there first (each unpacks aside and moves its copy in place; a loser drops its own).
     */
    private static Path unpacked(Path cache) throws IOException {
        byte[] archive;
        try (InputStream in =
                DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch"))) {
            archive = in.readAllBytes();
        }
        Path target = cache.resolve("postgres-" + digest(archive));
        if (Files.isExecutable(target.resolve("bin").resolve("postgres"))) {
            return target;
        }
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, SHARED);
        Path aside = Files.createTempDirectory(cache, "unpacking-");
        untar(archive, aside);
        Files.setPosixFilePermissions(aside, SHARED);
        try {
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException taken) {
            try (Stream<Path> files = Files.walk(aside)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return target;
    }

    private static void untar(byte[] archive, Path root) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path file = root.resolve(entry.getName()).normalize();
                if (!file.startsWith(root)) {
                    throw new IOException("archive entry outside its root: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(file, root.resolve(entry.getLinkName()));
                } else {
                    Files.copy(tar, file);
                    Files.setPosixFilePermissions(file, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        // everyone reads and runs the binaries, since the server may run as another user than the one unpacking
        permissions.addAll(EnumSet.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        return permissions;
    }

    private static String digest(byte[] archive) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(archive))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) {
        Result result = execute(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n" + result.output());
        }
    }

    private static int exitCode(List<String> command) {
        return execute(command).exitCode();
    }

    private record Result(int exitCode, String output) {}

    private static Result execute(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /**
     * {@code start DIR PORT}: a server on 127.0.0.1:PORT with its binaries and cluster under DIR (the cluster in
     * DIR/data), left running when this returns; {@code stop DIR}: stops it. For run.sh.
     */
    public static void main(String[] args) {
        if (args.length == 3 && args[0].equals("start")) {
            Path home = Path.of(args[1]);
            EmbeddedPostgres server = start(home, home.resolve("data"), Integer.parseInt(args[2]));
            System.out.printf(
                    "embedded PostgreSQL on 127.0.0.1:%d, running as user %s, cluster in %s%n",
                    server.port(), server.osUser(), server.data);
        } else if (args.length == 2 && args[0].equals("stop")) {
            Path home = Path.of(args[1]);
            of(home, home.resolve("data")).close();
        } else {
            System.err.println("usage: EmbeddedPostgres start DIR PORT | stop DIR");
            System.exit(2);
        }
    }
}
