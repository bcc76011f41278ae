package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's runs in figures: the average resiliency score and its daily trend, and how many runs started and
 * failed lately. One aggregate query each, so that an overview costs the same with ten runs or ten thousand.
 */
@Component
public class RunStatistics {

    /** One UTC day of the trend: its runs with a score and their average; the average is null on a day without. */
    public record DailyScore(LocalDate day, long scoredRuns, BigDecimal averageScore) {}

    /**
     * @param averageScore mean score of the runs scored in the trend's days, null when none was
     * @param trend one entry per UTC day, oldest first, today included
     * @param runsLastDay runs created in the last 24 hours
     * @param failuresLastDay of those, the ones that failed or saw a fault's probes fail
     */
    public record Overview(BigDecimal averageScore, List<DailyScore> trend, long runsLastDay, long failuresLastDay) {}

    private final JdbcClient jdbc;
    private final AccessGuard guard;
    private final Clock clock;

    RunStatistics(JdbcClient jdbc, AccessGuard guard, Clock clock) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Overview overview(ResourceScope project, int days) {
        Caller caller = guard.require(Permission.READ, project, project.toString());
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, DailyScore> byDay = new HashMap<>();
        jdbc.sql("""
                        SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS runs, avg(resiliency_score) AS score
                          FROM experiment_runs
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND created_at >= ?
                           AND resiliency_score IS NOT NULL
                         GROUP BY 1""")
                .params(
                        caller.accountId(),
                        project.organization(),
                        project.project(),
                        Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .query((rs, n) -> {
                    LocalDate day = rs.getDate("day").toLocalDate();
                    return byDay.put(day, new DailyScore(day, rs.getLong("runs"), rs.getBigDecimal("score")));
                })
                .list();
        List<DailyScore> trend = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        long scored = 0;
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            DailyScore score = byDay.get(day);
            if (score == null) {
                trend.add(new DailyScore(day, 0, null));
                continue;
            }
            trend.add(
                    new DailyScore(day, score.scoredRuns(), score.averageScore().setScale(1, RoundingMode.HALF_UP)));
            sum = sum.add(score.averageScore().multiply(BigDecimal.valueOf(score.scoredRuns())));
            scored += score.scoredRuns();
        }
        BigDecimal average = scored == 0 ? null : sum.divide(BigDecimal.valueOf(scored), 1, RoundingMode.HALF_UP);
        long[] lastDay = jdbc.sql("""
                        SELECT count(*) AS runs,
                               count(*) FILTER (WHERE phase = 'Failed' OR faults_failed > 0) AS failures
                          FROM experiment_runs
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND created_at >= ?""")
                .params(
                        caller.accountId(),
                        project.organization(),
                        project.project(),
                        Timestamp.from(now.minus(Duration.ofHours(24))))
                .query((rs, n) -> new long[] {rs.getLong("runs"), rs.getLong("failures")})
                .single();
        return new Overview(average, trend, lastDay[0], lastDay[1]);
    }

    /** The project's latest runs of every experiment, newest first. */
    @Transactional(readOnly = true)
    public List<RunViews.RunSummary> latest(ResourceScope project, int limit) {
        Caller caller = guard.require(Permission.READ, project, project.toString());
        return jdbc.sql("""
                        SELECT r.*, e.name AS experiment_name, e.namespace
                          FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id
                         WHERE r.account_id = ? AND r.org_identifier = ? AND r.project_identifier = ?
                         ORDER BY r.created_at DESC LIMIT ?""")
                .params(caller.accountId(), project.organization(), project.project(), limit)
                .query((rs, n) -> RunReader.summary(rs))
                .list();
    }
}
