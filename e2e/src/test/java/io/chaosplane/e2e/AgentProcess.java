package io.chaosplane.e2e;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The real Linux agent, started from its packaged jar as a process of its own, as the install command does. */
final class AgentProcess {

    private AgentProcess() {}

    /** An agent installed on an infrastructure of its own and connected. */
    record Installed(String infraId, JarProcess process) {}

    /**
     * Creates a Linux infrastructure with the admin's key, starts an agent on it with its install token (and the
     * agent settings given, as {@code name=value}), and waits until the control plane shows it connected.
     */
    static Installed install(Api admin, String serverUrl, Path dir, String identifier, String... settings)
            throws IOException {
        JsonNode created = admin.post(
                        "/api/v1/infrastructures",
                        Map.of("identifier", identifier, "name", identifier.replace('_', '-')))
                .json();
        String infraId = created.get("infrastructure").get("id").asString();
        JarProcess process =
                start(dir, serverUrl, infraId, created.get("installToken").asString(), settings);
        Await.until(
                "the agent connects (its log: " + dir.resolve("agent.log") + ")",
                Duration.ofSeconds(60),
                () -> admin.get("/api/v1/infrastructures/" + infraId).json(),
                infra -> "CONNECTED".equals(infra.get("status").asString()));
        return new Installed(infraId, process);
    }

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
