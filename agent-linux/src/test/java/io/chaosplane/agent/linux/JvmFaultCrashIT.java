package io.chaosplane.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.agent.linux.jvm.TargetJvm;
import io.chaosplane.agent.linux.testing.Await;
import io.chaosplane.agent.testing.FakeControlPlane;
import io.chaosplane.agent.testing.FakeControlPlaneServer;
import io.chaosplane.agent.testing.FakeLogService;
import io.chaosplane.agent.testing.TestTasks;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent, with the in-JVM agent embedded in its jar, slows a method of a JVM the test starts, and is killed
 * with SIGKILL: the target's method is back to normal at once (the in-JVM agent saw its connection break), and the
 * restarted agent reverts the journaled fault and reports its task.
 */
class JvmFaultCrashIT {

    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane();
    private FakeControlPlaneServer server;
    private TargetJvm target;
    private Process agent;

    @BeforeEach
    void start() throws Exception {
        server = new FakeControlPlaneServer(controlPlane, new FakeLogService());
        target = TargetJvm.start(dir.resolve("target.err"));
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        target.close();
        server.close();
    }

    @Test
    void aKilledAgentsMethodLatencyEndsAtOnceAndItsRestartReportsTheTask() throws Exception {
        Path config = Files.writeString(
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
                        ""));
        agent = startAgent(config, "first.log");
        controlPlane.enqueue(TestTasks.task(
                "jvm",
                "linux-jvm-method-latency",
                TestTasks.inputs(
                        "Class",
                        TargetJvm.shop(),
                        "Method",
                        "greet",
                        "Latency",
                        "800",
                        "CommandPattern",
                        target.marker(),
                        "Duration",
                        "120s")));

        Await.until(() -> target.callMillis("greet") >= 800, Duration.ofSeconds(30), "the method slowed");
        assertThat(faultDirectories()).hasSize(1);

        agent.destroyForcibly().waitFor();

        Await.until(() -> target.callMillis("greet") < 300, Duration.ofSeconds(10), "the method back to normal");

        agent = startAgent(config, "second.log");

        TaskResult result =
                controlPlane.awaitResult("jvm", Duration.ofSeconds(30)).result();
        assertThat(result.errorOutput().errorCode()).isEqualTo(ErrorCode.AGENT_RESTARTED.wire());
        assertThat(result.errorOutput().reason()).contains("it was reverted at start-up");
        assertThat(faultDirectories()).isEmpty();
        assertThat(target.callMillis("greet")).isLessThan(300);
    }

    private Process startAgent(Path config, String log) throws IOException {
        return new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-XX:+UseSerialGC",
                        "-Xss512k",
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx64m",
                        "-Djava.io.tmpdir=" + dir,
                        "-jar",
                        System.getProperty("agent.jar"),
                        "--config=" + config)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
                .start();
    }

    private List<Path> faultDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("chaosplane-jvm-"))
                    .toList();
        }
    }
}
