package io.chaosplane.controlplane.analysis;

import static io.chaosplane.controlplane.analysis.BenchmarkService.row;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.analysis.AnalysisDtos.ChatAnswer;
import io.chaosplane.controlplane.analysis.IntentRecognizer.Intent;
import io.chaosplane.controlplane.analysis.IntentRecognizer.Match;
import io.chaosplane.controlplane.analysis.IntentRecognizer.Name;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.topology.Assessment;
import io.chaosplane.topology.Assessment.ComponentRisk;
import io.chaosplane.topology.Availability;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.CostModel;
import io.chaosplane.topology.Health;
import io.chaosplane.topology.Scores;
import io.chaosplane.topology.SimulationResult;
import io.chaosplane.topology.Topology;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chat: a question recognised by rules over the project's own names ({@link IntentRecognizer}) and answered
 * from the project's data, with the data and how it was computed. No language model is involved.
 */
@Service
class ChatService {

    static final int MAX_QUESTION = 500;
    static final double DEFAULT_REVENUE_PER_HOUR = 10_000;
    private static final Pattern REVENUE = Pattern.compile(
            "\\$?\\s*+(\\d[\\d,]*+(?:\\.\\d++)?+)\\s*+(k)?+\\s*+(?:/\\s*h(?:our|r)?\\b|per\\s+hour|an\\s+hour|a\\s+hour|hourly)",
            Pattern.CASE_INSENSITIVE);

    private final AdviceService advice;
    private final ProjectFacts facts;
    private final Clock clock;

