package io.chaosplane.agent.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.linux.ExperimentInput;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultSupervisorTest {

    private static final FaultRun RUN = new FaultRun("task-1", "lce-1");
    private static final ExecutionLog LOG = ExecutionLog.system("test");

    @TempDir
    Path dir;

    private FaultSupervisor supervisor;

    @AfterEach
    void close() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    @Test
    void journalsBeforeInjectingAndForgetsAfterReverting() throws Exception {
        RecordingFault fault = fault();
        fault.watchJournal(dir.resolve("journal"));
        FaultJournal journal = new FaultJournal(dir.resolve("journal"));
        supervisor = supervisor(journal, fault, Duration.ofSeconds(30));

        ActiveFault active = supervisor.inject(RUN, fault, inputs("5s"), LOG);

        assertThat(fault.events()).containsExactly("plan", "journal entries at inject: 1", "inject");
        assertThat(journal.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.taskName()).isEqualTo("task-1");
            assertThat(entry.state().get("injected").asBoolean()).isTrue();
            assertThat(entry.deadline()).isEqualTo(entry.injectedAt().plusSeconds(35));
        });
        assertThat(fault.inForce()).isEqualTo(1);

        supervisor.revert(active);
        supervisor.revert(active);

        assertThat(fault.events()).endsWith("inject", "revert injected");
        assertThat(journal.entries()).isEmpty();
        assertThat(fault.inForce()).isZero();
        assertThat(supervisor.active()).isEmpty();
    }

    @Test
    void aFailedInjectionIsRevertedBeforeTheErrorIsReported() throws Exception {
        RecordingFault fault = fault();
        fault.failInject();
        FaultJournal journal = new FaultJournal(dir.resolve("journal"));
        supervisor = supervisor(journal, fault, Duration.ofSeconds(30));

        assertThatThrownBy(() -> supervisor.inject(RUN, fault, inputs("5s"), LOG))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("inject failed half way");

        assertThat(fault.events()).containsExactly("plan", "inject", "revert planned");
        assertThat(fault.inForce()).isZero();
        assertThat(journal.entries()).isEmpty();
    }

    @Test
    void theWatchdogRevertsAFaultNobodyRevertedWhenItsDurationAndGraceEnd() throws Exception {
        RecordingFault fault = fault();
        supervisor = supervisor(new FaultJournal(dir.resolve("journal")), fault, Duration.ofSeconds(1));

        ActiveFault active = supervisor.inject(RUN, fault, inputs("1s"), LOG);
        Thread.sleep(Math.max(
                0,
                Duration.between(Instant.now(), active.deadline().minusMillis(500))
                        .toMillis()));
        assertThat(active.isReverted())
                .as("reverted before duration plus grace")
                .isFalse();

        awaitReverted(active, Duration.ofSeconds(3));
        assertThat(fault.inForce()).isZero();
    }

    @Test
    void theWatchdogTriesAgainWhenARevertFails() throws Exception {
        RecordingFault fault = fault();
        supervisor = supervisor(new FaultJournal(dir.resolve("journal")), fault, Duration.ZERO);
        ActiveFault active = supervisor.inject(RUN, fault, inputs("1s"), LOG);
        fault.failReverts(1);

        assertThatThrownBy(() -> supervisor.revert(active)).isInstanceOf(FaultException.class);
        assertThat(supervisor.active()).containsExactly(active);
        fault.failReverts(0);

        awaitReverted(active, Duration.ofSeconds(3));
    }

    @Test
    void aNewSupervisorRevertsWhatADeadAgentLeftInForce() throws Exception {
        RecordingFault fault = fault();
        FaultSupervisor dead = supervisor(new FaultJournal(dir.resolve("journal")), fault, Duration.ofSeconds(30));
        dead.inject(RUN, fault, inputs("60s"), LOG);
        dead.close();
        assertThat(fault.inForce()).isEqualTo(1);

        supervisor = supervisor(new FaultJournal(dir.resolve("journal")), fault, Duration.ofSeconds(30));
        List<FaultSupervisor.Recovered> recovered = supervisor.recover();

        assertThat(recovered).singleElement().satisfies(r -> {
            assertThat(r.reverted()).isTrue();
            assertThat(r.entry().taskName()).isEqualTo("task-1");
            assertThat(r.entry().lceUID()).isEqualTo("lce-1");
        });
        assertThat(fault.inForce()).isZero();
        assertThat(new FaultJournal(dir.resolve("journal")).entries()).isEmpty();
    }

    @Test
    void revertAllRevertsEveryFaultForTheShutdownHook() throws Exception {
        RecordingFault fault = fault();
        supervisor = supervisor(new FaultJournal(dir.resolve("journal")), fault, Duration.ofSeconds(30));
        supervisor.inject(RUN, fault, inputs("60s"), LOG);
        supervisor.inject(new FaultRun("task-2", "lce-2"), fault, inputs("60s"), LOG);

        supervisor.revertAll();

        assertThat(fault.inForce()).isZero();
        assertThat(supervisor.active()).isEmpty();
    }

    private RecordingFault fault() {
        return new RecordingFault("linux-cpu-stress", dir.resolve("markers"));
    }

    private static FaultSupervisor supervisor(FaultJournal journal, RecordingFault fault, Duration grace) {
        return new FaultSupervisor(journal, new FaultRegistry(List.of(fault)), Clock.systemUTC(), grace);
    }

    private static FaultInputs inputs(String duration) {
        return FaultCatalog.standard().resolve("linux-cpu-stress", List.of(new ExperimentInput("Duration", duration)));
    }

    private static void awaitReverted(ActiveFault active, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!active.isReverted() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(active.isReverted()).as("reverted within " + within).isTrue();
    }
}
