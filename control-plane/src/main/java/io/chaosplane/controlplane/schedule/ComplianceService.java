package io.chaosplane.controlplane.schedule;

import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyView;
import io.chaosplane.controlplane.policy.PolicyService;
import io.chaosplane.controlplane.schedule.ComplianceDtos.ComplianceView;
import io.chaosplane.controlplane.schedule.ComplianceDtos.Control;
import io.chaosplane.controlplane.schedule.ComplianceDtos.FailedRun;
import io.chaosplane.controlplane.schedule.TestRunHistory.Run;
import io.chaosplane.controlplane.tenancy.Licenses;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.Paging;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compliance evidence from the project's chaos history: the figures of the scheduled tests' runs in a period and a
 * catalogue of controls per framework, each a rule over those runs, the project's policies and the audit trail, whose
 * evidence states the figures it judged.
 */
@Service
public class ComplianceService {

    static final List<String> FRAMEWORKS = List.of("soc2", "iso27001", "hipaa", "pci-dss");
    static final int MAX_PERIOD = 365;

    /** What the rules judge. */
    record Facts(
            int period,
            List<Run> runs,
            int passed,
            int rtoJudged,
            int rtoMet,
            int weeksWithRuns,
            int weeks,
            List<FailedRun> failed,
            int followedUp,
            int enabledPolicies,
            int policyRules,
            long auditedChanges) {}

    private record Rule(String id, String title, Function<Facts, Control> judge) {}

    private static final Map<String, List<Rule>> CATALOGUE = Map.of(
            "soc2",
            List.of(
                    new Rule("CC9.1", "Recovery procedures are tested", f -> tested(f)),
                    new Rule("A1.3", "Recovery plan testing meets recovery time objectives", f -> rto(f)),
                    new Rule("CC7.4", "Failures found are responded to and followed up", f -> followedUp(f)),
                    new Rule("CC8.1", "Fault injection is governed by authorized policies", f -> governed(f))),
            "iso27001",
            List.of(
                    new Rule(
                            "A.17.1.3",
                            "Information security continuity is verified, reviewed and evaluated",
                            f -> tested(f)),
                    new Rule("A.17.1.2", "Continuity controls are exercised at regular intervals", f -> cadence(f)),
                    new Rule(
                            "A.17.2.1",
                            "Availability of information processing facilities meets objectives",
                            f -> rto(f)),
                    new Rule("A.12.4.1", "Changes to continuity tests are logged", f -> audited(f))),
            "hipaa",
            List.of(
                    new Rule(
                            "164.308(a)(7)(ii)(D)",
                            "Testing and revision procedures for contingency plans",
                            f -> tested(f)),
                    new Rule(
                            "164.308(a)(7)(ii)(B)",
                            "Disaster recovery plan restores within its objectives",
                            f -> rto(f)),
                    new Rule(
                            "164.308(a)(6)(ii)",
                            "Security incidents are responded to and followed up",
                            f -> followedUp(f)),
                    new Rule("164.308(a)(1)(ii)(D)", "Information system activity is reviewed", f -> audited(f))),
            "pci-dss",
            List.of(
                    new Rule("12.10.2", "The incident response plan is tested at least annually", f -> tested(f)),
                    new Rule("12.10.1", "An incident response plan governs fault injection", f -> governed(f)),
                    new Rule("12.10.6", "The plan is revised from lessons learned in its tests", f -> followedUp(f)),
                    new Rule("10.2.1", "Changes to tests and policies are recorded in audit logs", f -> audited(f))));

    private final TestRunHistory history;
    private final PolicyService policies;
    private final Licenses licenses;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final JdbcClient jdbc;
    private final Clock clock;

