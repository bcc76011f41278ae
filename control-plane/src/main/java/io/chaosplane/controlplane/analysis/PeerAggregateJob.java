package io.chaosplane.controlplane.analysis;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes the peer distributions from the opted-in accounts. It reads only what the database function
 * {@code benchmark_peer_distributions} lets out: percentiles per industry and metric of at least five accounts.
 */
@Component
class PeerAggregateJob {

    static final int MIN_ACCOUNTS = 5;
    private static final Logger log = LoggerFactory.getLogger(PeerAggregateJob.class);

    private final BenchmarkStore store;
    private final Clock clock;

    PeerAggregateJob(BenchmarkStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${chaosplane.benchmark.aggregate-interval:PT6H}",
            fixedDelayString = "${chaosplane.benchmark.aggregate-interval:PT6H}")
    @Transactional
    public void recompute() {
        int rows = store.recompute(MIN_ACCOUNTS, clock.instant());
        log.info("peer benchmark: {} industry/metric distribution(s) of at least {} accounts", rows, MIN_ACCOUNTS);
    }
}
