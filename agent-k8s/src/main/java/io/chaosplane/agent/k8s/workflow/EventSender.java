package io.chaosplane.agent.k8s.workflow;

import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.agent.storage.DurableFiles;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.TaskResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Delivers each run's latest node tree. Every event holds the whole tree, so only the newest of a run matters: it is
 * written to disk (one file per run, replaced), sent, and removed once the control plane took it, unless a newer one
 * replaced it meanwhile. A control plane that is away costs no memory, and a restarted runner sends what it had not
 * delivered.
 */
final class EventSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventSender.class.getName());
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final Path directory;
    private final WorkflowEventClient client;
    private final Object lock = new Object();
    private final Thread thread;
    private boolean signalled;
    private volatile boolean closed;

    EventSender(Path directory, WorkflowEventClient client) {
        this.directory = directory;
        this.client = client;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        this.thread = Thread.ofVirtual().name("workflow-events").start(this::deliver);
    }

    /** Replaces the run's pending event with this one. */
    void offer(String runId, TaskResponse event) {
        synchronized (lock) {
            try {
                DurableFiles.write(file(runId), ProtocolJson.mapper().writeValueAsBytes(event));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot keep the event of run {0}: {1}", runId, e.getMessage());
            }
            signalled = true;
            lock.notifyAll();
        }
    }

    /** Events not yet delivered. */
    int pending() {
        return pendingFiles().size();
    }

    /** Waits until every event is delivered or the time is up; answers whether all were. */
    boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return pending() == 0;
    }

    private void deliver() {
        Duration pause = FIRST_PAUSE;
        while (!closed) {
            boolean failed = false;
            for (Path file : pendingFiles()) {
                try {
                    byte[] sent = Files.readAllBytes(file);
                    client.send(ProtocolJson.mapper().readValue(sent, TaskResponse.class));
                    synchronized (lock) {
                        if (Files.exists(file) && Arrays.equals(sent, Files.readAllBytes(file))) {
                            Files.delete(file);
                        }
                    }
                } catch (RemoteException e) {
                    if (e.kind() == RemoteException.Kind.REJECTED) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "dropping an event the control plane refuses: {0}",
                                e.getMessage());
                        deleteQuietly(file);
                    } else {
                        LOG.log(System.Logger.Level.DEBUG, "event not delivered: {0}", e.getMessage());
                        failed = true;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "event {0} unreadable, dropped: {1}", file, e.getMessage());
                    deleteQuietly(file);
                }
            }
            try {
                synchronized (lock) {
                    if (!signalled) {
                        lock.wait(failed ? pause.toMillis() : LONGEST_PAUSE.toMillis());
                    }
                    signalled = false;
                }
            } catch (InterruptedException e) {
                return;
            }
            pause = failed
                    ? (pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2))
                    : FIRST_PAUSE;
        }
    }

    private List<Path> pendingFiles() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(EventSender::modified))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private Path file(String runId) {
        return directory.resolve(runId.replaceAll("[^A-Za-z0-9-]", "_") + ".json");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete {0}: {1}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
