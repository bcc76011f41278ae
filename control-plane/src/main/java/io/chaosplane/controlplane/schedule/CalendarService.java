package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.CalendarDtos.BlackoutWindow;
import io.chaosplane.controlplane.schedule.CalendarDtos.CalendarView;
import io.chaosplane.controlplane.schedule.CalendarDtos.Coverage;
import io.chaosplane.controlplane.schedule.CalendarDtos.HistoryEntry;
import io.chaosplane.controlplane.schedule.CalendarDtos.ScheduleInput;
import io.chaosplane.controlplane.schedule.CalendarDtos.ScheduledEntry;
import io.chaosplane.controlplane.schedule.CalendarDtos.ScheduledView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.Blackout;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestDetail;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestInput;
import io.chaosplane.controlplane.schedule.ScheduledTestStore.WithStatus;
import io.chaosplane.controlplane.topology.ProjectTopologies;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.Paging;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.Topology;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 002's chaos calendar over the project's scheduled tests: what is scheduled in a window, what ran, the
 * blackouts, and how much of the topology the runs touched; schedules made from the calendar become tests.
 */
@Service
public class CalendarService {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    /** Occurrences listed per test in a window, at most (a test every 5 minutes over a year would be 105,000). */
    private static final int MAX_RUNS_LISTED = 500;

    /** Times beyond it are refused: the database's timestamps, and a once-only blackout after them, must fit. */
    private static final int LAST_YEAR = 9000;

    private static final Set<String> RECURRENCES = Set.of("daily", "weekly", "monthly");

