package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run's and a fault's legal moves, as their phases know them; plain Java, no Spring, no database. */
class PhaseTransitionsTest {

    @Nested
    class ARun {

        @ParameterizedTest(name = "{0} may move to {1}")
        @CsvSource(delimiter = '|', textBlock = """
                Pending   | Running, Paused, Completed, Failed, Aborted, Stopped
                Running   | Paused, Completed, Failed, Aborted, Stopped
                Paused    | Running, Aborted, Stopped
                Completed |
                Failed    |
                Aborted   |
                Stopped   |
                """)
        void movesOnlyForward(RunPhase from, String allowed) {
            assertThat(movesOf(from)).isEqualTo(phases(RunPhase.class, allowed));
        }

        @Test
        void isFinishedExactlyWhenItCanMoveNoMore() {
            for (RunPhase phase : RunPhase.values()) {
                assertThat(phase.isFinished())
                        .as(phase.name())
                        .isEqualTo(movesOf(phase).isEmpty());
            }
        }

        @Test
        void refusesAnIllegalMoveOfItsRow() {
            RunRow completed = run(RunPhase.Completed);
            assertThat(completed.moved(RunPhase.Completed, 0).phase()).isEqualTo(RunPhase.Completed);
            assertThatThrownBy(() -> completed.moved(RunPhase.Running, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot move from Completed to Running");
            assertThat(run(RunPhase.Paused).moved(RunPhase.Running, 1).currentStep())
                    .isEqualTo(1);
        }

        @Test
        void endsStoppedForASafetyStopAndAbortedForAPersonsAbort() {
            RunRow running = run(RunPhase.Running);
            java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
            assertThat(running.abortRequested(now).stopPhase()).isEqualTo(RunPhase.Aborted);
            RunRow halted = running.stopRequested(now, "halt: smoke in the data centre");
            assertThat(halted.stopPhase()).isEqualTo(RunPhase.Stopped);
            assertThat(halted.moved(RunPhase.Stopped, 0).stoppedReason()).isEqualTo("halt: smoke in the data centre");
        }

        private Set<RunPhase> movesOf(RunPhase from) {
            return Arrays.stream(RunPhase.values()).filter(from::canMoveTo).collect(Collectors.toSet());
        }
    }

    @Nested
    class AFault {

        @ParameterizedTest(name = "{0} may move to {1}")
        @CsvSource(delimiter = '|', textBlock = """
                Pending   | Queued, Running, Completed, Error, Stopped
                Queued    | Pending, Running, Completed, Error, Stopped
                Running   | Pending, Completed, Error, Stopped
                Completed |
                Error     |
                Stopped   |
                """)
        void movesForwardOrWaitsAgainForAPause(FaultPhase from, String allowed) {
            Set<FaultPhase> moves =
                    Arrays.stream(FaultPhase.values()).filter(from::canMoveTo).collect(Collectors.toSet());
            assertThat(moves).isEqualTo(phases(FaultPhase.class, allowed));
            assertThat(from.isTerminal()).isEqualTo(moves.isEmpty());
        }

        @Test
        void namesThePhasesAGuardedWriteMovesFrom() {
            assertThat(FaultPhase.from(FaultPhase.Running)).containsExactly("Pending", "Queued");
        }

        @Test
        void givenUpForLostStillTakesItsAgentsOutcomeButNothingElse() {
            FaultRow lost = fault(FaultPhase.Error, FaultVerdict.NotApplicable, FaultErrorCode.LEASE_EXPIRED);
            assertThat(lost.lost()).isTrue();
            assertThat(lost.accepts(FaultPhase.Completed)).isTrue();
            assertThat(lost.accepts(FaultPhase.Stopped)).isTrue();
            assertThat(lost.accepts(FaultPhase.Running)).isFalse();

            FaultRow failed = fault(FaultPhase.Error, FaultVerdict.NotApplicable, FaultErrorCode.REPORTED);
            assertThat(failed.lost()).isFalse();
            assertThat(failed.accepts(FaultPhase.Completed)).isFalse();
        }

        @Test
        void readsTheStoredErrorCodeAndStopReason() {
            assertThat(FaultErrorCode.of("LEASE_EXPIRED")).isEqualTo(FaultErrorCode.LEASE_EXPIRED);
            assertThat(FaultErrorCode.of("E2001: CHAOS_INJECT_ERROR")).isEqualTo(FaultErrorCode.REPORTED);
            assertThat(FaultErrorCode.of(null)).isNull();
            assertThat(StopReason.fromStored("pause")).isEqualTo(StopReason.PAUSE);
            assertThat(StopReason.fromStored("abort")).isEqualTo(StopReason.ABORT);
            assertThatThrownBy(() -> StopReason.fromStored("later")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static <E extends Enum<E>> Set<E> phases(Class<E> type, String names) {
        Set<E> set = EnumSet.noneOf(type);
        if (names != null) {
            Arrays.stream(names.split(",")).map(String::strip).forEach(name -> set.add(Enum.valueOf(type, name)));
        }
        return set;
    }

    static RunRow run(RunPhase phase) {
        return new RunRow(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "experiment",
                "default",
                "default",
                "default_project",
                1,
                phase,
                0,
                null,
                null,
                false,
                false);
    }

    static FaultRow fault(FaultPhase phase, FaultVerdict verdict, FaultErrorCode errorCode) {
        return TallyTest.fault(10, phase, verdict, null, errorCode);
    }
}