    ChatService(AdviceService advice, ProjectFacts facts, Clock clock) {
        this.advice = advice;
        this.facts = facts;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    ChatAnswer ask(ProjectScope scope, String question) {
        if (question == null || question.isBlank()) {
            throw InvalidInputException.of("question", "is required: a question about the project");
        }
        if (question.length() > MAX_QUESTION) {
            throw InvalidInputException.of("question", "must be at most " + MAX_QUESTION + " characters");
        }
        Availability availability = advice.availability(scope); // checks the caller may read the project
        Topology graph = availability.topology();
        Match match = IntentRecognizer.recognize(question, names(scope, graph));
        Optional<Component> component = match.entity()
                .filter(name -> name.kind().equals("component"))
                .flatMap(name -> graph.component(name.id()));
        Intent intent =
                match.intent() == Intent.UNKNOWN && component.isPresent() ? Intent.FAILURE_IMPACT : match.intent();
        return switch (intent) {
            case SINGLE_POINTS_OF_FAILURE -> spofs(graph);
            case FAILURE_IMPACT -> impact(graph, component);
            case FAILURE_COST -> cost(availability, component, revenue(question));
            case SCORE_TREND -> score(scope, graph);
            case FAILED_RUNS -> failedRuns(scope, graph);
            case NEXT_RUNS -> nextRuns(scope, graph);
            case DISCONNECTED_INFRASTRUCTURES -> disconnected(scope, graph);
            case COMPLIANCE -> compliance(scope, graph);
            case RISKIEST_COMPONENTS -> riskiest(graph);
            case UNKNOWN -> unknown(graph);
        };
    }

    private List<Name> names(ProjectScope scope, Topology graph) {
        List<Name> names = new ArrayList<>();
        for (Component c : graph.components()) {
            names.add(new Name("component", c.id(), c.id()));
            names.add(new Name("component", c.id(), c.name()));
        }
        facts.experimentNames(scope).forEach(name -> names.add(new Name("experiment", name, name)));
        facts.infrastructures(scope).forEach(infra -> {
            names.add(new Name("infrastructure", infra.identifier(), infra.identifier()));
            names.add(new Name("infrastructure", infra.identifier(), infra.name()));
        });
        return names;
    }

    private ChatAnswer spofs(Topology graph) {
        Assessment assessment = graph.assess();
        List<Map<String, Object>> spofs = assessment.spofs().stream()
                .map(id -> {
                    ComponentRisk risk = assessment.risk(id);
                    return row(
                            "id", id,
                            "name", graph.component(id).orElseThrow().name(),
                            "risk_level", risk.riskLevel().wireName(),
                            "impact", Scores.round(risk.impact(), 2));
                })
                .toList();
        String answer = spofs.isEmpty()
                ? "There is no single point of failure: losing one instance of any component takes no other down."
                : spofs.size() + " single point" + (spofs.size() == 1 ? "" : "s") + " of failure: "
                        + String.join(", ", assessment.spofs()) + ". Losing one instance of "
                        + (spofs.size() == 1 ? "it" : "each") + " takes it and another component down.";
        String first =
                assessment.spofs().isEmpty() ? top(graph) : assessment.spofs().getFirst();
        return answer(
                Intent.SINGLE_POINTS_OF_FAILURE,
                answer,
                row(
                        "spofs",
                        spofs,
                        "method",
                        "The topology's assessment, as GET /api/topology marks is_spof: each component"
                                + " loses one instance in the simulation; a SPOF goes down and takes another"
                                + " component down with it."),
                List.of(
                        Intent.FAILURE_IMPACT.example(first),
                        Intent.FAILURE_COST.example(first),
                        "how do we reach 4 nines? (GET /api/architecture-advice)"));
    }

    private ChatAnswer impact(Topology graph, Optional<Component> component) {
        if (component.isEmpty()) {
            return whichComponent(Intent.FAILURE_IMPACT, graph);
        }
        Component c = component.get();
        SimulationResult result = graph.simulateFailure(c.id());
        List<String> down = affected(result, Health.DOWN);
        List<String> degraded = affected(result, Health.DEGRADED);
        String answer = result.totalAffected() == 0
                ? "If " + c.name() + " fails (all " + c.replicas() + " replica(s) lost), no other component is"
                        + " affected" + (result.stateOf(c.id()) == Health.DEGRADED ? ": its failover takes over." : ".")
                : "If " + c.name() + " fails (all " + c.replicas() + " replica(s) lost), " + result.totalAffected()
                        + " other component(s) are affected"
                        + (down.isEmpty() ? "" : ": down " + String.join(", ", down))
                        + (degraded.isEmpty()
                                ? ""
                                : (down.isEmpty() ? ": " : "; ") + "degraded " + String.join(", ", degraded))
                        + ". Recovery: about " + result.recoveryTimeEstimate() + ".";
        List<Map<String, Object>> waves = result.waves().stream()
                .map(wave -> row(
                        "wave", wave.wave(),
                        "components",
                                wave.components().stream()
                                        .map(impact -> row(
                                                "id", impact.id(),
                                                "health", impact.health().wireName(),
                                                "reason", impact.reason()))
                                        .toList()))
                .toList();
        return answer(
                Intent.FAILURE_IMPACT,
                answer,
                row(
                        "component", c.id(),
                        "total_affected", result.totalAffected(),
                        "blast_radius_score", Scores.round(result.blastRadius(), 2),
                        "recovery_time_estimate", result.recoveryTimeEstimate(),
                        "waves", waves,
                        "method",
                                "POST /api/simulate-failure/" + c.id() + ": every instance lost, the cascade"
                                        + " along the dependencies in waves."),
                List.of(
                        Intent.FAILURE_COST.example(c.id()),
                        Intent.SINGLE_POINTS_OF_FAILURE.example(""),
                        Intent.RISKIEST_COMPONENTS.example("")));
    }

    private static List<String> affected(SimulationResult result, Health health) {
        return result.states().entrySet().stream()
                .filter(entry -> !entry.getKey().equals(result.rootCause()) && entry.getValue() == health)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private ChatAnswer cost(Availability availability, Optional<Component> component, double revenuePerHour) {
        List<CostModel.Line> lines = CostModel.lines(availability, revenuePerHour);
        String method = "As GET /api/cost-attribution computes it at " + money(revenuePerHour) + " per hour (the"
                + " question's figure per hour, else " + money(DEFAULT_REVENUE_PER_HOUR) + "): expected downtime"
                + " (1 − own availability) · 8760 h × the share of entry-point traffic its failure takes down ×"
                + " revenue per hour.";
        if (lines.isEmpty()) {
            return answer(
                    Intent.FAILURE_COST,
                    "The project has no topology yet, so no failure has a cost.",
                    row("components", List.of(), "method", method),
                    List.of(Intent.SINGLE_POINTS_OF_FAILURE.example("")));
        }
        if (component.isPresent()) {
            String id = component.get().id();
            CostModel.Line line = lines.stream()
                    .filter(l -> l.component().equals(id))
                    .findFirst()
                    .orElseThrow();
            return answer(
                    Intent.FAILURE_COST,
                    "Failures of " + component.get().name() + " cost about " + money(line.costPerYear())
                            + " a year: " + hours(line.downtimeHoursPerYear()) + " h of expected downtime × "
                            + Scores.round(line.trafficShare(), 2) + " of the traffic × " + money(revenuePerHour)
                            + " per hour.",
                    row("component", costRow(line), "revenue_per_hour", revenuePerHour, "method", method),
                    List.of(Intent.FAILURE_IMPACT.example(id), "what would fix it? (GET /api/cost-attribution)"));
        }
        List<CostModel.Line> top = lines.stream().limit(3).toList();
        return answer(
                Intent.FAILURE_COST,
                "Failures cost about " + money(CostModel.total(lines)) + " a year in all; most: "
                        + top.stream()
                                .map(l -> l.component() + " " + money(l.costPerYear()))
                                .collect(Collectors.joining(", "))
                        + ".",
                row(
                        "total_cost_per_year",
                        Scores.round(CostModel.total(lines), 2),
                        "components",
                        top.stream().map(ChatService::costRow).toList(),
                        "revenue_per_hour",
                        revenuePerHour,
                        "method",
                        method),
                List.of(Intent.FAILURE_COST.example(top.getFirst().component())));
    }

    private static Map<String, Object> costRow(CostModel.Line line) {
        return row(
                "id", line.component(),
                "downtime_hours_per_year", Scores.round(line.downtimeHoursPerYear(), 3),
                "traffic_share", Scores.round(line.trafficShare(), 4),
                "cost_per_year", Scores.round(line.costPerYear(), 2));
    }

    private ChatAnswer score(ProjectScope scope, Topology graph) {
        Assessment assessment = graph.assess();
        List<ProjectFacts.ScorePoint> history = facts.scoreHistory(scope, 10);
        String trend = "";
        Double change = null;
        if (history.size() >= 2) {
            ProjectFacts.ScorePoint first = history.getFirst();
            change = Scores.round(history.getLast().score() - first.score(), 1);
            trend = change == 0
                    ? " It has not changed over the last " + history.size() + " revisions."
                    : " Over the last " + history.size() + " revisions it " + (change > 0 ? "rose" : "fell") + " by "
                            + Math.abs(change) + " (from " + first.score() + " at revision " + first.revision() + ").";
        } else if (history.size() == 1) {
            trend = " There is one revision so far, so no trend yet.";
        }
        return answer(
                Intent.SCORE_TREND,
                "The resilience score is " + assessment.roundedScore() + " with "
                        + assessment.spofs().size() + " single point(s) of failure." + trend,
                row(
                        "resilience_score", assessment.roundedScore(),
                        "spofs", assessment.spofs().size(),
                        "change", change,
                        "history",
                                history.stream()
                                        .map(p -> row(
                                                "revision", p.revision(),
                                                "timestamp", p.at(),
                                                "resilience_score", p.score(),
                                                "spofs", p.spofs()))
                                        .toList(),
                        "method",
                                "100 · (1 − mean impact of losing one instance), as GET /api/topology shows it;"
                                        + " the trend from the last 10 revisions (GET /api/score-history), oldest first."),
                List.of(Intent.SINGLE_POINTS_OF_FAILURE.example(""), Intent.RISKIEST_COMPONENTS.example("")));
    }

    private ChatAnswer failedRuns(ProjectScope scope, Topology graph) {
        List<ProjectFacts.FailedRun> runs = facts.lastFailedRuns(scope, 5);
        String answer;
        if (runs.isEmpty()) {
            answer = "No run has failed: every finished run completed without a failed fault.";
        } else {
            ProjectFacts.FailedRun last = runs.getFirst();
            answer = runs.size() + " recent failed run(s). The last: " + last.experiment() + " #" + last.runSequence()
                    + " (" + last.phase() + ", " + last.finishedAt() + "): " + why(last) + ".";
        }
        return answer(
                Intent.FAILED_RUNS,
                answer,
                row(
                        "runs",
                        runs.stream()
                                .map(run -> row(
                                        "run_id", run.runId(),
                                        "experiment", run.experiment(),
                                        "run_sequence", run.runSequence(),
                                        "phase", run.phase(),
                                        "finished_at", run.finishedAt(),
                                        "faults_failed", run.faultsFailed(),
                                        "why", why(run)))
                                .toList(),
                        "method",
                        "The project's last five finished runs that failed (phase Failed, or Completed with"
                                + " a failed fault), newest first; why: the first fault with an error or a failed"
                                + " verdict, else the run's message."),
                List.of(Intent.NEXT_RUNS.example(""), Intent.SCORE_TREND.example("")));
    }

    private static String why(ProjectFacts.FailedRun run) {
        if (run.faultReason() != null && !run.faultReason().isBlank()) {
            return run.faultReason();
        }
        if (run.message() != null && !run.message().isBlank()) {
            return run.message();
        }
        return run.faultsFailed() + " fault(s) failed their probes";
    }

    private ChatAnswer nextRuns(ProjectScope scope, Topology graph) {
        List<ProjectFacts.Upcoming> next = facts.nextScheduled(scope, 5);
        String answer = next.isEmpty()
                ? "Nothing is scheduled in this project."
                : "Next: " + next.getFirst().test() + " (experiment "
                        + next.getFirst().experiment() + ") at "
                        + next.getFirst().dueAt() + (next.size() > 1 ? "; then " + (next.size() - 1) + " more." : ".");
        return answer(
                Intent.NEXT_RUNS,
                answer,
                row(
                        "upcoming",
                        next.stream()
                                .map(u -> row(
                                        "test", u.test(),
                                        "experiment", u.experiment(),
                                        "cron", u.cron(),
                                        "timezone", u.timezone(),
                                        "due_at", u.dueAt()))
                                .toList(),
                        "method",
                        "The project's scheduled tests by their next occurrence (the schedule queue),"
                                + " soonest first, five at most."),
                List.of(Intent.FAILED_RUNS.example(""), Intent.DISCONNECTED_INFRASTRUCTURES.example("")));
    }

    private ChatAnswer disconnected(ProjectScope scope, Topology graph) {
        List<ProjectFacts.Infrastructure> all = facts.infrastructures(scope);
        List<ProjectFacts.Infrastructure> off = all.stream()
                .filter(infra -> !infra.status().equals("CONNECTED"))
                .toList();
        String answer = all.isEmpty()
                ? "The project has no infrastructure yet."
                : off.isEmpty()
                        ? "All " + all.size() + " infrastructure(s) are connected."
                        : off.size() + " of " + all.size() + " infrastructure(s) are not connected: "
                                + off.stream()
                                        .map(infra -> infra.identifier() + " ("
                                                + infra.status().toLowerCase(Locale.ROOT) + ")")
                                        .collect(Collectors.joining(", "))
                                + ".";
        return answer(
                Intent.DISCONNECTED_INFRASTRUCTURES,
                answer,
                row(
                        "infrastructures",
                        off.stream()
                                .map(infra -> row(
                                        "identifier", infra.identifier(),
                                        "name", infra.name(),
                                        "type", infra.type(),
                                        "status", infra.status(),
                                        "last_heartbeat_at", infra.lastHeartbeatAt()))
                                .toList(),
                        "connected",
                        all.size() - off.size(),
                        "total",
                        all.size(),
                        "method",
                        "The project's infrastructures whose status is not CONNECTED: DISCONNECTED"
                                + " when its agent stopped heartbeating, PENDING before it ever connected."),
                List.of(Intent.NEXT_RUNS.example(""), Intent.FAILED_RUNS.example("")));
    }

    private ChatAnswer compliance(ProjectScope scope, Topology graph) {
        ProjectFacts.Governance governance = facts.governance(scope, clock.instant());
        return answer(
                Intent.COMPLIANCE,
                "ChaosPlane has no compliance feature: it maps nothing to SOC 2, ISO 27001 or another framework. What"
                        + " it has are guardrails: " + governance.policies() + " policy(ies), "
                        + governance.enabledPolicies() + " enabled; " + governance.awaitingApproval()
                        + " run(s) awaiting approval; " + governance.approvedLast30Days()
                        + " approved in the last 30 days.",
                row(
                        "compliance_feature", false,
                        "policies", governance.policies(),
                        "enabled_policies", governance.enabledPolicies(),
                        "runs_awaiting_approval", governance.awaitingApproval(),
                        "runs_approved_last_30_days", governance.approvedLast30Days(),
                        "method",
                                "Counted from the project's policies and its runs' approvals; no compliance"
                                        + " framework is evaluated, since none exists in ChaosPlane."),
                List.of(Intent.FAILED_RUNS.example(""), Intent.SINGLE_POINTS_OF_FAILURE.example("")));
    }

    private ChatAnswer riskiest(Topology graph) {
        Assessment assessment = graph.assess();
        List<ComponentRisk> top = assessment.risks().values().stream()
                .sorted(Comparator.comparingDouble((ComponentRisk r) -> -r.impact())
                        .thenComparing(r -> !r.spof())
                        .thenComparing(ComponentRisk::id))
                .limit(5)
                .toList();
        String answer = top.isEmpty()
                ? "The project has no topology yet."
                : "Riskiest: "
                        + top.stream()
                                .map(r -> r.id() + " (" + r.riskLevel().wireName() + ", impact "
                                        + Scores.round(r.impact(), 2) + ")")
                                .collect(Collectors.joining(", "))
                        + ".";
        return answer(
                Intent.RISKIEST_COMPONENTS,
                answer,
                row(
                        "components",
                        top.stream()
                                .map(r -> row(
                                        "id", r.id(),
                                        "risk_level", r.riskLevel().wireName(),
                                        "impact", Scores.round(r.impact(), 4),
                                        "is_spof", r.spof()))
                                .toList(),
                        "method",
                        "The five components whose loss of one instance impairs most others (impact ="
                                + " blast radius), SPOFs first among equals, then by id."),
                top.isEmpty()
                        ? List.of(Intent.SCORE_TREND.example(""))
                        : List.of(
                                Intent.FAILURE_IMPACT.example(top.getFirst().id()),
                                Intent.FAILURE_COST.example(top.getFirst().id())));
    }

    private ChatAnswer whichComponent(Intent intent, Topology graph) {
        List<String> ids = graph.components().stream().map(Component::id).toList();
        return answer(
                intent,
                ids.isEmpty()
                        ? "The project has no topology yet, so there is no component to ask about."
                        : "Which component? Name one of: " + String.join(", ", ids) + ".",
                row("component", null, "components", ids, "method", "No component of the project was named."),
                ids.stream().limit(3).map(intent::example).toList());
    }

    private ChatAnswer unknown(Topology graph) {
        String component = top(graph);
        List<Map<String, Object>> canAnswer = java.util.Arrays.stream(Intent.values())
                .filter(intent -> intent != Intent.UNKNOWN)
                .map(intent -> row("intent", intent.wireName(), "example", intent.example(component)))
                .toList();
        return answer(
                Intent.UNKNOWN,
                "I did not recognise that question. I can answer: single points of failure, what breaks if a"
                        + " component fails, the score and its trend, the last failed runs and why, what runs next,"
                        + " disconnected infrastructures, compliance status, the riskiest components and the cost of"
                        + " a component's failure.",
                row(
                        "can_answer",
                        canAnswer,
                        "method",
                        "Rules and synonyms over the question's words and the project's names, with typo"
                                + " tolerance; nothing matched."),
                canAnswer.stream().map(entry -> (String) entry.get("example")).toList());
    }

    /** The component to use in example questions: the first SPOF, else the first component, else a placeholder. */
    private static String top(Topology graph) {
        if (graph.size() == 0) {
            return "database";
        }
        List<String> spofs = graph.assess().spofs();
        return spofs.isEmpty() ? graph.components().getFirst().id() : spofs.getFirst();
    }

    static double revenue(String question) {
        Matcher matcher = REVENUE.matcher(question);
        if (!matcher.find()) {
            return DEFAULT_REVENUE_PER_HOUR;
        }
        try {
            double value = Double.parseDouble(matcher.group(1).replace(",", ""));
            value = matcher.group(2) != null ? value * 1000 : value;
            return value > 0 && value <= 1e12 ? value : DEFAULT_REVENUE_PER_HOUR;
        } catch (NumberFormatException e) {
            return DEFAULT_REVENUE_PER_HOUR;
        }
    }

    private static ChatAnswer answer(Intent intent, String answer, Map<String, Object> data, List<String> suggestions) {
        return new ChatAnswer(intent.wireName(), answer, data, suggestions);
    }

    private static String money(double value) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    private static String hours(double value) {
        return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }
}