    private final ScheduledTestService tests;
    private final ScheduledTestStore store;
    private final TestRunHistory history;
    private final ProjectTopologies topologies;
    private final AccessGuard guard;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    CalendarService(
            ScheduledTestService tests,
            ScheduledTestStore store,
            TestRunHistory history,
            ProjectTopologies topologies,
            AccessGuard guard,
            JdbcClient jdbc,
            JsonMapper json,
            Clock clock) {
        this.tests = tests;
        this.store = store;
        this.history = history;
        this.topologies = topologies;
        this.guard = guard;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** What a schedule made from the calendar was given beyond its test. */
    record Extras(String title, String description, List<String> scenarioIds, List<String> targetComponents) {}

    /** The window asked for: {@code from} and {@code to} as dates or instants, by default 30 days either side. */
    record Window(Instant from, Instant to) {}

    Window window(String from, String to) {
        Instant now = clock.instant();
        Instant start =
                from == null || from.isBlank() ? now.minus(Duration.ofDays(DEFAULT_DAYS)) : instant("from", from);
        Instant end = to == null || to.isBlank() ? now.plus(Duration.ofDays(DEFAULT_DAYS)) : instant("to", to);
        if (!end.isAfter(start)) {
            throw InvalidInputException.of("to", "must be after from");
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw InvalidInputException.of("to", "must be at most " + MAX_DAYS + " days after from");
        }
        return new Window(start, end);
    }

    @Transactional(readOnly = true)
    public CalendarView calendar(ProjectScope scope, String from, String to) {
        guard.require(Permission.READ, scope, scope.toString());
        Window window = window(from, to);
        List<Blackout> policyBlackouts = tests.policyBlackouts(scope);
        Map<UUID, Extras> extras = extras(scope.accountId());
        Instant now = clock.instant();
        Instant firstRun = window.from().isAfter(now) ? window.from() : now;
        List<ScheduledEntry> scheduled = new ArrayList<>();
        List<BlackoutWindow> blackouts = new ArrayList<>();
        for (WithStatus entry : store.list(scope, new Paging(0, Integer.MAX_VALUE))) {
            ScheduledTest test = entry.test();
            List<Instant> runs =
                    ScheduledTestService.nextRuns(test, policyBlackouts, firstRun.minusNanos(1), MAX_RUNS_LISTED)
                            .stream()
                            .filter(at -> at.isBefore(window.to()))
                            .toList();
            Extras extra = extras.get(test.id());
            scheduled.add(new ScheduledEntry(
                    test.name(),
                    test.spec().namespace(),
                    test.spec().experiment(),
                    test.spec().cron(),
                    test.spec().timezone(),
                    extra == null ? null : extra.description(),
                    extra == null ? List.of() : extra.targetComponents(),
                    entry.status().lastFinished() == null
                            ? null
                            : entry.status().lastFinished().roundedScore(),
                    runs));
            for (Blackout blackout : test.spec().blackouts()) {
                if (overlaps(blackout, window)) {
                    blackouts.add(
                            new BlackoutWindow("test", test.name(), blackout.from(), blackout.to(), blackout.reason()));
                }
            }
        }
        for (Blackout blackout : policyBlackouts) {
            if (overlaps(blackout, window)) {
                blackouts.add(new BlackoutWindow("policy", null, blackout.from(), blackout.to(), blackout.reason()));
            }
        }
        List<TestRunHistory.Run> ran = history.runs(scope, window.from(), null, false).stream()
                .filter(run -> run.finishedAt().isBefore(window.to()))
                .toList();
        List<HistoryEntry> past = ran.stream()
                .map(run -> new HistoryEntry(
                        run.testName(),
                        run.runId().toString(),
                        run.trigger(),
                        run.result(),
                        TestStatus.rounded(run.score()),
                        run.createdAt(),
                        run.finishedAt()))
                .toList();
        return new CalendarView(window.from(), window.to(), scheduled, past, blackouts, coverage(scope, ran, extras));
    }

    /**
     * The topology's components a run in the window touched: those a calendar schedule of the run's test targets,
     * and those named as the test's namespace or one of its source namespaces. Without a topology: nothing to cover.
     */
    private Coverage coverage(ProjectScope scope, List<TestRunHistory.Run> ran, Map<UUID, Extras> extras) {
        Topology topology = topologies.read(scope, Permission.READ);
        if (topology.size() == 0) {
            return new Coverage(false, 0, 0, null, List.of(), List.of());
        }
        Set<UUID> testsThatRan = new HashSet<>();
        ran.forEach(run -> testsThatRan.add(run.testId()));
        Set<String> touchedNames = new HashSet<>();
        for (WithStatus entry : store.list(scope, new Paging(0, Integer.MAX_VALUE))) {
            ScheduledTest test = entry.test();
            if (!testsThatRan.contains(test.id())) {
                continue;
            }
            touchedNames.add(test.spec().namespace());
            touchedNames.addAll(test.spec().sourceNamespaces());
            Extras extra = extras.get(test.id());
            if (extra != null) {
                touchedNames.addAll(extra.targetComponents());
            }
        }
        List<String> tested = new ArrayList<>();
        List<String> untested = new ArrayList<>();
        for (Component component : topology.components()) {
            (touchedNames.contains(component.id()) || touchedNames.contains(component.name()) ? tested : untested)
                    .add(component.id());
        }
        double percent = Math.round(1000.0 * tested.size() / topology.size()) / 10.0;
        return new Coverage(true, topology.size(), tested.size(), percent, tested, untested);
    }

    /** Makes the test a calendar entry asks for (project admin): its cron derived from the time and recurrence. */
    @Transactional
    public ScheduledView schedule(ProjectScope scope, ScheduleInput input) {
        guard.require(Permission.MANAGE, scope, scope.toString());
        if (input == null) {
            throw InvalidInputException.of("body", "must be a schedule object");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String title = input.name() == null ? "" : input.name().strip();
        String slug =
                title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (title.isEmpty() || slug.isEmpty() || slug.length() > 63) {
            problems.add(
                    new FieldProblem("name", "is required: letters or digits, 63 characters at most once slugged"));
        }
        List<String> scenarios = input.scenarioIds() == null ? List.of() : input.scenarioIds();
        if (scenarios.size() == 1 && !printable(scenarios.get(0), 253)) {
            problems.add(new FieldProblem("scenario_ids[0]", "must be an experiment's namespace/name"));
        } else if (scenarios.size() != 1) {
            problems.add(new FieldProblem(
                    "scenario_ids",
                    "must name exactly one experiment (namespace/name) to run; a schedule of target_components"
                            + " alone is not supported"));
        }
        List<String> targets = input.targetComponents() == null ? List.of() : input.targetComponents();
        for (int i = 0; i < targets.size(); i++) {
            if (!printable(targets.get(i), 253)) {
                problems.add(new FieldProblem("target_components[" + i + "]", "must be 1-253 printable characters"));
            }
        }
        if (input.description() != null
                && (input.description().length() > 2000 || input.description().indexOf('\u0000') >= 0)) {
            problems.add(new FieldProblem("description", "must be at most 2000 characters, without NUL"));
        }
        if (!title.isEmpty() && !printable(title, 200)) {
            problems.add(new FieldProblem("name", "must be at most 200 printable characters"));
        }
        String recurrence = input.recurrence() == null || input.recurrence().isBlank()
                ? null
                : input.recurrence().toLowerCase(Locale.ROOT);
        if (recurrence != null && !RECURRENCES.contains(recurrence)) {
            problems.add(new FieldProblem("recurrence", "must be daily, weekly or monthly (or left out: once)"));
        }
        OffsetDateTime when = null;
        if (input.scheduledTime() == null || input.scheduledTime().isBlank()) {
            problems.add(new FieldProblem("scheduled_time", "is required (ISO-8601, in the future)"));
        } else {
            try {
                when = OffsetDateTime.parse(input.scheduledTime()).withOffsetSameInstant(ZoneOffset.UTC);
                if (!when.toInstant().isAfter(clock.instant())) {
                    problems.add(new FieldProblem("scheduled_time", "must be in the future"));
                } else if (when.getYear() > LAST_YEAR) {
                    problems.add(new FieldProblem("scheduled_time", "must be before the year " + (LAST_YEAR + 1)));
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(
                        "scheduled_time",
                        "must be an ISO-8601 date and time with its offset, as 2030-01-07T02:00:00Z"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        OffsetDateTime at = when.withSecond(0).withNano(0);
        String cron = cron(at, recurrence);
        // once: the date's yearly cron, blacked out after its one run
        List<Blackout> blackouts = recurrence == null
                ? List.of(new Blackout(
                        at.toInstant().plusSeconds(60), at.toInstant().plus(Duration.ofDays(36_600)), "ran once"))
                : List.of();
        TestDetail test = tests.create(
                scope,
                new TestInput(
                        slug,
                        null,
                        null,
                        scenarios.get(0),
                        null,
                        null,
                        null,
                        cron,
                        "UTC",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        blackouts));
        ScheduledTest created = store.find(scope, slug).orElseThrow();
        jdbc.sql("""
                        INSERT INTO calendar_schedules (test_id, account_id, title, description, scenario_ids,
                                                        target_components, scheduled_time, recurrence)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""")
                .params(
                        created.id(),
                        scope.accountId(),
                        title,
                        input.description() == null ? "" : input.description(),
                        json.writeValueAsString(scenarios),
                        json.writeValueAsString(targets),
                        java.sql.Timestamp.from(at.toInstant()),
                        recurrence)
                .update();
        return new ScheduledView(
                created.id().toString(),
                title,
                test.name(),
                input.description() == null ? "" : input.description(),
                scenarios,
                targets,
                at.toInstant(),
                recurrence,
                cron,
                "UTC",
                test.nextRuns());
    }

    static String cron(OffsetDateTime at, String recurrence) {
        String time = at.getMinute() + " " + at.getHour();
        if (recurrence == null) {
            return time + " " + at.getDayOfMonth() + " " + at.getMonthValue() + " *";
        }
        return switch (recurrence) {
            case "daily" -> time + " * * *";
            case "weekly" -> time + " * * " + at.getDayOfWeek().getValue() % 7;
            default -> time + " " + at.getDayOfMonth() + " * *";
        };
    }

    /** What calendar schedules of the account were given, by test. */
    Map<UUID, Extras> extras(String accountId) {
        Map<UUID, Extras> extras = new java.util.HashMap<>();
        jdbc.sql("SELECT * FROM calendar_schedules WHERE account_id = ?")
                .param(accountId)
                .query((row, n) -> {
                    extras.put(
                            row.getObject("test_id", UUID.class),
                            new Extras(
                                    row.getString("title"),
                                    row.getString("description"),
                                    json.readValue(row.getString("scenario_ids"), new TypeReference<List<String>>() {}),
                                    json.readValue(
                                            row.getString("target_components"), new TypeReference<List<String>>() {})));
                    return null;
                })
                .list();
        return extras;
    }

    private static boolean printable(String text, int max) {
        return text != null
                && !text.isEmpty()
                && text.length() <= max
                && text.chars().noneMatch(Character::isISOControl);
    }

    private static boolean overlaps(Blackout blackout, Window window) {
        return blackout.from().isBefore(window.to()) && blackout.to().isAfter(window.from());
    }

    private static Instant instant(String field, String value) {
        try {
            Instant instant = value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(Instant.EPOCH)
                    || instant.atOffset(ZoneOffset.UTC).getYear() > LAST_YEAR) {
                throw InvalidInputException.of(field, "must be between 1970 and " + LAST_YEAR);
            }
            return instant;
        } catch (DateTimeException e) {
            throw InvalidInputException.of(field, "must be a date (2030-01-31) or an ISO-8601 instant");
        }
    }
}