    ComplianceService(
            TestRunHistory history,
            PolicyService policies,
            Licenses licenses,
            AccessGuard guard,
            ScopeDirectory scopes,
            JdbcClient jdbc,
            Clock clock) {
        this.history = history;
        this.policies = policies;
        this.licenses = licenses;
        this.guard = guard;
        this.scopes = scopes;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ComplianceView report(ProjectScope scope, String framework, Integer period) {
        guard.require(Permission.READ, scope, scope.toString());
        scopes.requireExists(scope);
        String name = framework == null ? "" : framework.strip().toLowerCase(java.util.Locale.ROOT);
        if (!FRAMEWORKS.contains(name)) {
            throw InvalidInputException.of("framework", "must be one of " + String.join(", ", FRAMEWORKS));
        }
        if (period == null || period < 1 || period > MAX_PERIOD) {
            throw InvalidInputException.of("period", "must be a number of days between 1 and " + MAX_PERIOD);
        }
        Instant now = clock.instant();
        Facts facts = facts(scope, period, now);
        List<Run> runs = facts.runs();
        Double passRate = runs.isEmpty() ? null : ratio(facts.passed(), runs.size());
        Integer avgScore = runs.isEmpty()
                ? null
                : (int) Math.round(runs.stream()
                        .mapToDouble(
                                run -> run.score() == null ? 0 : run.score().doubleValue())
                        .average()
                        .orElse(0));
        Double sla = facts.rtoJudged() == 0 ? null : ratio(facts.rtoMet(), facts.rtoJudged());
        List<Control> controls = CATALOGUE.get(name).stream()
                .map(rule -> {
                    Control judged = rule.judge().apply(facts);
                    return new Control(rule.id(), rule.title(), judged.status(), judged.evidence());
                })
                .toList();
        return new ComplianceView(
                name,
                period,
                now,
                runs.size(),
                passRate,
                avgScore,
                sla,
                history.namespacesCovered(scope),
                controls,
                facts.failed());
    }

    /** The report for the PDF: 402 unless the account's license has compliance-export. */
    @Transactional(readOnly = true)
    public ComplianceView forExport(ProjectScope scope, String framework, Integer period) {
        ComplianceView report = report(scope, framework, period);
        if (!licenses.features(scope.accountId()).contains(Plan.COMPLIANCE_EXPORT)) {
            throw new PaymentRequiredException(
                    "the PDF export needs the compliance-export feature (Enterprise); the JSON report is at"
                            + " /api/v1/compliance");
        }
        return report;
    }

    private Facts facts(ProjectScope scope, int period, Instant now) {
        Instant since = now.minus(Duration.ofDays(period));
        List<Run> all = history.runs(scope, Instant.EPOCH, null, false);
        List<Run> runs =
                all.stream().filter(run -> !run.finishedAt().isBefore(since)).toList();
        int passed =
                (int) runs.stream().filter(run -> run.result().equals("pass")).count();
        int rtoJudged = 0;
        int rtoMet = 0;
        Set<Long> weeksWithRuns = new HashSet<>();
        for (Run run : runs) {
            if (run.maxRtoSeconds() != null) {
                rtoJudged++;
                if (Duration.between(run.createdAt(), run.finishedAt()).toSeconds() <= run.maxRtoSeconds()) {
                    rtoMet++;
                }
            }
            weeksWithRuns.add(Duration.between(since, run.finishedAt()).toDays() / 7);
        }
        List<FailedRun> failed = new ArrayList<>();
        int followedUp = 0;
        for (Run run :
                runs.stream().sorted(Comparator.comparing(Run::finishedAt)).toList()) {
            if (!run.result().equals("fail")) {
                continue;
            }
            Run next = all.stream()
                    .filter(later -> later.testId().equals(run.testId())
                            && later.finishedAt().isAfter(run.finishedAt()))
                    .filter(later -> later.result().equals("pass"))
                    .min(Comparator.comparing(Run::finishedAt))
                    .orElse(null);
            if (next != null) {
                followedUp++;
            }
            failed.add(new FailedRun(
                    run.testName(),
                    run.runId().toString(),
                    run.finishedAt(),
                    run.message() == null ? "" : run.message(),
                    next == null ? "no passing run since" : "passed again on " + next.finishedAt()));
        }
        List<PolicyView> enabled = policies.list(scope, new Paging(0, 100)).items().stream()
                .filter(PolicyView::enabled)
                .toList();
        long audited = jdbc.sql("""
                        SELECT count(*) FROM audit_events WHERE account_id = ? AND occurred_at >= ?
                           AND (action LIKE 'scheduled-test.%' OR action LIKE 'policy.%')""")
                .params(scope.accountId(), timestamp(since))
                .query(Long.class)
                .single();
        return new Facts(
                period,
                runs,
                passed,
                rtoJudged,
                rtoMet,
                weeksWithRuns.size(),
                (int) Math.ceil(period / 7.0),
                failed,
                followedUp,
                enabled.size(),
                enabled.stream().mapToInt(policy -> policy.rules().size()).sum(),
                audited);
    }

    private static Control tested(Facts f) {
        if (f.runs().isEmpty()) {
            return control("no_evidence", "no chaos run finished in the last " + f.period() + " days");
        }
        double rate = (double) f.passed() / f.runs().size();
        String evidence =
                f.runs().size() + " chaos runs over " + f.period() + " days with " + percent(rate) + " pass rate";
        return control(rate >= 0.9 ? "satisfied" : rate >= 0.7 ? "partial" : "not_satisfied", evidence);
    }

    private static Control rto(Facts f) {
        if (f.rtoJudged() == 0) {
            return control("no_evidence", "no run in the period belongs to a test with a maxRTO");
        }
        double rate = (double) f.rtoMet() / f.rtoJudged();
        return control(
                rate >= 0.95 ? "satisfied" : rate >= 0.8 ? "partial" : "not_satisfied",
                f.rtoMet() + " of " + f.rtoJudged() + " runs with a maxRTO finished within it (" + percent(rate) + ")");
    }

    private static Control followedUp(Facts f) {
        if (f.runs().isEmpty()) {
            return control("no_evidence", "no chaos run finished in the last " + f.period() + " days");
        }
        if (f.failed().isEmpty()) {
            return control("satisfied", "none of the " + f.runs().size() + " runs failed");
        }
        String evidence = f.followedUp() + " of " + f.failed().size()
                + " failed runs were followed by a passing run of their test";
        return control(
                f.followedUp() == f.failed().size() ? "satisfied" : f.followedUp() > 0 ? "partial" : "not_satisfied",
                evidence);
    }

    private static Control cadence(Facts f) {
        if (f.runs().isEmpty()) {
            return control("no_evidence", "no chaos run finished in the last " + f.period() + " days");
        }
        double rate = (double) f.weeksWithRuns() / f.weeks();
        return control(
                rate >= 0.9 ? "satisfied" : rate >= 0.5 ? "partial" : "not_satisfied",
                "runs in " + f.weeksWithRuns() + " of the period's " + f.weeks() + " weeks");
    }

    private static Control governed(Facts f) {
        return f.enabledPolicies() > 0
                ? control(
                        "satisfied",
                        f.enabledPolicies() + " enabled policies with " + f.policyRules()
                                + " rules govern the project's runs")
                : control("not_satisfied", "no enabled policy governs the project's runs");
    }

    private static Control audited(Facts f) {
        return f.auditedChanges() > 0
                ? control(
                        "satisfied",
                        f.auditedChanges() + " changes to tests and policies recorded in the audit trail in "
                                + f.period() + " days")
                : control("no_evidence", "no change to tests or policies was recorded in " + f.period() + " days");
    }

    private static Control control(String status, String evidence) {
        return new Control(null, null, status, evidence);
    }

    private static double ratio(int part, int whole) {
        return BigDecimal.valueOf(part)
                .divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static String percent(double rate) {
        return Math.round(rate * 100) + "%";
    }
}
