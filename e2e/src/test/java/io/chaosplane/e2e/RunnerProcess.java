package io.chaosplane.e2e;

import io.chaosplane.testsupport.JarProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Kubernetes chaos runner from its packaged jar, as a process of its own, with its manifest's environment. */
final class RunnerProcess {

    private RunnerProcess() {}

    /** Starts the runner with {@code environment} (its ConfigMap and Secret, and where its API server is). */
    static JarProcess start(Path dir, Map<String, String> environment, String logName) {
        return JarProcess.start(
                JarProcess.jar("agent-k8s.jar"),
                List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xmx96m"),
                environment,
                dir.resolve(logName));
    }
}
