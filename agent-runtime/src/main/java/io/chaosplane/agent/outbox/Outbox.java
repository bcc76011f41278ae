package io.chaosplane.agent.outbox;

import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.LogService;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.agent.storage.DurableFiles;
import io.chaosplane.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * A queue on disk of everything the agent must deliver: results and log lines. An entry is written (and synced)
 * before its first delivery attempt and deleted only after the peer accepted it, so nothing is lost when the peer is
 * away or the agent restarts. Each lane is delivered oldest first and stops at the first entry its peer cannot take
 * now; the peer's answer decides ({@link #decide}): entries it refuses for good are dropped with a warning, so one bad
 * entry cannot block the lane forever, and a closed log stream drops what is left of that stream. Delivery is at least
 * once; the control plane treats a repeated result as a no-op and log lines carry their {@code pos}.
 */
public final class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    /** Results are never dropped to make room; log lines may be. */
    private static final String RESULT_KIND = new OutboxEntry.Result(null, null).kind();

    private final Path directory;
    private final ControlPlane controlPlane;
    private final LogService logService;
    private final int maxEntriesPerLane;
    private final AtomicLong sequence;
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition added = signalLock.newCondition();
    private boolean signalled;

    /**
     * @param directory the outbox directory in the agent's state directory
     * @param maxEntriesPerLane beyond this many, the oldest log entries of a lane are dropped (never results), so that
     *     a long outage cannot fill the host's disk
     */
    public Outbox(Path directory, ControlPlane controlPlane, LogService logService, int maxEntriesPerLane) {
        this.directory = directory;
        this.controlPlane = controlPlane;
        this.logService = logService;
        this.maxEntriesPerLane = maxEntriesPerLane;
        try {
            for (OutboxEntry.Lane lane : OutboxEntry.Lane.values()) {
                Files.createDirectories(laneDirectory(lane));
            }
            this.sequence = new AtomicLong(highestSequence());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the outbox in " + directory, e);
        }
    }

    /** Stores an entry durably and wakes the deliverer. */
    public void add(OutboxEntry entry) {
        Path lane = laneDirectory(entry.lane());
        String name = "%020d-%s.json".formatted(sequence.incrementAndGet(), entry.kind());
        try {
            DurableFiles.write(lane.resolve(name), ProtocolJson.mapper().writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " to the outbox", e);
        }
        dropOldestLogsBeyondLimit(entry.lane());
        signal();
    }

    /** Delivers what the peers accept now, oldest first per lane; returns how many entries were delivered. */
    public int deliver() {
        deliveryLock.lock();
        try {
            int delivered = 0;
            for (OutboxEntry.Lane lane : OutboxEntry.Lane.values()) {
                delivered += deliver(lane);
            }
            return delivered;
        } finally {
            deliveryLock.unlock();
        }
    }

    /** Entries waiting in all lanes. */
    public int pending() {
        return Stream.of(OutboxEntry.Lane.values())
                .mapToInt(lane -> entries(lane).size())
                .sum();
    }

    /** Waits until an entry is added or {@code timeout} passes; for the delivery loop. */
    public void awaitAdded(Duration timeout) throws InterruptedException {
        signalLock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!signalled && nanos > 0) {
                nanos = added.awaitNanos(nanos);
            }
            signalled = false;
        } finally {
            signalLock.unlock();
        }
    }

    private void signal() {
        signalLock.lock();
        try {
            signalled = true;
            added.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    private int deliver(OutboxEntry.Lane lane) {
        int delivered = 0;
        Set<String> closedStreams = new HashSet<>();
        for (Path file : entries(lane)) {
            OutboxEntry entry;
            try {
                entry = ProtocolJson.mapper().readValue(file.toFile(), OutboxEntry.class);
            } catch (JacksonException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "outbox entry {0} is unreadable and set aside: {1}",
                        file,
                        e.getMessage());
                moveAside(file);
                continue;
            }
            Optional<String> stream = streamKey(entry);
            if (stream.isPresent() && closedStreams.contains(stream.get())) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "dropping outbox entry {0}: its log stream {1} is closed",
                        file.getFileName(),
                        stream.get());
                delete(file);
                delivered++;
                continue;
            }
            try {
                send(entry);
            } catch (RemoteException e) {
                switch (decide(lane, e)) {
                    case WAIT -> {
                        LOG.log(
                                System.Logger.Level.DEBUG,
                                "outbox lane {0} waits: {1}",
                                lane.directory,
                                e.getMessage());
                        return delivered;
                    }
                    case DROP_STREAM -> {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "log stream {0} is closed: dropping {1} and what follows for it",
                                stream.orElse("?"),
                                file.getFileName());
                        stream.ifPresent(closedStreams::add);
                    }
                    case DROP ->
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "dropping outbox entry {0}, refused for good: {1}",
                                file.getFileName(),
                                e.getMessage());
                }
            }
            delete(file);
            delivered++;
        }
        return delivered;
    }

    /** What the outbox does with an entry its peer did not take, as the peer's answer tells. */
    enum Decision {
        /** Keep it, and everything after it in its lane, and try again later. */
        WAIT,
        /** It will never be taken: drop it, the lane moves on. */
        DROP,
        /** Its log stream is closed for good: drop it and every later entry of the same stream. */
        DROP_STREAM
    }

    /**
     * Unreachable, timeouts, 408, 429 and 5xx wait: the same entry may be taken later. A 409 whose body says
     * {@code "stream":"closed"} drops the stream's entries: nothing of it will be taken again. Any other 4xx but
     * 401/403 will not change; neither will a log service's 401/403, since the task's log token is short-lived. A control
     * plane's 401/403 may pass once an operator fixes the access key, so that lane waits.
     */
    static Decision decide(OutboxEntry.Lane lane, RemoteException e) {
        return switch (e.kind()) {
            case UNAVAILABLE -> Decision.WAIT;
            case STREAM_CLOSED -> lane == OutboxEntry.Lane.LOG_SERVICE ? Decision.DROP_STREAM : Decision.DROP;
            case REJECTED -> Decision.DROP;
            case UNAUTHORIZED -> lane == OutboxEntry.Lane.LOG_SERVICE ? Decision.DROP : Decision.WAIT;
        };
    }

    private static Optional<String> streamKey(OutboxEntry entry) {
        return switch (entry) {
            case OutboxEntry.StreamOpen open -> Optional.of(open.stream().key());
            case OutboxEntry.StreamLines lines -> Optional.of(lines.stream().key());
            case OutboxEntry.StreamClose close -> Optional.of(close.stream().key());
            case OutboxEntry.Result result -> Optional.empty();
            case OutboxEntry.Logs logs -> Optional.empty();
        };
    }

    private void send(OutboxEntry entry) {
        switch (entry) {
            case OutboxEntry.Result result -> controlPlane.result(result.taskName(), result.request());
            case OutboxEntry.Logs logs -> controlPlane.logs(logs.request());
            case OutboxEntry.StreamOpen open -> logService.open(open.stream());
            case OutboxEntry.StreamLines lines -> logService.append(lines.stream(), lines.lines());
            case OutboxEntry.StreamClose close -> logService.close(close.stream());
        }
    }

    private void dropOldestLogsBeyondLimit(OutboxEntry.Lane lane) {
        List<Path> entries = entries(lane);
        int excess = entries.size() - maxEntriesPerLane;
        for (Path file : entries) {
            if (excess <= 0) {
                return;
            }
            if (!file.getFileName().toString().endsWith("-" + RESULT_KIND + ".json")) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "outbox is full; dropping the oldest log entry {0}",
                        file.getFileName());
                delete(file);
                excess--;
            }
        }
    }

    private List<Path> entries(OutboxEntry.Lane lane) {
        try (Stream<Path> files = Files.list(laneDirectory(lane))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox lane " + lane.directory, e);
        }
    }

    private long highestSequence() throws IOException {
        long highest = 0;
        for (OutboxEntry.Lane lane : OutboxEntry.Lane.values()) {
            try (Stream<Path> files = Files.list(laneDirectory(lane))) {
                highest = Math.max(
                        highest,
                        files.map(file -> file.getFileName().toString())
                                .filter(name -> name.matches("\\d{20}-.*"))
                                .mapToLong(name -> Long.parseLong(name.substring(0, 20)))
                                .max()
                                .orElse(0));
            }
        }
        return highest;
    }

    private Path laneDirectory(OutboxEntry.Lane lane) {
        return directory.resolve(lane.directory);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the delivered outbox entry " + file, e);
        }
    }

    private void moveAside(Path file) {
        try {
            Path aside = directory.resolve("unreadable");
            Files.createDirectories(aside);
            Files.move(file, aside.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the unreadable outbox entry " + file, e);
        }
    }
}
