package io.chaosplane.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service or agent started from its jar as a process of its own, with this JVM's java, its output appended
 * to a log file. The jars come from the build's Maven dependencies, copied to {@code target/} and named by system
 * properties (see the e2e and bench poms).
 */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String name;

    private JarProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** The jar the system property names, checked to be there. */
    public static Path jar(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isReadable(Path.of(value))) {
            throw new IllegalStateException("the system property " + property + " names no jar (" + value + "): run"
                    + " this through Maven, which copies the packaged jars first (./mvnw -pl e2e -am verify)");
        }
        return Path.of(value);
    }

    /** Starts {@code java <jvm options> -jar <jar> <arguments>} with {@code environment} added to this one's. */
    public static JarProcess start(
            Path jar, List<String> jvmOptions, Map<String, String> environment, Path log, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            return new JarProcess(builder.start(), log, jar.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops it when this JVM exits, for a process shared by every test of the run. */
    public JarProcess stopAtExit() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                close();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "stop-" + name));
        return this;
    }

    /** A port free now, for a process that must know its own before it starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code url} answers 200, or fails with the end of the log if the process stops or time runs out. */
    public JarProcess awaitReady(String url, Duration patience) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " stopped at start-up:\n" + tail());
                }
                try {
                    HttpResponse<Void> response = http.send(
                            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return this;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(name + " did not become ready at " + url + ":\n" + tail());
    }

    /** The processes it started, such as CPU burners, that are still alive. */
    public List<ProcessHandle> children() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** As the OOM killer or a node failure would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops it as a service manager would (SIGTERM), forcibly after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
