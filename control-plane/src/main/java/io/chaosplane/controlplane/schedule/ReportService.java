package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.ScheduleDtos.AlertView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.DailyView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ReportMetadata;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ReportSpec;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ReportStatus;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ReportView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.SummaryView;
import io.chaosplane.controlplane.schedule.TestRunHistory.Run;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the runs of a project's scheduled tests add up to: seed 004's summary over the last 24 hours, the daily trend,
 * a report per finished run, and the alerts those runs raised (a failure, a score drop from the test's run before, a
 * run longer than the test's maxRTO when it asks to be told). Everyone in the project reads them.
 */
@Service
public class ReportService {

    static final String API_VERSION = "chaos.chaosplane.io/v1alpha1";
    private static final int MAX_DAYS = 365;
    private static final int MAX_HOURS = 24 * 365;

    private final TestRunHistory history;
    private final ScheduledTestStore tests;
    private final AccessGuard guard;
    private final ScheduleProperties properties;
    private final Clock clock;

    ReportService(
            TestRunHistory history,
            ScheduledTestStore tests,
            AccessGuard guard,
            ScheduleProperties properties,
            Clock clock) {
        this.history = history;
        this.tests = tests;
        this.guard = guard;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public SummaryView summary(ProjectScope scope) {
        guard.require(Permission.READ, scope, scope.toString());
        TestRunHistory.Window day = history.window(scope, clock.instant().minus(Duration.ofHours(24)));
        return new SummaryView(
                day.averageScore(),
                (int) tests.count(scope),
                day.testsRun(),
                day.failures(),
                day.partial(),
                day.averageRtoSeconds() == null
                        ? null
                        : GoDuration.format(Duration.ofSeconds(Math.round(day.averageRtoSeconds()))),
                history.namespacesCovered(scope));
    }

    /** Every one of the last {@code days} days in the zone, oldest first, today included. */
    @Transactional(readOnly = true)
    public List<DailyView> daily(ProjectScope scope, int days, String timezone) {
        guard.require(Permission.READ, scope, scope.toString());
        if (days < 1 || days > MAX_DAYS) {
            throw InvalidInputException.of("days", "must be between 1 and " + MAX_DAYS);
        }
        ZoneId zone = zone(timezone);
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, TestRunHistory.Day> found = history.days(scope, first, zone);
        List<DailyView> trend = new ArrayList<>(days);
        for (LocalDate date = first; !date.isAfter(today); date = date.plusDays(1)) {
            TestRunHistory.Day day = found.get(date);
            trend.add(
                    day == null
                            ? new DailyView(date.toString(), null, 0, 0)
                            : new DailyView(date.toString(), day.score(), day.tests(), day.failures()));
        }
        return trend;
    }

    /** A report per finished run of the last {@code days} days, newest first; each test keeps its historyLimit. */
    @Transactional(readOnly = true)
    public List<ReportView> reports(ProjectScope scope, String test, int days, boolean latest) {
        guard.require(Permission.READ, scope, scope.toString());
        if (days < 1 || days > MAX_DAYS) {
            throw InvalidInputException.of("days", "must be between 1 and " + MAX_DAYS);
        }
        UUID testId = null;
        if (test != null) {
            testId = tests.find(scope, test)
                    .orElseThrow(() -> new NotFoundException("test '" + test + "' not found"))
                    .id();
        }
        List<Run> runs = history.runs(scope, clock.instant().minus(Duration.ofDays(days)), testId, true);
        if (latest) {
            Set<UUID> seen = new HashSet<>();
            runs = runs.stream().filter(run -> seen.add(run.testId())).toList();
        }
        Map<UUID, List<ScheduleDtos.ReportFault>> faults =
                history.faults(scope.accountId(), runs.stream().map(Run::runId).toList());
        return runs.stream()
                .map(run -> new ReportView(
                        API_VERSION,
                        "ChaosReport",
                        new ReportMetadata(
                                run.testName() + "-" + run.runSequence(), run.testNamespace(), run.finishedAt()),
                        new ReportSpec(run.testName(), run.runId().toString(), run.trigger()),
                        new ReportStatus(
                                run.result(),
                                TestStatus.rounded(run.score()),
                                run.createdAt(),
                                run.finishedAt(),
                                GoDuration.format(Duration.between(run.createdAt(), run.finishedAt())),
                                faults.getOrDefault(run.runId(), List.of()))))
                .toList();
    }

    /** The alerts of the runs that finished in the last {@code hours} hours, newest first. */
    @Transactional(readOnly = true)
    public List<AlertView> alerts(ProjectScope scope, int hours) {
        guard.require(Permission.READ, scope, scope.toString());
        if (hours < 1 || hours > MAX_HOURS) {
            throw InvalidInputException.of("hours", "must be between 1 and " + MAX_HOURS);
        }
        List<AlertView> alerts = new ArrayList<>();
        for (Run run : history.runs(scope, clock.instant().minus(Duration.ofHours(hours)), null, false)) {
            alert(run).ifPresent(alerts::add);
        }
        return alerts;
    }

    /** The alert the finished run raises, if any: a failure, a score drop from its test's run before, a maxRTO overrun. */
    Optional<AlertView> alert(Run run) {
        List<String> reasons = new ArrayList<>();
        if (run.result().equals("fail")) {
            reasons.add("run " + run.runSequence() + " failed"
                    + (run.message() == null || run.message().isBlank() ? "" : ": " + run.message()));
        }
        if (dropped(run.previousScore(), run.score())) {
            reasons.add("score dropped from " + TestStatus.rounded(run.previousScore()) + " to "
                    + TestStatus.rounded(run.score()));
        }
        Duration took = Duration.between(run.createdAt(), run.finishedAt());
        if (run.alertOnExceed() && run.maxRtoSeconds() != null && took.toSeconds() > run.maxRtoSeconds()) {
            reasons.add("took " + GoDuration.format(Duration.ofSeconds(took.toSeconds())) + ", over its maxRTO of "
                    + GoDuration.format(Duration.ofSeconds(run.maxRtoSeconds())));
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AlertView(
                run.finishedAt(),
                run.testName(),
                run.testNamespace(),
                TestStatus.rounded(run.score()),
                TestStatus.rounded(run.previousScore()),
                run.result(),
                String.join("; ", reasons)));
    }

    private boolean dropped(BigDecimal previous, BigDecimal score) {
        BigDecimal now = score == null ? BigDecimal.ZERO : score;
        return previous != null
                && previous.subtract(now).compareTo(BigDecimal.valueOf(properties.scoreDropAlert())) >= 0;
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            if (ZoneId.getAvailableZoneIds().contains(timezone) || "UTC".equals(timezone)) {
                return ZoneId.of(timezone);
            }
        } catch (DateTimeException e) {
            // refused below
        }
        throw InvalidInputException.of("timezone", "must be an IANA time zone such as Europe/Paris or UTC");
    }
}
