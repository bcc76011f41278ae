package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.analysis.Baseline.Distribution;
import io.chaosplane.controlplane.analysis.BenchmarkStore.Aggregate;
import io.chaosplane.controlplane.analysis.BenchmarkStore.Setting;
import io.chaosplane.controlplane.topology.ProjectTopologies;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.topology.Assessment;
import io.chaosplane.topology.Scores;
import io.chaosplane.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The project against its industry: resilience score, SPOF share, run pass rate (90 days) and mean time to recover,
 * each placed in the industry's distribution, from peers when at least five opted-in accounts contribute, else from
 * the built-in baseline; the answer says which.
 */
@Service
class BenchmarkService {

    static final Duration WINDOW = Duration.ofDays(90);
    private static final Set<String> LOWER_IS_BETTER = Set.of("spof_share", "mttr_minutes");

    private final ProjectTopologies topology;
    private final ProjectFacts facts;
    private final BenchmarkStore store;
    private final Baseline baseline;
    private final AccessGuard guard;
    private final Clock clock;

    BenchmarkService(
            ProjectTopologies topology,
            ProjectFacts facts,
            BenchmarkStore store,
            Baseline baseline,
            AccessGuard guard,
            Clock clock) {
        this.topology = topology;
        this.facts = facts;
        this.store = store;
        this.baseline = baseline;
        this.guard = guard;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Map<String, Object> benchmark(ProjectScope scope, String industry) {
        guard.require(Permission.READ, scope, scope.toString());
        Map<String, Map<String, Aggregate>> peers = peers();
        if ("list".equals(industry)) {
            return Map.of(
                    "industries",
                    baseline.industries().stream()
                            .map(i -> row(
                                    "industry", i.industry(),
                                    "name", i.name(),
                                    "source", peers.containsKey(i.industry()) ? "peers" : "baseline"))
                            .toList());
        }
        Map<String, Double> own = projectFigures(scope);
        if ("all".equals(industry)) {
            return row(
                    "project",
                    own,
                    "comparisons",
                    baseline.industries().stream()
                            .map(i -> compare(i, own, peers.getOrDefault(i.industry(), Map.of())))
                            .toList(),
                    "sources",
                    baseline.document().sources(),
                    "method",
                    method());
        }
        Baseline.Industry known = baseline.industry(industry)
                .orElseThrow(() -> new NotFoundException(
                        "industry '" + industry + "' not found; GET /api/benchmark/list lists them"));
        Map<String, Object> answer = compare(known, own, peers.getOrDefault(industry, Map.of()));
        answer.put("project", own);
        answer.put("sources", baseline.document().sources());
        answer.put("method", method());
        return answer;
    }

    /** The project's four figures; run figures are null without finished runs in the window. */
    Map<String, Double> projectFigures(ProjectScope scope) {
        Topology graph = topology.read(scope, Permission.READ);
        Assessment assessment = graph.assess();
        Instant since = clock.instant().minus(WINDOW);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("resilience_score", assessment.roundedScore());
        figures.put(
                "spof_share",
                graph.size() == 0
                        ? 0.0
                        : Scores.round((double) assessment.spofs().size() / graph.size(), 4));
        Double passRate = facts.passRate(scope, since).rate();
        figures.put("run_pass_rate", passRate == null ? null : Scores.round(passRate, 4));
        Double mttr = facts.meanMinutesToRecover(scope, since);
        figures.put("mttr_minutes", mttr == null ? null : Scores.round(mttr, 1));
        return figures;
    }

    private Map<String, Object> compare(
            Baseline.Industry industry, Map<String, Double> own, Map<String, Aggregate> peers) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        int fromPeers = 0;
        for (String metric : Baseline.METRICS) {
            Aggregate aggregate = peers.get(metric);
            Distribution distribution = aggregate != null
                    ? aggregate.distribution()
                    : industry.metrics().get(metric);
            fromPeers += aggregate != null ? 1 : 0;
            Double value = own.get(metric);
            Double rank = null;
            if (value != null) {
                double raw = distribution.rank(value);
                rank = Scores.round(LOWER_IS_BETTER.contains(metric) ? 100 - raw : raw, 1);
            }
            Map<String, Object> entry = row(
                    "metric",
                    metric,
                    "value",
                    value,
                    "better",
                    LOWER_IS_BETTER.contains(metric) ? "lower" : "higher",
                    "percentile",
                    rank,
                    "distribution",
                    row(
                            "p10", round(distribution.p10()),
                            "p25", round(distribution.p25()),
                            "p50", round(distribution.p50()),
                            "p75", round(distribution.p75()),
                            "p90", round(distribution.p90())),
                    "source",
                    aggregate != null ? "peers" : "baseline",
                    "contributors",
                    aggregate != null ? aggregate.contributors() : null);
            metrics.add(entry);
        }
        String source = fromPeers == Baseline.METRICS.size() ? "peers" : fromPeers == 0 ? "baseline" : "mixed";
        return row("industry", industry.industry(), "name", industry.name(), "source", source, "metrics", metrics);
    }

