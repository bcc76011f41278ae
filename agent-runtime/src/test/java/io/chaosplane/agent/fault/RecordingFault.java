package io.chaosplane.agent.fault;

import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault that changes nothing on the host but a marker file, and records what the supervisor asked of it. It can
 * be told to fail its injection or its revert.
 */
public final class RecordingFault implements Fault<RecordingFault.State> {

    /** The journaled state: where the marker is, and whether inject got that far. */
    public record State(String marker, boolean injected) {}

    private final String name;
    private final Path markers;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile boolean failInject;
    private volatile int revertFailuresLeft;
    private volatile Path journalAtInject;

    public RecordingFault(String name, Path markers) {
        this.name = name;
        this.markers = markers;
    }

    public void failInject() {
        failInject = true;
    }

    public void failReverts(int times) {
        revertFailuresLeft = times;
    }

    /** Remembers which journal directory to look at when inject runs, to prove the entry was written first. */
    public void watchJournal(Path journal) {
        journalAtInject = journal;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) {
        events.add("plan");
        return new State(markers.resolve(context.faultId()).toString(), false);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        if (journalAtInject != null) {
            try (var entries = Files.list(journalAtInject)) {
                events.add("journal entries at inject: " + entries.count());
            }
        }
        Files.createDirectories(markers);
        Files.createFile(Path.of(planned.marker()));
        events.add("inject");
        if (failInject) {
            throw new IllegalStateException("inject failed half way");
        }
        return new State(planned.marker(), true);
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        if (revertFailuresLeft > 0) {
            revertFailuresLeft--;
            events.add("revert failed");
            throw new IllegalStateException("revert failed");
        }
        Files.deleteIfExists(Path.of(state.marker()));
        events.add("revert " + (state.injected() ? "injected" : "planned"));
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    /** {@link #inForce()} for conditions that cannot throw. */
    public long inForceQuietly() {
        try {
            return inForce();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Markers of injected faults that were not reverted. */
    public long inForce() throws IOException {
        if (!Files.exists(markers)) {
            return 0;
        }
        try (var files = Files.list(markers)) {
            return files.count();
        }
    }
}
