package io.chaosplane.agent.linux.stress;

import io.chaosplane.agent.linux.proc.ProcessIdentity;
import io.chaosplane.agent.linux.proc.Procfs;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts {@link Stressor} processes on the agent's own JVM and jar, and stops them. Every stressor carries its fault's
 * marker argument, so that a revert finds it even when its id never reached the journal.
 */
final class Stressors {

    static final String MARKER = "--chaosplane-fault=";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-Xmx16m", "-XX:-UsePerfData");

    private Stressors() {}

    /**
     * Starts a stressor and waits until its stress is in force.
     *
     * @param extraJvmOptions for example the direct-memory limit of a memory stressor
     * @throws IOException when it does not start or says why it cannot stress
     */
    static ProcessIdentity start(String faultId, Instant until, List<String> extraJvmOptions, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.addAll(List.of(
                "-cp", classpath(), Stressor.class.getName(), MARKER + faultId, "--until=" + until.toEpochMilli()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        CompletableFuture<String> ready = awaitReady(process);
        try {
            String output = ready.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            if (!output.equals(Stressor.READY)) {
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException("the stressor did not start"
                        + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + ": " + output.strip());
            }
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the stressor did not report ready within " + READY_WITHIN.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        return ProcessIdentity.of(process.pid())
                .orElseThrow(() -> new IOException("the stressor exited right after starting"));
    }

    /** Kills the recorded stressors and any other carrying the fault's marker, and waits until they are gone. */
    static void stop(String faultId, List<ProcessIdentity> recorded) throws IOException, InterruptedException {
        Set<ProcessIdentity> targets = new LinkedHashSet<>(recorded);
        targets.addAll(Procfs.withArgument(MARKER + faultId));
        targets.forEach(ProcessIdentity::kill);
        long until = System.nanoTime() + GONE_WITHIN.toNanos();
        for (ProcessIdentity target : targets) {
            while (target.isAlive()) {
                if (System.nanoTime() > until) {
                    throw new IOException("stressor " + target.pid() + " is still running after SIGKILL");
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Reads the stressor's output until {@code ready} (completing with it) or the end (completing with everything it
     * said, its error); after ready, the rest is read and dropped so that the stressor never blocks on a full pipe.
     */
    private static CompletableFuture<String> awaitReady(Process process) {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofVirtual().name("stressor-" + process.pid()).start(() -> {
            StringBuilder said = new StringBuilder();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!ready.isDone()) {
                        if (line.equals(Stressor.READY)) {
                            ready.complete(line);
                        } else if (said.length() < 4096) {
                            said.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // the stressor is gone; whatever it said is below
            }
            ready.complete(said.isEmpty() ? "no output" : said.toString());
        });
        return ready;
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Where this class was loaded from: the agent's jar, or the classes directory in a build. */
    private static String classpath() {
        try {
            return Path.of(Stressor.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the agent's classes", e);
        }
    }
}
