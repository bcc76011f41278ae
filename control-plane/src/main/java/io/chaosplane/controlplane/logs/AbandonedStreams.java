package io.chaosplane.controlplane.logs;

import io.chaosplane.controlplane.run.FaultStreamsEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Closes the log streams no agent will close: those of faults a run ended while they were paused (their agents left
 * the stream open for a resume) or not started. Off the caller's thread, since the run is committed already.
 */
class AbandonedStreams {

    private static final Logger log = LoggerFactory.getLogger(AbandonedStreams.class);

    private final LogServiceClient client;

    AbandonedStreams(LogServiceClient client) {
        this.client = client;
    }

    @EventListener
    void ended(FaultStreamsEnded ended) {
        if (ended.streamIds().isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("close-streams").start(() -> {
            for (String streamId : ended.streamIds()) {
                try {
                    client.close(ended.accountId(), streamId);
                } catch (RuntimeException e) {
                    // its tail re-reads and ends at its maximum duration; the lines are all kept
                    log.warn("could not close log stream {}: {}", streamId, e.getMessage());
                }
            }
        });
    }
}
