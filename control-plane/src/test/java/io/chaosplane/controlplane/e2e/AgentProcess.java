package io.chaosplane.controlplane.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real Linux agent, started from its packaged jar as a process of its own, as the install command does. */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("agent.jar", "../agent-linux/target/chaosplane-agent-linux.jar"));
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException("the agent jar " + jar.toAbsolutePath() + " is missing: build it first with"
                    + " ./mvnw verify (or ./mvnw -pl agent-linux -am package)");
        }
        return jar;
    }

    static AgentProcess start(Path dir, String serverUrl, String infraId, String installToken, String... settings)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "server.url=" + serverUrl,
                "infra.id=" + infraId,
                "install.token=" + installToken,
                "state.dir=" + dir.resolve("state"),
                "poll.wait=5s",
                "liveness.interval=1s",
                "status.interval=1s",
                "tasks.slots=3"));
        lines.addAll(List.of(settings));
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n", lines) + "\n");
        Path log = dir.resolve("agent.log");
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-XX:TieredStopAtLevel=1",
                "-Xmx64m",
                "-jar",
                jar().toString(),
                "--config=" + config);
        return new AgentProcess(
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start(),
                log);
    }

    /** The processes the agent started, such as CPU burners, that are still alive. */
    List<ProcessHandle> children() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
