package io.chaosplane.discovery;

/** One collection and its delivery: a cluster snapshot, or a window of connections. */
interface Collection {

    /** Collects and sends; whether everything was delivered. */
    boolean run() throws InterruptedException;
}
