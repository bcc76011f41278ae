package io.chaosplane.controlplane.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Kubernetes chaos runner from its packaged jar, as a process of its own, with its manifest's environment. */
final class RunnerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private RunnerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("runner.jar", "../agent-k8s/target/chaosplane-agent-k8s.jar"));
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException("the runner jar " + jar.toAbsolutePath()
                    + " is missing: build it first with" + " ./mvnw verify (or ./mvnw -pl agent-k8s -am package)");
        }
        return jar;
    }

    /** Starts the runner with {@code environment} (its ConfigMap and Secret, and where its API server is). */
    static RunnerProcess start(Path dir, Map<String, String> environment, String logName) throws IOException {
        Path log = dir.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-XX:+UseSerialGC",
                        "-Xss512k",
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx96m",
                        "-jar",
                        jar().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new RunnerProcess(builder.start(), log);
    }

    /** As the OOM killer or a node failure would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
