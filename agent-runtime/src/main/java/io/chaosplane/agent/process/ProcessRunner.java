package io.chaosplane.agent.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a short-lived command with a time limit and takes its whole process tree down when the limit passes or the
 * caller is interrupted. Where {@code setsid} exists the command leads its own process group, so that even
 * grandchildren that were re-parented (a shell's background jobs) are killed with the group.
 */
public final class ProcessRunner {

    /** Output kept per stream; a command that prints more is cut, not allowed to fill the agent's memory. */
    static final int MAX_OUTPUT_BYTES = 64 * 1024;

    private static final Path SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);

    private static final File DEV_NULL = new File("/dev/null");

    private ProcessRunner() {}

    /** How a command ended. {@code exitCode} is -1 when it was killed for taking too long. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /**
     * Runs {@code command} and waits at most {@code timeout}.
     *
     * @throws IOException when the command cannot be started
     * @throws InterruptedException when the caller is interrupted; the command's tree is killed first
     */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (SETSID != null) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .start();
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!finished) {
            killTree(process);
        }
        return new Result(finished ? process.exitValue() : -1, joined(stdout), joined(stderr), !finished);
    }

    /** Kills a process, its process group when it leads one, and every descendant still attached to it. */
    public static void killTree(Process process) {
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> descendants = handle.descendants().toList();
        if (SETSID != null) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + handle.pid())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start()
                        .waitFor(2, TimeUnit.SECONDS);
            } catch (IOException e) {
                // the group is gone already or kill is missing; the handles below still get the tree
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        handle.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int read = stream.read(buffer); read >= 0; read = stream.read(buffer)) {
                    kept.write(buffer, 0, Math.max(0, Math.min(read, MAX_OUTPUT_BYTES - kept.size())));
                }
                text.complete(kept.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }

    private static String joined(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a descendant that escaped the tree still holds the pipe; what was read so far is not reachable
            return "";
        }
    }
}
