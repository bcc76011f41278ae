package io.chaosplane.agent.k8s.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.linux.ExperimentInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts the simulated cluster cannot run, run for real by this machine's {@code sh}: the helper scripts with
 * stand-ins for {@code crictl} and {@code nsenter} on their PATH that record what they are asked to do (the runner's
 * tests never touch this host's network), ended by TERM as revert ends them, by the end of their duration, and by a
 * command that fails half-way; and the exec scripts of pod-io-stress and disk-fill in a directory of the test's own.
 */
class HelperScriptsTest {

    private static final FaultCatalog CATALOG = FaultCatalog.standard();
    private static final String FAULT_ID = "0123456789ab";
    /** The exec scripts' watcher outlives a stop script by its sleep: short, so that a test leaves nothing behind. */
    private static final long WATCHER_SECONDS = 5;

    @TempDir
    Path dir;

    Path log;
    Path bin;

    @BeforeEach
    void standIns() throws IOException {
        log = dir.resolve("calls.log");
        bin = Files.createDirectory(dir.resolve("bin"));
        stub("crictl", "echo \"crictl $*\" >> \"$STUB_LOG\"; echo 4242");
        stub("docker", "echo \"docker $*\" >> \"$STUB_LOG\"; echo 4242");
        // a server it starts keeps running until killed, as the interceptor and the proxy do; the proxy's API
        // answers once its server has started
        stub("nsenter", """
                echo "nsenter $*" >> "$STUB_LOG"
                if [ -n "$STUB_FAIL" ]; then case "$*" in *"$STUB_FAIL"*) exit 1;; esac; fi
                case "$*" in
                  *toxiproxy-server*) touch "$STUB_LOG.up"; exec sleep 30;;
                  *dns_interceptor*) exec sleep 30;;
                  *" list") [ -f "$STUB_LOG.up" ] || exit 1;;
                esac
                exit 0
                """);
        stub("toxiproxy-server", "exit 0");
        stub("toxiproxy-cli", "exit 0");
    }

    @Nested
    class Partition {

        @Test
        void termRemovesExactlyTheChainsItAdded() throws Exception {
            List<String> calls = runUntilTerm(
                    PartitionHelper.SCRIPT,
                    List.of(),
                    environment(
                            new PartitionHelper(),
                            inputs("pod-network-partition", "DESTINATION_IPS", "10.0.0.1,10.0.0.2")));

            String ipt = "nsenter -t 4242 -n iptables -w ";
            String chain = PartitionHelper.chain(FAULT_ID);
            assertThat(calls)
                    .startsWith("crictl -r unix:///run/containerd/containerd.sock inspect --output go-template"
                            + " --template {{.info.pid}} c0ffee")
                    .containsSubsequence(
                            ipt + "-N " + chain + "-INPUT",
                            ipt + "-A " + chain + "-INPUT -i lo -j RETURN",
                            ipt + "-A " + chain + "-INPUT -s 10.0.0.1 -j DROP",
                            ipt + "-A " + chain + "-INPUT -s 10.0.0.2 -j DROP",
                            ipt + "-I INPUT -j " + chain + "-INPUT",
                            ipt + "-N " + chain + "-OUTPUT",
                            ipt + "-A " + chain + "-OUTPUT -o lo -j RETURN",
                            ipt + "-A " + chain + "-OUTPUT -d 10.0.0.1 -j DROP",
                            ipt + "-I OUTPUT -j " + chain + "-OUTPUT",
                            ipt + "-D INPUT -j " + chain + "-INPUT",
                            ipt + "-X " + chain + "-INPUT",
                            ipt + "-D OUTPUT -j " + chain + "-OUTPUT",
                            ipt + "-X " + chain + "-OUTPUT");
        }

        @Test
        void egressOnlyWithoutDestinationsDropsAllButLoopbackAndEndsWithTheDuration() throws Exception {
            Map<String, String> environment =
                    environment(new PartitionHelper(), inputs("pod-network-partition", "POLICY_TYPES", "egress"));
            environment.put("DURATION_SECONDS", "1");

            Run run = run(PartitionHelper.SCRIPT, List.of(), environment);

            assertThat(run.exitCode()).isZero();
            String ipt = "nsenter -t 4242 -n iptables -w ";
            String chain = PartitionHelper.chain(FAULT_ID);
            assertThat(run.calls())
                    .noneMatch(call -> call.contains("-INPUT")
                            && !call.contains("-D ")
                            && !call.contains("-F ")
                            && !call.contains("-X "))
                    .containsSubsequence(
                            ipt + "-A " + chain + "-OUTPUT -j DROP",
                            ipt + "-I OUTPUT -j " + chain + "-OUTPUT",
                            ipt + "-D OUTPUT -j " + chain + "-OUTPUT");
        }

        @Test
        void aRuleThatFailsHalfWayLeavesNothingBehind() throws Exception {
            Map<String, String> environment =
                    environment(new PartitionHelper(), inputs("pod-network-partition", "DESTINATION_IPS", "10.0.0.1"));
            environment.put("STUB_FAIL", "-I OUTPUT");

            Run run = run(PartitionHelper.SCRIPT, List.of(), environment);

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.stdout()).doesNotContain("injected");
            String chain = PartitionHelper.chain(FAULT_ID);
            assertThat(run.calls())
                    .endsWith(
                            "nsenter -t 4242 -n iptables -w -D INPUT -j " + chain + "-INPUT",
                            "nsenter -t 4242 -n iptables -w -F " + chain + "-INPUT",
                            "nsenter -t 4242 -n iptables -w -X " + chain + "-INPUT",
                            "nsenter -t 4242 -n iptables -w -D OUTPUT -j " + chain + "-OUTPUT",
                            "nsenter -t 4242 -n iptables -w -F " + chain + "-OUTPUT",
                            "nsenter -t 4242 -n iptables -w -X " + chain + "-OUTPUT");
        }
    }

    @Test
    void theDnsHelperStartsTheInterceptorThenRedirectsAndUndoesBoth() throws Exception {
        List<String> calls = runUntilTerm(
                DnsHelper.SCRIPT,
                List.of(),
                environment(new DnsHelper("pod-dns-error"), inputs("pod-dns-error", "TARGET_HOSTNAMES", "a.com")));

        String rule = "-t nat %s OUTPUT -p udp --dport 53 -m owner ! --gid-owner 53053 -j REDIRECT --to-ports 53053";
        assertThat(calls)
                .containsSubsequence(
                        "nsenter -t 4242 -n -G 53053 dns_interceptor",
                        "nsenter -t 4242 -n iptables -w " + rule.formatted("-I"),
                        "nsenter -t 4242 -n iptables -w " + rule.formatted("-D"));
    }

    @Test
    void theHttpHelperStartsTheProxyAddsTheToxicThenRedirectsAndUndoes() throws Exception {
        HttpHelper recipe = new HttpHelper("pod-http-modify-body");
        FaultInputs inputs =
                inputs("pod-http-modify-body", "RESPONSE_BODY", "it's $(down) `now`", "PROXY_PORT", "9091");

        List<String> calls = runUntilTerm(HttpHelper.SCRIPT, recipe.arguments(inputs), environment(recipe, inputs));

        String cli = "nsenter -t 4242 -n " + bin.resolve("toxiproxy-cli") + " -h http://127.0.0.1:8474 ";
        String rule = "-t nat %s PREROUTING -i eth0 -p tcp --dport 80 -j REDIRECT --to-ports 9091";
        assertThat(calls)
                .containsSubsequence(
                        "nsenter -t 4242 -n " + bin.resolve("toxiproxy-server") + " -host 127.0.0.1 -port 8474",
                        cli + "create -l 0.0.0.0:9091 -u 0.0.0.0:80 chaosplane",
                        cli + "toxic add -n chaosplane --toxicity 1 -t modify_body -a body=it's $(down) `now`"
                                + " -a content_type=text/plain -a content_encoding= chaosplane",
                        "nsenter -t 4242 -n iptables -w " + rule.formatted("-I"),
                        "nsenter -t 4242 -n iptables -w " + rule.formatted("-D"));
    }

    @Test
    void theNetemHelperStillShapesAndUndoes() throws Exception {
        FaultInputs inputs = inputs("pod-network-duplication", "NETWORK_PACKET_DUPLICATION_PERCENTAGE", "30");

        List<String> calls = runUntilTerm(
                NetworkFault.SCRIPT,
                List.of(),
                NetworkFault.environment("pod-network-duplication", inputs, "c0ffee", Duration.ofSeconds(30)));

        assertThat(calls)
                .containsSubsequence(
                        "nsenter -t 4242 -n tc qdisc replace dev eth0 root netem duplicate 30%",
                        "nsenter -t 4242 -n tc qdisc del dev eth0 root");
    }

    @Nested
    class ExecScripts {

        @Test
        void ioStressWorkersWriteTheirFilesAndTheStopScriptEndsThemAndRemovesTheFiles() throws Exception {
            FaultInputs inputs = inputs("pod-io-stress", "NUMBER_OF_WORKERS", "2");
            String marker = dir.resolve("marker").toString();
            Path volume = Files.createDirectory(dir.resolve("volume"));
            String data = volume.resolve("chaosplane-io-" + FAULT_ID).toString();
            StressFault.Target target = new StressFault.Target("shop", "pod", "app", 0);

            // a one-MiB share keeps this machine's disk out of it; the share's own arithmetic is tested below
            Run start = run(
                    StressFault.startScript(
                            marker,
                            data,
                            "S=1\n",
                            StressFault.stressCommand("pod-io-stress", inputs, target),
                            2,
                            WATCHER_SECONDS),
                    List.of(),
                    Map.of());

            assertThat(start.stdout()).isEqualTo("started\n");
            assertThat(Files.readAllLines(Path.of(marker))).hasSize(2);
            awaitTrue(() -> files(volume).anyMatch(name -> name.startsWith("chaosplane-io-" + FAULT_ID + ".")));

            Run stop = run(StressFault.stopScript(marker, data), List.of(), Map.of());

            assertThat(stop.stdout()).isEqualTo("reverted\n");
            assertThat(Path.of(marker)).doesNotExist();
            assertThat(Path.of(marker + ".w")).doesNotExist();
            Thread.sleep(300);
            assertThat(files(volume)).isEmpty();
        }

        @Test
        void theShareOfFreeSpaceIsComputedFromDf() throws Exception {
            FaultInputs inputs =
                    inputs("pod-io-stress", "NUMBER_OF_WORKERS", "4", "FILESYSTEM_UTILIZATION_PERCENTAGE", "10");
            String prelude = StressFault.prelude("pod-io-stress", inputs);

            Run share = run("D=" + dir.resolve("x") + "\n" + prelude + "echo $S\n", List.of(), Map.of());

            long free = Files.getFileStore(dir).getUsableSpace();
            long expected = free / 1024 * 10 / 100 / 1024 / 4;
            assertThat(Long.parseLong(share.stdout().strip()))
                    .isBetween(Math.max(1, expected * 9 / 10), expected * 11 / 10 + 1);
        }

        @Test
        void diskFillWritesItsFileAndTheStopScriptRemovesIt() throws Exception {
            FaultInputs inputs = inputs("disk-fill", "EPHEMERAL_STORAGE_MEBIBYTES", "2", "DATA_BLOCK_SIZE", "64");
            String marker = dir.resolve("marker").toString();
            StressFault.Target target = new StressFault.Target("shop", "pod", "app", 2);

            run(
                    StressFault.startScript(
                            marker,
                            marker,
                            "",
                            StressFault.stressCommand("disk-fill", inputs, target),
                            1,
                            WATCHER_SECONDS),
                    List.of(),
                    Map.of());

            Path fill = Path.of(marker + ".fill");
            awaitTrue(() -> Files.exists(fill) && size(fill) == 2 * 1024 * 1024);
            run(StressFault.stopScript(marker, marker), List.of(), Map.of());
            assertThat(fill).doesNotExist();
            assertThat(Path.of(marker)).doesNotExist();
        }
    }

    private FaultInputs inputs(String fault, String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        return CATALOG.resolve(fault, inputs);
    }

    private static Map<String, String> environment(HelperRecipe recipe, FaultInputs inputs) throws Exception {
        return new LinkedHashMap<>(
                recipe.environment(new HelperRecipe.Target(FAULT_ID, "c0ffee"), inputs, Duration.ofSeconds(30)));
    }

    /** Runs a helper script until it says it is injected, then sends TERM as revert's delete does. */
    private List<String> runUntilTerm(String script, List<String> arguments, Map<String, String> environment)
            throws Exception {
        Process process = start(script, arguments, environment);
        String first = new String(process.getInputStream().readNBytes("injected\n".length()), StandardCharsets.UTF_8);
        if (!first.equals("injected\n")) {
            // the script ended without injecting: its error output is complete
            throw new AssertionError("not injected: " + first
                    + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        children.forEach(ProcessHandle::destroy);
        assertThat(process.exitValue()).as("TERM ends it cleanly").isZero();
        return Files.readAllLines(log);
    }

    private record Run(int exitCode, String stdout, List<String> calls) {}

    private Run run(String script, List<String> arguments, Map<String, String> environment) throws Exception {
        Process process = start(script, arguments, environment);
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        process.descendants()
                .filter(handle -> handle.info().command().orElse("").endsWith("sleep"))
                .forEach(ProcessHandle::destroy);
        return new Run(process.exitValue(), stdout, Files.exists(log) ? Files.readAllLines(log) : List.of());
    }

    private Process start(String script, List<String> arguments, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script, "chaosplane-test-helper"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("STUB_LOG", log.toString());
        return builder.start();
    }

    private void stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Stream<String> files(Path directory) {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.map(path -> path.getFileName().toString()).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
