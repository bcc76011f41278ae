package io.chaosplane.logservice.line;

/** What became of a batch: stored (at these positions), or refused because its stream is closed or gone. */
public record WriteOutcome(Status status, int lines, long firstPos, long lastPos) {

    public enum Status {
        STORED,
        CLOSED,
        MISSING
    }

    static final WriteOutcome CLOSED = new WriteOutcome(Status.CLOSED, 0, 0, 0);
    static final WriteOutcome MISSING = new WriteOutcome(Status.MISSING, 0, 0, 0);

    static WriteOutcome stored(int lines, long firstPos, long lastPos) {
        return new WriteOutcome(Status.STORED, lines, firstPos, lastPos);
    }
}
