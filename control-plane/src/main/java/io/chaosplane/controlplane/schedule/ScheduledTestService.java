package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyView;
import io.chaosplane.controlplane.policy.PolicyRule;
import io.chaosplane.controlplane.policy.PolicyService;
import io.chaosplane.controlplane.run.RunViews.RunView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.Blackout;
import io.chaosplane.controlplane.schedule.ScheduleDtos.PreviewView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.ScheduleView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestDetail;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestInput;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TriggerView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.UpcomingView;
import io.chaosplane.controlplane.schedule.ScheduledTestStore.WithStatus;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scheduled tests of a project: admins create, change and delete them, operators trigger them, everyone in the
 * project reads them, their upcoming runs and their schedules.
 */
@Service
public class ScheduledTestService {

    /** How far ahead the next run is looked for past blackouts. */
    private static final int LOOK_AHEAD = 1_000;

    private final ScheduledTestStore tests;
    private final TestInputs inputs;
    private final TestFiring firing;
    private final PolicyService policies;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final AuditTrail audit;
    private final Clock clock;

    ScheduledTestService(
            ScheduledTestStore tests,
            TestInputs inputs,
            TestFiring firing,
            PolicyService policies,
            AccessGuard guard,
            ScopeDirectory scopes,
            AuditTrail audit,
            Clock clock) {
        this.tests = tests;
        this.inputs = inputs;
        this.firing = firing;
        this.policies = policies;
        this.guard = guard;
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
    }

    /** A page of the project's tests and how many there are. */
    public record Page<T>(List<T> items, long total) {}

