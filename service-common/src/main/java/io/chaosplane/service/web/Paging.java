package io.chaosplane.service.web;

/** A window of a list: skip {@code offset} items, then take at most {@code limit}. */
public record Paging(int offset, int limit) {

    public Paging {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }

    /** Seed 003's page number this window starts on (1-based). */
    public int page() {
        return offset / limit + 1;
    }
}
