package io.chaosplane.controlplane.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tasks reach agents.
 *
 * @param maxPollWait the longest a task poll waits for a task (agents ask for up to this)
 * @param recheckInterval how often a waiting poll looks by itself (in one statement) whether a claim would find
 *        anything, so that a lost wake-up costs latency only; new tasks, aborts and pauses wake it at once
 * @param leaseGrace added to a fault's duration to make its task's lease
 * @param wakeups {@code postgres} (LISTEN/NOTIFY between replicas) or {@code polling} (one replica, or none of that)
 * @param notifyMergeWindow at most one NOTIFY per infrastructure per window, timed from the last one: a change inside
 *        the window is sent when it ends; short, as back-to-back runs for one infrastructure wait out the window
 * @param sweepInterval how often expired leases are looked for
 */
@ConfigurationProperties("chaosplane.dispatch")
record DispatchProperties(
        @DefaultValue("20s") Duration maxPollWait,
        @DefaultValue("10s") Duration recheckInterval,
        @DefaultValue("60s") Duration leaseGrace,
        @DefaultValue("postgres") String wakeups,
        @DefaultValue("25ms") Duration notifyMergeWindow,
        @DefaultValue("2s") Duration sweepInterval) {}