    @Transactional
    public TestDetail create(ProjectScope scope, TestInput input) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        TestInputs.Resolved resolved = inputs.resolve(scope, input, null);
        if (tests.find(scope, resolved.name()).isPresent()) {
            throw new ConflictException("test '" + resolved.name() + "' already exists");
        }
        Instant now = clock.instant();
        ScheduledTest test = new ScheduledTest(
                UUID.randomUUID(),
                scope.accountId(),
                scope.organization(),
                scope.project(),
                resolved.name(),
                resolved.experimentId(),
                resolved.spec(),
                caller.actor(),
                now,
                now);
        tests.insert(test);
        tests.schedule(test, test.schedule().next(now));
        audit.record("scheduled-test.create", scope + "/" + test.name(), java.util.Map.of());
        return detail(scope, test.name());
    }

    @Transactional
    public TestDetail update(ProjectScope scope, String name, TestInput input) {
        guard.require(Permission.MANAGE, scope, "test '" + name + "'");
        ScheduledTest current = find(scope, name);
        TestInputs.Resolved resolved = inputs.resolve(scope, input, current);
        Instant now = clock.instant();
        ScheduledTest changed = new ScheduledTest(
                current.id(),
                current.accountId(),
                current.organization(),
                current.project(),
                current.name(),
                resolved.experimentId(),
                resolved.spec(),
                current.createdBy(),
                current.createdAt(),
                now);
        tests.update(changed);
        tests.schedule(changed, changed.schedule().next(now));
        audit.record("scheduled-test.update", scope + "/" + name, java.util.Map.of());
        return detail(scope, name);
    }

    @Transactional
    public void delete(ProjectScope scope, String name) {
        guard.require(Permission.MANAGE, scope, "test '" + name + "'");
        tests.delete(find(scope, name));
        audit.record("scheduled-test.delete", scope + "/" + name, java.util.Map.of());
    }

    @Transactional(readOnly = true)
    public TestDetail get(ProjectScope scope, String name) {
        guard.require(Permission.READ, scope, "test '" + name + "'");
        return detail(scope, name);
    }

    @Transactional(readOnly = true)
    public Page<TestView> list(ProjectScope scope, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        List<TestView> items =
                tests.list(scope, paging).stream().map(this::view).toList();
        return new Page<>(items, tests.count(scope));
    }

    /** Starts a run now (operator): 409 while one goes, 403 when a blackout or a policy forbids it. */
    @Transactional
    public TriggerView trigger(ProjectScope scope, String name) {
        Caller caller = guard.require(Permission.OPERATE, scope, "test '" + name + "'");
        ScheduledTest test = tests.lock(scope.accountId(), find(scope, name).id())
                .orElseThrow(() -> new NotFoundException("test '" + name + "' not found"));
        RunView run = firing.fire(test, TestFiring.MANUAL, null, caller);
        return new TriggerView(test.name(), "Running", run.runId().toString(), clock.instant());
    }

    /** The next run of each test, blackouts passed over, soonest first. */
    @Transactional(readOnly = true)
    public Page<UpcomingView> upcoming(ProjectScope scope, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        List<Blackout> policyBlackouts = policyBlackouts(scope);
        Instant now = clock.instant();
        List<UpcomingView> all = new ArrayList<>();
        for (WithStatus entry : tests.list(scope, new Paging(0, Integer.MAX_VALUE))) {
            nextRuns(entry.test(), policyBlackouts, now, 1).stream()
                    .findFirst()
                    .ifPresent(next -> all.add(new UpcomingView(
                            entry.test().name(), entry.test().spec().namespace(), next, lastScore(entry.status()))));
        }
        all.sort(Comparator.comparing(UpcomingView::nextRunAt).thenComparing(UpcomingView::name));
        return new Page<>(window(all, paging), all.size());
    }

    /** Each test's schedule, with its last successful run. */
    @Transactional(readOnly = true)
    public Page<ScheduleView> schedules(ProjectScope scope, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        List<ScheduleView> items = tests.list(scope, paging).stream()
                .map(entry -> new ScheduleView(
                        entry.test().name(),
                        entry.test().spec().cron(),
                        entry.test().spec().sourceNamespaces(),
                        tests.lastSuccess(entry.test().accountId(), entry.test().id())
                                .orElse(null),
                        entry.test().spec().timezone(),
                        entry.status().nextRunAt()))
                .toList();
        return new Page<>(items, tests.count(scope));
    }

    /** The next five occurrences of an expression in a zone (anyone in the project): 400 as for a test. */
    public PreviewView preview(ProjectScope scope, String cron, String timezone) {
        guard.require(Permission.READ, scope, scope.toString());
        try {
            CronSchedule schedule = CronSchedule.parse(cron, timezone);
            return new PreviewView(schedule.expression(), schedule.zone().getId(), schedule.next(clock.instant(), 5));
        } catch (CronSchedule.Invalid invalid) {
            throw InvalidInputException.of(invalid.field(), invalid.getMessage());
        }
    }

    private TestDetail detail(ProjectScope scope, String name) {
        WithStatus entry = tests.findWithStatus(scope, name)
                .orElseThrow(() -> new NotFoundException("test '" + name + "' not found"));
        ScheduledTest test = entry.test();
        ScheduledTest.Spec spec = test.spec();
        TestStatus status = entry.status();
        return new TestDetail(
                test.name(),
                spec.namespace(),
                spec.provider(),
                spec.experiment(),
                spec.backupName(),
                spec.sourceNamespaces(),
                spec.cron(),
                spec.timezone(),
                spec.namespacePrefix(),
                spec.ttl(),
                spec.networkIsolation(),
                spec.healthCheckPolicy(),
                spec.maxRTO(),
                spec.alertOnExceed(),
                spec.historyLimit(),
                spec.blackouts(),
                status.phase(),
                lastScore(status),
                status.lastFinished() == null ? null : status.lastFinished().result(),
                status.lastFinished() == null ? null : status.lastFinished().finishedAt(),
                status.nextRunAt(),
                nextRuns(test, policyBlackouts(scope), clock.instant(), 5),
                test.createdAt(),
                test.updatedAt());
    }

    private TestView view(WithStatus entry) {
        ScheduledTest test = entry.test();
        TestStatus status = entry.status();
        return new TestView(
                test.name(),
                test.spec().namespace(),
                test.spec().provider(),
                test.spec().cron(),
                status.phase(),
                lastScore(status),
                status.lastFinished() == null ? null : status.lastFinished().result(),
                status.lastFinished() == null ? null : status.lastFinished().finishedAt(),
                status.nextRunAt(),
                test.spec().sourceNamespaces(),
                Objects.requireNonNullElse(test.spec().maxRTO(), ""),
                test.spec().experiment(),
                test.spec().timezone());
    }

    private static Integer lastScore(TestStatus status) {
        return status.lastFinished() == null ? null : status.lastFinished().roundedScore();
    }

    /** The next occurrences that fall outside the test's and the project's blackouts. */
    static List<Instant> nextRuns(ScheduledTest test, List<Blackout> policyBlackouts, Instant now, int count) {
        CronSchedule schedule = test.schedule();
        List<Instant> runs = new ArrayList<>(count);
        Instant from = now;
        for (int i = 0; i < LOOK_AHEAD && runs.size() < count; i++) {
            Optional<Instant> next = schedule.next(from);
            if (next.isEmpty()) {
                break;
            }
            Instant at = next.get();
            boolean blackedOut = test.blackoutAt(at).isPresent()
                    || policyBlackouts.stream()
                            .anyMatch(blackout -> !at.isBefore(blackout.from()) && at.isBefore(blackout.to()));
            if (!blackedOut) {
                runs.add(at);
            }
            from = at;
        }
        return runs;
    }

    /** The blackout rules of the project's enabled policies. */
    List<Blackout> policyBlackouts(ProjectScope scope) {
        List<Blackout> blackouts = new ArrayList<>();
        for (PolicyView policy : policies.list(scope, new Paging(0, 100)).items()) {
            if (!policy.enabled()) {
                continue;
            }
            for (PolicyRule rule : policy.rules()) {
                if ("blackout".equals(rule.type()) && rule.from() != null && rule.to() != null) {
                    blackouts.add(new Blackout(rule.from(), rule.to(), "policy " + policy.name() + "/" + rule.name()));
                }
            }
        }
        return blackouts;
    }

    private ScheduledTest find(ProjectScope scope, String name) {
        return tests.find(scope, name).orElseThrow(() -> new NotFoundException("test '" + name + "' not found"));
    }

    private static <T> List<T> window(List<T> all, Paging paging) {
        int from = Math.min(paging.offset(), all.size());
        return all.subList(from, Math.min(all.size(), from + paging.limit()));
    }
}
