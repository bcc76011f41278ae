package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.linux.ChaosSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run's fault counts and resiliency score, as the README states the rule; plain Java. */
class TallyTest {

    @Test
    void theScoreIsTheWeightedMeanOfTheJudgedFaultsProbeSuccess() {
        Tally tally = Tally.of(List.of(
                done(10, FaultVerdict.Pass, null), // counts 100
                done(10, FaultVerdict.Fail, "50"),
                done(5, FaultVerdict.Pass, "100")));
        // (10 x 100 + 10 x 50 + 5 x 100) / 25 = 80
        assertThat(tally.score()).isEqualByComparingTo("80.00");
        assertThat(tally.passed()).isEqualTo(2);
        assertThat(tally.failed()).isEqualTo(1);
    }

    @Test
    void aFailureWithoutAPercentageAndAnUnjudgedFaultCountZero() {
        Tally tally = Tally.of(List.of(
                done(1, FaultVerdict.Pass, null),
                done(1, FaultVerdict.Fail, null),
                done(2, FaultVerdict.NotApplicable, "100")));
        assertThat(tally.score()).isEqualByComparingTo("25.00");
        assertThat(tally.notApplicable()).isEqualTo(1);
    }

    @Test
    void stoppedAndAwaitedFaultsAreLeftOutAndCounted() {
        Tally tally = Tally.of(List.of(
                done(3, FaultVerdict.Pass, "90"),
                done(10, FaultVerdict.Stopped, null),
                fault(10, FaultPhase.Running, FaultVerdict.Awaited, null, null)));
        assertThat(tally.score()).isEqualByComparingTo("90.00");
        assertThat(tally.stopped()).isEqualTo(1);
        assertThat(tally.awaited()).isEqualTo(1);
    }

    @Test
    void withNoJudgedFaultThereIsNoScoreYet() {
        Tally tally = Tally.of(List.of(fault(10, FaultPhase.Queued, FaultVerdict.Awaited, null, null)));
        assertThat(tally.score()).isNull();
        assertThat(Tally.of(List.of()).score()).isNull();
    }

    @Test
    void theScoreIsRoundedToTwoDecimals() {
        Tally tally = Tally.of(List.of(
                done(1, FaultVerdict.Pass, null), done(1, FaultVerdict.Fail, null), done(1, FaultVerdict.Fail, null)));
        assertThat(tally.score()).isEqualByComparingTo("33.33");
    }

    private static FaultRow done(int weight, FaultVerdict verdict, String percentage) {
        FaultPhase phase = verdict == FaultVerdict.Stopped
                ? FaultPhase.Stopped
                : verdict == FaultVerdict.NotApplicable ? FaultPhase.Error : FaultPhase.Completed;
        return fault(weight, phase, verdict, percentage == null ? null : new BigDecimal(percentage), null);
    }

    static FaultRow fault(
            int weight, FaultPhase phase, FaultVerdict verdict, BigDecimal percentage, FaultErrorCode errorCode) {
        UUID id = UUID.randomUUID();
        return new FaultRow(
                id,
                UUID.randomUUID(),
                UUID.randomUUID(),
                0,
                "fault-" + id.toString().substring(0, 4),
                "linux-cpu-stress",
                weight,
                new ChaosSpec("linux-cpu-stress", List.of(), List.of()),
                30,
                0,
                null,
                "task-" + id,
                "stream-" + id,
                phase,
                verdict,
                percentage,
                errorCode);
    }
}
