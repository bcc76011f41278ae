package io.chaosplane.agent;

import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultJournal;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.logs.LogShipper;
import io.chaosplane.agent.outbox.Outbox;
import io.chaosplane.agent.outbox.OutboxEntry;
import io.chaosplane.agent.probe.ProbeEngine;
import io.chaosplane.agent.remote.AgentIdentity;
import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.HttpControlPlane;
import io.chaosplane.agent.remote.HttpLogService;
import io.chaosplane.agent.remote.IdentityStore;
import io.chaosplane.agent.remote.LogService;
import io.chaosplane.agent.remote.ResilienceSettings;
import io.chaosplane.agent.remote.ResilientControlPlane;
import io.chaosplane.agent.remote.ResilientLogService;
import io.chaosplane.agent.task.HaltWatch;
import io.chaosplane.agent.task.RunningTasks;
import io.chaosplane.agent.task.Sleeper;
import io.chaosplane.agent.task.TaskLoop;
import io.chaosplane.agent.task.Tasks;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.ErrorCode;
import io.chaosplane.protocol.linux.ErrorOutput;
import io.chaosplane.protocol.linux.LivenessResponse;
import io.chaosplane.protocol.linux.TaskResult;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An agent: reverts what a previous run left in force, confirms once, then keeps the liveness beat, the task loop, the
 * log shipper and the outbox delivery going until it is closed. Closing aborts running tasks, reverts every fault and
 * delivers what it can; the JVM's shutdown hook closes it.
 */
