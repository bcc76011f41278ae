package io.chaosplane.agent.fault;

import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Injects faults so that they are always reverted: write-ahead journal, a watchdog per fault, revert-all for the
 * shutdown hook, and recovery of whatever a dead agent left in force.
 */
public final class FaultSupervisor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FaultSupervisor.class.getName());
    /** After a failed watchdog revert, the next try comes this much later. */
    static final Duration WATCHDOG_RETRY = Duration.ofSeconds(15);

    private final FaultJournal journal;
    private final FaultRegistry registry;
    private final Clock clock;
    private final Duration gracePeriod;
    private final Map<String, ActiveFault> active = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private final SecureRandom random = new SecureRandom();

    public FaultSupervisor(FaultJournal journal, FaultRegistry registry, Clock clock, Duration gracePeriod) {
        this.journal = journal;
        this.registry = registry;
        this.clock = clock;
        this.gracePeriod = gracePeriod;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fault-watchdog").daemon(true).factory());
    }

    /**
     * Injects a fault: plans it, journals the plan, injects, journals the result, and arms the watchdog for the
     * fault's duration plus the grace period. A failed injection is reverted before this throws.
     */
    public ActiveFault inject(FaultRun run, Fault<?> fault, FaultInputs inputs, ExecutionLog log)
            throws FaultException, InterruptedException {
        Instant now = clock.instant();
        Instant deadline =
                now.plus(inputs.chaosDuration().orElse(Duration.ZERO)).plus(gracePeriod);
        FaultContext context = new FaultContext(newFaultId(), deadline, log);
        Object planned;
        try {
            planned = plan(fault, inputs, context);
        } catch (Exception e) {
            throw new FaultException("cannot plan " + fault.name() + ": " + message(e), e);
        }
        ActiveFault activeFault = new ActiveFault(fault, run, context, now, planned);
        journal.write(activeFault.journalEntry());
        active.put(activeFault.faultId(), activeFault);
        armWatchdog(activeFault, deadline);
        try {
            activeFault.injected(inject(activeFault.fault(), inputs, planned, context));
        } catch (Exception e) {
            log.error("[Chaos]: Injection failed, reverting what was done: " + message(e));
            try {
                revert(activeFault);
            } catch (FaultException revertFailure) {
                e.addSuppressed(revertFailure);
            }
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new FaultException("injecting " + fault.name() + " failed: " + message(e), e);
        }
        try {
            journal.write(activeFault.journalEntry());
        } catch (UncheckedIOException e) {
            // the planned entry is on disk and revert accepts it; a disk the fault itself filled must not undo it
            log.warn("[Chaos]: Could not journal the injected state (" + e.getMessage() + "); the planned state "
                    + "stays journaled");
        }
        return activeFault;
    }

    /** Reverts a fault unless it is reverted already; on failure it stays journaled and the watchdog tries again. */
    public void revert(ActiveFault fault) throws FaultException {
        synchronized (fault) {
            if (fault.isReverted()) {
                return;
            }
            try {
                fault.fault().revert(fault.state(), fault.context());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new FaultException("reverting " + fault.faultName() + " failed: " + message(e), e);
            }
            fault.markReverted();
            active.remove(fault.faultId());
            journal.remove(fault.faultId());
        }
    }

    /** Reverts every fault in force, for the JVM's shutdown hook; failures are logged, the rest still run. */
    public void revertAll() {
        for (ActiveFault fault : List.copyOf(active.values())) {
            try {
                revert(fault);
                LOG.log(System.Logger.Level.INFO, "reverted {0} at shutdown", fault);
            } catch (FaultException e) {
                LOG.log(System.Logger.Level.ERROR, "could not revert " + fault + " at shutdown", e);
            }
        }
    }

    /** A fault the journal showed in force at start-up, and whether reverting it worked. */
    public record Recovered(JournalEntry entry, boolean reverted, String error) {}

    /**
     * Reverts what a previous run of the agent left in force (it crashed or was killed). Entries whose revert fails
     * stay in the journal for the next start.
     */
    public List<Recovered> recover() {
        List<Recovered> recovered = new ArrayList<>();
        for (JournalEntry entry : journal.entries()) {
            ExecutionLog log = ExecutionLog.system(FaultSupervisor.class.getName());
            Fault<?> fault = registry.find(entry.fault()).orElse(null);
            if (fault == null) {
                log.error("journal holds fault " + entry.fault() + " (" + entry.faultId() + "), which this agent "
                        + "does not know; revert it by hand");
                recovered.add(new Recovered(entry, false, "fault " + entry.fault() + " unknown to this agent"));
                continue;
            }
            try {
                revertFromJournal(fault, entry, log);
                journal.remove(entry.faultId());
                log.info("reverted " + entry.fault() + " (" + entry.faultId() + ") of task " + entry.taskName()
                        + ", left in force by the previous run of the agent");
                recovered.add(new Recovered(entry, true, null));
            } catch (Exception e) {
                log.error("cannot revert " + entry.fault() + " (" + entry.faultId() + ") left in force by the "
                        + "previous run: " + message(e));
                recovered.add(new Recovered(entry, false, message(e)));
            }
        }
        return recovered;
    }

    /** The faults in force now. */
    public List<ActiveFault> active() {
        return List.copyOf(active.values());
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private void armWatchdog(ActiveFault fault, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        fault.watchdog(watchdog.schedule(() -> watchdogFires(fault), delay, TimeUnit.MILLISECONDS));
    }

    private void watchdogFires(ActiveFault fault) {
        if (fault.isReverted()) {
            return;
        }
        fault.context()
                .log()
                .warn("[Watchdog]: " + fault.faultName() + " outlived its duration and grace period; "
                        + "reverting it");
        try {
            revert(fault);
            fault.context().log().info("[Watchdog]: Reverted " + fault.faultName());
        } catch (FaultException e) {
            fault.context()
                    .log()
                    .error("[Watchdog]: " + e.getMessage() + "; trying again in " + WATCHDOG_RETRY.toSeconds() + "s");
            armWatchdog(fault, clock.instant().plus(WATCHDOG_RETRY));
        }
    }

    private static <S> S plan(Fault<S> fault, FaultInputs inputs, FaultContext context) throws Exception {
        return fault.plan(inputs, context);
    }

    private static Object inject(Fault<Object> fault, FaultInputs inputs, Object planned, FaultContext context)
            throws Exception {
        return fault.inject(inputs, planned, context);
    }

    private static <S> void revertFromJournal(Fault<S> fault, JournalEntry entry, ExecutionLog log) throws Exception {
        S state = ProtocolJson.mapper().treeToValue(entry.state(), fault.stateType());
        fault.revert(state, new FaultContext(entry.faultId(), entry.deadline(), log));
    }

    private String newFaultId() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
