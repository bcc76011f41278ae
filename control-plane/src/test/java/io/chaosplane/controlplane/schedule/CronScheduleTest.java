package io.chaosplane.controlplane.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Occurrences worked out by hand from the zones' rules (Europe/Paris: CET +01, CEST +02; New York: EST -05, EDT -04). */
class CronScheduleTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Nested
    class Occurrences {

        @Test
        void aDailyCronInUtcRunsAtItsHourEveryDay() {
            CronSchedule schedule = CronSchedule.parse("0 2 * * *", "UTC");
            assertThat(schedule.next(at("2026-03-01T00:00:00Z"), 3))
                    .containsExactly(
                            at("2026-03-01T02:00:00Z"), at("2026-03-02T02:00:00Z"), at("2026-03-03T02:00:00Z"));
        }

        @Test
        void noTimeZoneMeansUtcAndAnOccurrenceIsStrictlyAfterTheInstantGiven() {
            CronSchedule schedule = CronSchedule.parse("0 2 * * *", null);
            assertThat(schedule.zone().getId()).isEqualTo("UTC");
            assertThat(schedule.next(at("2026-03-01T02:00:00Z"))).contains(at("2026-03-02T02:00:00Z"));
        }

        @Test
        void aZonesWallClockDecidesTheInstant() {
            // 09:15 in Tokyo (+09, no daylight saving) is 00:15 UTC; Mondays to Fridays only: 2026-03-06 is a Friday
            CronSchedule schedule = CronSchedule.parse("15 9 * * 1-5", "Asia/Tokyo");
            assertThat(schedule.next(at("2026-03-05T12:00:00Z"), 2))
                    .containsExactly(at("2026-03-06T00:15:00Z"), at("2026-03-09T00:15:00Z"));
        }

        @Test
        void aTimeTheSpringChangeSkipsRunsOnceShiftedByTheGap() {
            // Paris, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:00 does not exist and runs at 03:00 CEST
            CronSchedule schedule = CronSchedule.parse("0 2 * * *", "Europe/Paris");
            assertThat(schedule.next(at("2026-03-27T12:00:00Z"), 3))
                    .containsExactly(
                            at("2026-03-28T01:00:00Z"), // 02:00 CET
                            at("2026-03-29T01:00:00Z"), // 03:00 CEST, shifted
                            at("2026-03-30T00:00:00Z")); // 02:00 CEST
        }

        @Test
        void timesInsideTheGapCollapseIntoOneRun() {
            // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:00 shifts to 03:00 and 02:30 does not run twice
            CronSchedule schedule = CronSchedule.parse("*/30 * * * *", "America/New_York");
            assertThat(schedule.next(at("2026-03-08T06:45:00Z"), 3))
                    .containsExactly(
                            at("2026-03-08T07:00:00Z"), // 02:00 EST shifted to 03:00 EDT
                            at("2026-03-08T07:30:00Z"), // 03:30 EDT
                            at("2026-03-08T08:00:00Z")); // 04:00 EDT
        }

        @Test
        void aTimeTheAutumnChangeRepeatsRunsOnceAtItsFirstPass() {
            // Paris, 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens at 00:30Z and again at 01:30Z
            CronSchedule schedule = CronSchedule.parse("30 2 * * *", "Europe/Paris");
            assertThat(schedule.next(at("2026-10-24T12:00:00Z"), 2))
                    .containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
            // between the two passes, the second one is not an occurrence
            assertThat(schedule.next(at("2026-10-25T01:00:00Z"))).contains(at("2026-10-26T01:30:00Z"));
        }

        @Test
        void anHourlyCronRunsOnceThroughTheRepeatedHour() {
            // Paris, 2026-10-25: wall times 02:00..02:59 pass twice; "every hour at :00" runs at 02:00 once
            CronSchedule schedule = CronSchedule.parse("0 * * * *", "Europe/Paris");
            assertThat(schedule.next(at("2026-10-24T23:30:00Z"), 4))
                    .containsExactly(
                            at("2026-10-25T00:00:00Z"), // 02:00 CEST
                            at("2026-10-25T02:00:00Z"), // 03:00 CET (02:00 CET, the repeat, does not run)
                            at("2026-10-25T03:00:00Z"),
                            at("2026-10-25T04:00:00Z"));
        }
    }

    @Nested
    class Refusals {

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "* * * * *      | more often than every 5 minutes",
                    "*/2 * * * *    | more often than every 5 minutes",
                    "0,3 * * * *    | more often than every 5 minutes",
                    "0,58 * * * *   | more often than every 5 minutes", // :58 then the next hour's :00
                    "0 2 * *        | five fields",
                    "0 2 * * * *    | five fields",
                    "61 * * * *     | not a cron expression",
                    "0 25 * * *     | not a cron expression",
                    "0 0 30 2 *     | never occurs"
                })
        void anExpressionOutsideTheRulesIsRefusedAtCron(String expression, String message) {
            assertThatThrownBy(() -> CronSchedule.parse(expression.trim(), "UTC"))
                    .isInstanceOfSatisfying(
                            CronSchedule.Invalid.class,
                            invalid -> assertThat(invalid.field()).isEqualTo("cron"))
                    .hasMessageContaining(message);
        }

        @Test
        void everyFiveMinutesIsTheMostOftenAllowed() {
            assertThat(CronSchedule.parse("*/5 * * * *", "UTC").next(at("2026-01-01T00:01:00Z")))
                    .contains(at("2026-01-01T00:05:00Z"));
            assertThat(CronSchedule.parse("0,55 * * * *", "UTC").next(at("2026-01-01T00:56:00Z")))
                    .contains(at("2026-01-01T01:00:00Z"));
        }

        @Test
        void anUnknownZoneIsRefusedAtTimezone() {
            assertThatThrownBy(() -> CronSchedule.parse("0 2 * * *", "Mars/Base"))
                    .isInstanceOfSatisfying(
                            CronSchedule.Invalid.class,
                            invalid -> assertThat(invalid.field()).isEqualTo("timezone"));
            assertThatThrownBy(() -> CronSchedule.parse("0 2 * * *", "+02:00"))
                    .isInstanceOf(CronSchedule.Invalid.class);
        }
    }
}
