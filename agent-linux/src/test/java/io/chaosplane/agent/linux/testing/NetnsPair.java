package io.chaosplane.agent.linux.testing;

import io.chaosplane.agent.linux.network.TrafficControl;
import io.chaosplane.agent.process.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces of the test's own joined by a veth pair: the client side {@code a} (device {@code va},
 * 10.201.0.1) and the server side {@code b} (device {@code vb}, 10.201.0.2 and 10.201.0.3) running a UDP echo on
 * ports 7777 and 7778 of both addresses. Test traffic never leaves these namespaces; closing deletes them, and with
 * them every process and qdisc inside.
 */
public final class NetnsPair implements AutoCloseable {

    public static final String DEVICE = "va";
    public static final String SERVER = "10.201.0.2";
    public static final String OTHER_SERVER = "10.201.0.3";
    public static final int PORT = 7777;
    public static final int OTHER_PORT = 7778;

    private static final Pattern SUMMARY =
            Pattern.compile("sent=(\\d+) received=(\\d+) intact=(\\d+) median_ms=(-?[\\d.]+)");

    public final String a;
    public final String b;
    private Process echo;

    public NetnsPair() throws IOException, InterruptedException {
        String id = HexFormat.of().formatHex(new byte[] {
            (byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt()
        });
        a = "cp-test-a-" + id;
        b = "cp-test-b-" + id;
        try {
            ip("netns", "add", a);
            ip("netns", "add", b);
            ip("-n", a, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b);
            ip("-n", a, "addr", "add", "10.201.0.1/24", "dev", "va");
            ip("-n", b, "addr", "add", SERVER + "/24", "dev", "vb");
            ip("-n", b, "addr", "add", OTHER_SERVER + "/24", "dev", "vb");
            for (String[] side : new String[][] {{a, "va"}, {b, "vb"}}) {
                ip("-n", side[0], "link", "set", "lo", "up");
                ip("-n", side[0], "link", "set", side[1], "up");
            }
            echo = new ProcessBuilder(inNamespace(
                            b,
                            "serve",
                            String.join(
                                    ",",
                                    SERVER + ":" + PORT,
                                    SERVER + ":" + OTHER_PORT,
                                    OTHER_SERVER + ":" + PORT,
                                    OTHER_SERVER + ":" + OTHER_PORT)))
                    .redirectErrorStream(true)
                    .start();
            String first =
                    new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (!"serving".equals(first)) {
                throw new IOException("the echo server did not start: " + first);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** What came back of {@code count} datagrams sent from side a. */
    public record Echoes(int sent, int received, int intact, double medianMillis) {}

    public Echoes probe(String address, int port, int count) throws IOException, InterruptedException {
        ProcessRunner.Result result = ProcessRunner.run(
                inNamespace(a, "probe", address, Integer.toString(port), Integer.toString(count), "2", "1000"),
                Duration.ofSeconds(30));
        Matcher summary = SUMMARY.matcher(result.stdout());
        if (!summary.find()) {
            throw new IOException("the probe said: " + result.stdout() + result.stderr());
        }
        return new Echoes(
                Integer.parseInt(summary.group(1)),
                Integer.parseInt(summary.group(2)),
                Integer.parseInt(summary.group(3)),
                Double.parseDouble(summary.group(4)));
    }

    /** The qdiscs of side a's device, as tc shows them. */
    public String qdiscs() throws IOException, InterruptedException {
        return new TrafficControl(Optional.of(a)).tc("qdisc", "show", "dev", DEVICE);
    }

    @Override
    public void close() throws IOException {
        if (echo != null) {
            echo.destroyForcibly();
        }
        try {
            ProcessRunner.run(List.of("ip", "netns", "del", a), Duration.ofSeconds(10));
            ProcessRunner.run(List.of("ip", "netns", "del", b), Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting the test namespaces " + a + " and " + b, e);
        }
    }

    private static List<String> inNamespace(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                ProcessHandle.current().info().command().orElseThrow(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                testClasses(),
                UdpEcho.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static String testClasses() {
        try {
            return Path.of(UdpEcho.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.run(command, Duration.ofSeconds(10));
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: " + result.stderr()
                    + " (the network tests need root and iproute2)");
        }
    }
}
