package io.chaosplane.agent.linux.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A {@link JvmTarget} process, with a command-line marker no other process has, and a connection to ask it. */
public final class TargetJvm implements AutoCloseable {

    private final Process process;
    private final String marker;
    private final Socket connection;
    private final BufferedReader answers;
    private final PrintWriter requests;

    private TargetJvm(Process process, String marker, int port) throws IOException {
        this.process = process;
        this.marker = marker;
        this.connection = new Socket(InetAddress.getLoopbackAddress(), port);
        this.answers = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new PrintWriter(connection.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts the target on the JVM running the test, its standard error going to {@code errors}. */
    public static TargetJvm start(Path errors) throws Exception {
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        String marker = "jvm-target-" + HexFormat.of().formatHex(suffix);
        String classes = Path.of(JvmTarget.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        Process process = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classes,
                        JvmTarget.class.getName(),
                        marker)
                .redirectError(errors.toFile())
                .start();
        try {
            String port = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return new TargetJvm(process, marker, Integer.parseInt(port));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** A regular expression that matches this target's command line alone. */
    public String marker() {
        return marker;
    }

    /** The class whose methods the faults aim at. */
    public static String shop() {
        return JvmTarget.Shop.class.getName();
    }

    public synchronized String ask(String request) {
        requests.println(request);
        try {
            return answers.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long the target's call took, by its own clock. */
    public long callMillis(String request) {
        String answer = ask(request);
        return Long.parseLong(answer.substring(answer.lastIndexOf(' ') + 1)) / 1000;
    }

    @Override
    public void close() throws Exception {
        connection.close();
        process.destroyForcibly().waitFor();
    }
}