public final class Agent implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Agent.class.getName());
    static final Duration LOG_FLUSH_INTERVAL = Duration.ofMillis(250);
    static final Duration OUTBOX_RETRY_INTERVAL = Duration.ofSeconds(5);
    static final int LOG_BATCH_SIZE = 200;
    static final int OUTBOX_MAX_ENTRIES_PER_LANE = 20_000;

    private final AgentConfig config;
    private final String version;
    private final String hostname;
    private final ControlPlane controlPlane;
    private final Registration registration;
    private final FaultSupervisor supervisor;
    private final Outbox outbox;
    private final LogShipper logShipper;
    private final RunningTasks running = new RunningTasks();
    private final HaltWatch halts = new HaltWatch(running);
    private final ExecutorService taskExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final TaskLoop taskLoop;
    private final Sleeper sleeper;
    /** Loops that only talk to peers; interrupting them at close cuts their waits short. */
    private final List<Thread> interruptible = new ArrayList<>();

    private Thread logFlusher;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile AgentIdentity identity;
    private final java.util.function.Consumer<AgentIdentity> onIdentity;
    private final java.util.function.Supplier<AgentCapabilities> capabilities;

    /**
     * @param controlPlane the control plane with resilience applied
     * @param logService the log service with resilience applied
     */
    Agent(
            AgentConfig config,
            String version,
            String hostname,
            List<? extends Fault<?>> faults,
            IdentityStore identityStore,
            ControlPlane controlPlane,
            LogService logService,
            Clock clock,
            Sleeper sleeper) {
        this(
                config,
                version,
                hostname,
                faults,
                identityStore,
                controlPlane,
                logService,
                clock,
                sleeper,
                AgentPlatform.linux());
    }

    Agent(
            AgentConfig config,
            String version,
            String hostname,
            List<? extends Fault<?>> faults,
            IdentityStore identityStore,
            ControlPlane controlPlane,
            LogService logService,
            Clock clock,
            Sleeper sleeper,
            AgentPlatform platform) {
        this.config = config;
        this.version = version;
        this.hostname = hostname;
        this.controlPlane = controlPlane;
        this.sleeper = sleeper;
        createPrivateDirectory(config.stateDir());
        this.registration = new Registration(controlPlane, identityStore, sleeper);
        FaultRegistry registry = new FaultRegistry(faults);
        this.supervisor = new FaultSupervisor(
                new FaultJournal(config.stateDir().resolve("journal")), registry, clock, config.gracePeriod());
        this.outbox =
                new Outbox(config.stateDir().resolve("outbox"), controlPlane, logService, OUTBOX_MAX_ENTRIES_PER_LANE);
        this.logShipper =
                new LogShipper(outbox, clock, LOG_BATCH_SIZE, config.stateDir().resolve("paused-streams"));
        this.onIdentity = platform.onIdentity();
        this.capabilities = platform.capabilities();
        AgentPlatform.Services services = new AgentPlatform.Services(
                config,
                FaultCatalog.standard(),
                registry,
                supervisor,
                new ProbeEngine(config.commandProbes(), config.hostPolicy(), platform.probeChecks()),
                logShipper,
                outbox,
                controlPlane,
                () -> identity == null ? new AgentIdentity(config.infraId(), null) : identity,
                clock);
        this.taskLoop = Tasks.loop(
                config,
                controlPlane,
                running,
                halts,
                taskExecutor,
                sleeper,
                clock,
                platform.taskHandler().apply(services));
    }

    /** The agent as deployed: HTTP to the configured control plane and to the tasks' log services. */
    public static Agent overHttp(
            AgentConfig config, String version, String hostname, List<? extends Fault<?>> faults, Clock clock) {
        return overHttp(config, version, hostname, faults, clock, AgentPlatform.linux());
    }

    /** An agent of another platform over HTTP, such as the Kubernetes chaos runner. */
    public static Agent overHttp(
            AgentConfig config,
            String version,
            String hostname,
            List<? extends Fault<?>> faults,
            Clock clock,
            AgentPlatform platform) {
        String userAgent = "chaosplane-agent/" + version;
        IdentityStore identityStore = new IdentityStore(config.stateDir());
        ResilienceSettings resilience = ResilienceSettings.defaults(clock);
        ControlPlane controlPlane = new ResilientControlPlane(
                new HttpControlPlane(
                        config.serverUrl(),
                        platform.controlPlanePath(),
                        config.requestTimeout(),
                        identityStore::current,
                        userAgent),
                resilience);
        LogService logService =
                new ResilientLogService(new HttpLogService(config.requestTimeout(), userAgent), resilience);
        return new Agent(
                config,
                version,
                hostname,
                faults,
                identityStore,
                controlPlane,
                logService,
                clock,
                Sleeper.REAL,
                platform);
    }

    /** Runs until {@link #close()}. */
    public void run() throws InterruptedException {
        LOG.log(System.Logger.Level.INFO, "configuration: {0}", config.describe());
        recoverFaultsLeftInForce();
        identity =
                registration.ensureConfirmed(config.infraId(), config.installToken(), hostname, version, capabilities);
        onIdentity.accept(identity);
        start("outbox", this::deliverOutbox);
        start("liveness", this::beat);
        start("task-loop", taskLoop);
        logFlusher = Thread.ofVirtual().name("log-flush").start(this::flushLogs);
        LOG.log(
                System.Logger.Level.INFO,
                "agent running: infrastructure {0}, {1} task slots",
                identity.infraId(),
                config.taskSlots());
        closed.await();
    }

    /** Stops taking tasks, aborts running ones, reverts every fault, and delivers what can be delivered quickly. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        stopping.countDown();
        taskLoop.stop();
        running.abortAll();
        taskExecutor.shutdown();
        try {
            if (!taskExecutor.awaitTermination(config.gracePeriod().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "tasks still running at shutdown; reverting their faults");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        supervisor.revertAll();
        interruptible.forEach(Thread::interrupt);
        try {
            if (logFlusher != null) {
                // not interrupted: it may be writing to the outbox
                logFlusher.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            logShipper.flush();
            if (identity != null) {
                outbox.deliver();
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "agent stopped; {0} outbox entries wait for the next start",
                    outbox.pending());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "agent stopped; the outbox could not be read: " + e.getMessage());
        } finally {
            supervisor.close();
            closed.countDown();
        }
    }

    private void recoverFaultsLeftInForce() {
        for (FaultSupervisor.Recovered recovered : supervisor.recover()) {
            String fault = recovered.entry().fault();
            String reason = recovered.reverted()
                    ? "the agent restarted while " + fault + " was in force; it was reverted at start-up"
                    : "the agent restarted while " + fault + " was in force; reverting it failed: " + recovered.error();
            outbox.add(new OutboxEntry.Result(
                    recovered.entry().taskName(),
                    new TaskResultRequest(
                            new TaskResult(
                                    TaskStatus.ERROR,
                                    Verdict.ERROR,
                                    ErrorOutput.of(ErrorCode.AGENT_RESTARTED, reason),
                                    "0",
                                    List.of()),
                            reason)));
        }
    }

    private void deliverOutbox() {
        try {
            while (true) {
                keepGoing("outbox delivery", outbox::deliver);
                outbox.awaitAdded(OUTBOX_RETRY_INTERVAL);
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void flushLogs() {
        try {
            do {
                keepGoing("log shipping", logShipper::flush);
            } while (!stopping.await(LOG_FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            // the JVM is going down
        }
    }

    private void beat() {
        boolean failing = false;
        try {
            while (true) {
                try {
                    LivenessResponse answer = controlPlane.liveness();
                    halts.heard(answer.activeHalts(), answer.chaosAllowed());
                    if (failing) {
                        LOG.log(System.Logger.Level.INFO, "liveness delivered again");
                    }
                    failing = false;
                } catch (RuntimeException e) {
                    if (!failing) {
                        LOG.log(System.Logger.Level.WARNING, "liveness not delivered: {0}", e.getMessage());
                    }
                    failing = true;
                }
                sleeper.sleep(config.livenessInterval());
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** The state directory holds the access key and log tokens: readable by the agent's user only. */
    private static void createPrivateDirectory(Path directory) {
        try {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + directory, e);
        }
    }

    /** Runs one round of a loop; a failure is logged and the loop goes on (a full disk, a broken file). */
    private static void keepGoing(String what, Runnable round) {
        try {
            round.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, what + " failed, trying again: " + e.getMessage());
        }
    }

    private void start(String name, Runnable body) {
        interruptible.add(Thread.ofVirtual().name(name).start(body));
    }
}
