package io.chaosplane.agent.linux.testing;

import io.chaosplane.agent.fault.ActiveFault;
import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.fault.FaultJournal;
import io.chaosplane.agent.fault.FaultRegistry;
import io.chaosplane.agent.fault.FaultRun;
import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.linux.ExperimentInput;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Injects a fault the way the supervisor does (catalogue-validated inputs, plan, inject) and reverts it. */
public final class FaultHarness {

    private FaultHarness() {}

    /** An injected fault; closing it reverts it (again: revert is idempotent). */
    public record Injected<S>(Fault<S> fault, S state, FaultContext context) implements AutoCloseable {

        public void revert() throws Exception {
            fault.revert(state, context);
        }

        @Override
        public void close() {
            try {
                revert();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reverting " + fault.name(), e);
            } catch (Exception e) {
                throw new IllegalStateException("reverting " + fault.name() + " failed", e);
            }
        }
    }

    public static <S> Injected<S> inject(Fault<S> fault, String... namesAndValues) throws Exception {
        return inject(fault, Duration.ofSeconds(30), namesAndValues);
    }

    /** Injects with a deadline {@code grace} after the fault's duration. */
    public static <S> Injected<S> inject(Fault<S> fault, Duration grace, String... namesAndValues) throws Exception {
        FaultInputs inputs = inputs(fault.name(), namesAndValues);
        FaultContext context = context(inputs, grace);
        S planned = fault.plan(inputs, context);
        try {
            return new Injected<>(fault, fault.inject(inputs, planned, context), context);
        } catch (Exception e) {
            fault.revert(planned, context);
            throw e;
        }
    }

    /**
     * Injects through a supervisor that journals to {@code journal}, as the agent does, and leaves the fault in force:
     * the supervisor is closed without reverting anything, as if the agent were killed with SIGKILL.
     */
    public static ActiveFault injectAndDie(Fault<?> fault, Path journal, String... namesAndValues) throws Exception {
        try (FaultSupervisor supervisor = supervisor(journal, fault)) {
            return supervisor.inject(
                    new FaultRun("crash-test", "lce-crash-test"),
                    fault,
                    inputs(fault.name(), namesAndValues),
                    ExecutionLog.system("fault-test"));
        }
    }

    /**
     * What a restarted agent does first: reverts, from the journal alone and with a new instance of the fault, what
     * its predecessor left in force.
     */
    public static List<FaultSupervisor.Recovered> restart(Path journal, Fault<?> freshFault) {
        try (FaultSupervisor supervisor = supervisor(journal, freshFault)) {
            return supervisor.recover();
        }
    }

    private static FaultSupervisor supervisor(Path journal, Fault<?> fault) {
        return new FaultSupervisor(
                new FaultJournal(journal),
                new FaultRegistry(List.of(fault)),
                Clock.systemUTC(),
                Duration.ofSeconds(30));
    }

    public static FaultInputs inputs(String faultName, String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        return FaultCatalog.standard().resolve(faultName, inputs);
    }

    public static FaultContext context(FaultInputs inputs, Duration grace) {
        byte[] id = new byte[6];
        ThreadLocalRandom.current().nextBytes(id);
        return new FaultContext(
                HexFormat.of().formatHex(id),
                Instant.now().plus(inputs.chaosDuration().orElse(Duration.ZERO)).plus(grace),
                ExecutionLog.system("fault-test"));
    }
}
