package io.chaosplane.agent.linux;

import static io.chaosplane.agent.linux.testing.NetnsPair.DEVICE;
import static io.chaosplane.agent.linux.testing.NetnsPair.PORT;
import static io.chaosplane.agent.linux.testing.NetnsPair.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.linux.testing.NetnsPair;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeControlPlaneServer;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.agent.testing.TestTasks;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged agent, as a process of its own, is killed with SIGKILL while three faults are in force; started again,
 * it reverts all three from its journal before anything else and reports their tasks.
 */
class AgentCrashRecoveryIT {

    private static final List<String> AGENT_JVM =
            List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xmx64m");

    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane();
    private FakeControlPlaneServer server;
    private NetnsPair net;
    private Process agent;
    private final Set<String> faultIds = new HashSet<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeControlPlaneServer(controlPlane, new FakeLogService());
        net = new NetnsPair();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        server.close();
        net.close();
        // whatever a failed run left: stressors carry their fault's marker
        faultIds.forEach(id -> Procfs.withArgument("--chaosplane-fault=" + id).forEach(ProcessIdentity::kill));
    }

    @Test
    void aRestartedAgentRevertsWhatItsKilledPredecessorLeftInForce() throws Exception {
        Path config = writeConfig();
        Path fillDirectory = Files.createDirectory(dir.resolve("fill"));
        agent = startAgent(config, "first.log");
        controlPlane.enqueue(TestTasks.task(
                "cpu", "linux-cpu-stress", TestTasks.inputs("Load", "20", "Workers", "1", "Duration", "120s")));
        controlPlane.enqueue(TestTasks.task(
                "disk",
                "linux-disk-fill",
                TestTasks.inputs("Path", fillDirectory.toString(), "Size", "16Mi", "Duration", "120s")));
        controlPlane.enqueue(TestTasks.task(
                "net",
                "linux-network-blackhole",
                TestTasks.inputs("Interface", DEVICE, "DestinationHosts", SERVER, "Duration", "120s")));

        Await.until(() -> injected().size() == 3, Duration.ofSeconds(20), "three faults journaled as injected");
        journal().forEach(entry -> faultIds.add(entry.get("faultId").asString()));
        Map<String, JsonNode> states = injected();
        long stressor = states.get("linux-cpu-stress")
                .get("processes")
                .get(0)
                .get("pid")
                .asLong();
        Path fillFile = Path.of(states.get("linux-disk-fill").get("file").asString());
        assertThat(Procfs.cpuTicks(stressor)).isPositive();
        assertThat(fillFile).exists();
        assertThat(net.qdiscs()).contains("qdisc htb");
        assertThat(net.probe(SERVER, PORT, 20).received()).isZero();

        agent.destroyForcibly().waitFor();

        assertThat(isRunning(stressor))
                .as("the stressor outlives the killed agent")
                .isTrue();
        assertThat(fillFile).exists();
        assertThat(net.qdiscs()).contains("qdisc htb");

        agent = startAgent(config, "second.log");

        Await.until(
                () -> !isRunning(stressor) && !Files.exists(fillFile) && qdiscs().startsWith("qdisc noqueue"),
                Duration.ofSeconds(15),
                "every fault reverted after the restart");
        assertThat(net.probe(SERVER, PORT, 20).received()).isEqualTo(20);
        assertThat(journal()).isEmpty();
        for (String task : List.of("cpu", "disk", "net")) {
            TaskResult result =
                    controlPlane.awaitResult(task, Duration.ofSeconds(10)).result();
            assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.AGENT_RESTARTED.wire());
            assertThat(result.errorOutput().reason()).contains("it was reverted at start-up");
        }
        assertThat(controlPlane.confirms())
                .as("the restarted agent reuses its access key")
                .isEqualTo(1);
        assertThat(Files.readString(dir.resolve("first.log")))
                .startsWith("chaosplane-agent-linux ")
                .contains(" starting, pid ");
        assertThat(Files.readString(dir.resolve("second.log"))).contains("left in force by the previous run");
    }

    private Path writeConfig() throws IOException {
        return Files.writeString(
                dir.resolve("agent.properties"),
                String.join(
                        "\n",
                        "server.url=" + server.url(),
                        "infra.id=infra-1",
                        "install.token=" + FakeControlPlane.INSTALL_TOKEN,
                        "state.dir=" + dir.resolve("state"),
                        "poll.wait=1s",
                        "liveness.interval=1s",
                        "status.interval=1s",
                        "tasks.slots=3",
                        "network.namespace=" + net.a,
                        ""));
    }

    private Process startAgent(Path config, String log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(AGENT_JVM);
        command.addAll(List.of("-jar", System.getProperty("agent.jar"), "--config=" + config));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
                .start();
    }

    /** The injected state of each journaled fault, by fault name. */
    private Map<String, JsonNode> injected() {
        return journal().stream()
                .filter(entry -> injectedState(entry))
                .collect(Collectors.toMap(entry -> entry.get("fault").asString(), entry -> entry.get("state")));
    }

    private static boolean injectedState(JsonNode entry) {
        JsonNode state = entry.get("state");
        return switch (entry.get("fault").asString()) {
            case "linux-cpu-stress" -> !state.get("processes").isEmpty();
            default -> true;
        };
    }

    private List<JsonNode> journal() {
        Path journal = dir.resolve("state/journal");
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .map(file -> ProtocolJson.mapper().readTree(file.toFile()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String qdiscs() {
        try {
            return net.qdiscs();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRunning(long pid) {
        return ProcessIdentity.of(pid).isPresent();
    }
}