    private Map<String, Map<String, Aggregate>> peers() {
        return store.aggregates().stream()
                .collect(Collectors.groupingBy(
                        Aggregate::industry, Collectors.toMap(Aggregate::metric, aggregate -> aggregate)));
    }

    private String method() {
        return "Project figures: the resilience score and SPOF share (SPOFs ÷ components) of the current topology;"
                + " the run pass rate over " + WINDOW.toDays() + " days (completed without a failed fault, against"
                + " those plus failed ones; aborted and stopped runs left out); the mean minutes from a failed run's"
                + " end to the next passing run of the same experiment. Percentile: the project's place in the"
                + " industry's distribution, linear between p10, p25, p50, p75 and p90, turned round where lower is"
                + " better, so that a higher percentile is always better. Distributions: peers where at least "
                + PeerAggregateJob.MIN_ACCOUNTS + " opted-in accounts of the industry contribute (recomputed by a job"
                + " from aggregates only), else the built-in baseline (version "
                + baseline.document().version()
                + "): " + baseline.document().note();
    }

    @Transactional(readOnly = true)
    Map<String, Object> setting() {
        Caller caller = guard.require(Permission.READ, ResourceScope.account(), "account");
        return store.setting(caller.accountId())
                .map(BenchmarkService::view)
                .orElseGet(() -> row("industry", null, "opt_in", false, "updated_by", null, "updated_at", null));
    }

    @Transactional
    Map<String, Object> saveSetting(String industry, Boolean optIn) {
        Caller caller = guard.require(Permission.MANAGE, ResourceScope.account(), "account");
        List<FieldProblem> problems = new ArrayList<>();
        if (industry == null || industry.isBlank()) {
            problems.add(new FieldProblem("industry", "is required: one of " + names()));
        } else if (baseline.industry(industry).isEmpty()) {
            problems.add(new FieldProblem("industry", "must be one of " + names()));
        }
        if (optIn == null) {
            problems.add(new FieldProblem("opt_in", "is required: true to contribute to the peer aggregates"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Setting setting = new Setting(industry, optIn, caller.actor(), clock.instant());
        store.save(caller.accountId(), setting);
        return view(setting);
    }

    private String names() {
        return baseline.industries().stream()
                .map(Baseline.Industry::industry)
                .toList()
                .toString();
    }

    private static Map<String, Object> view(Setting setting) {
        return row(
                "industry", setting.industry(),
                "opt_in", setting.optIn(),
                "updated_by", setting.updatedBy(),
                "updated_at", setting.updatedAt());
    }

    private static double round(double value) {
        return Scores.round(value, 4);
    }

    /** An ordered map that keeps nulls, which {@code Map.of} refuses. */
    static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
