package io.chaosplane.e2e;

import io.chaosplane.testsupport.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real Linux agent, started from its packaged jar as a process of its own, as the install command does. */
final class AgentProcess {

    private AgentProcess() {}

    static Path jar() {
        return JarProcess.jar("agent-linux.jar");
    }

    static JarProcess start(Path dir, String serverUrl, String infraId, String installToken, String... settings)
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
        return JarProcess.start(
                jar(),
                List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xmx64m"),
                Map.of(),
                dir.resolve("agent.log"),
                "--config=" + config);
    }
}
