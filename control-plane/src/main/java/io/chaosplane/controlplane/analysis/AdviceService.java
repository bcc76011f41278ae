package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.analysis.AnalysisDtos.AdviceView;
import io.chaosplane.controlplane.analysis.AnalysisDtos.ChangeView;
import io.chaosplane.controlplane.analysis.AnalysisDtos.ComponentAvailability;
import io.chaosplane.controlplane.analysis.AnalysisDtos.ComponentCost;
import io.chaosplane.controlplane.analysis.AnalysisDtos.CostView;
import io.chaosplane.controlplane.analysis.AnalysisDtos.FixView;
import io.chaosplane.controlplane.analysis.AnalysisDtos.TeamCost;
import io.chaosplane.controlplane.analysis.AnalysisDtos.TeamView;
import io.chaosplane.controlplane.topology.ProjectTopologies;
import io.chaosplane.controlplane.topology.TopologyDtos.ModificationRequest;
import io.chaosplane.controlplane.topology.TopologyDtos.WhatIfRequest;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.topology.Advisor;
import io.chaosplane.topology.Availability;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.CostModel;
import io.chaosplane.topology.Modification;
import io.chaosplane.topology.RunOutcomes;
import io.chaosplane.topology.Scores;
import io.chaosplane.topology.Topology;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Architecture advice and cost attribution over the project's graph and measured run outcomes (viewer reads). */
@Service
class AdviceService {

    static final double DEFAULT_TARGET_NINES = 4.0;
    static final String UNASSIGNED = "unassigned";
    private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}");

    static final String AVAILABILITY_METHOD = "An instance is up " + Availability.INSTANCE_AVAILABILITY * 100
            + " % of the time, less in proportion to the share of the component's finished runs that failed (an"
            + " experiment counts for a component when its name contains the component's id): q = 0.01 · (1 +"
            + " failed share). A component of r replicas: 1 − q^r (one more with failover; (1 − q)^r when losing one"
            + " overloads the rest). The system: the product over the entry points and everything they reach"
            + " through hard edges and soft edges without a circuit breaker, each counted once. Changes are chosen"
            + " greedily, the one raising the estimate most first (ties: add_replicas, failover, circuit_breaker,"
            + " autoscaling, then component id), at most " + Advisor.MAX_REPLICAS + " replicas, at most "
            + Advisor.MAX_STEPS + " changes.";

    private final ProjectTopologies topology;
    private final ProjectFacts facts;
    private final AccessGuard guard;
    private final Clock clock;

    AdviceService(ProjectTopologies topology, ProjectFacts facts, AccessGuard guard, Clock clock) {
        this.topology = topology;
        this.facts = facts;
        this.guard = guard;
        this.clock = clock;
    }

    /** The graph and its measured outcomes, as every analysis reads them. */
    @Transactional(readOnly = true)
    Availability availability(ProjectScope scope) {
        Topology graph = topology.read(scope, Permission.READ);
        return Availability.of(graph, outcomesByComponent(graph, facts.outcomesByExperiment(scope)));
    }

    @Transactional(readOnly = true)
    AdviceView advice(ProjectScope scope, Double targetNines) {
        double target = targetNines == null ? DEFAULT_TARGET_NINES : targetNines;
        if (!(target > 0 && target <= 6)) {
            throw InvalidInputException.of("target_nines", "must be above 0 and at most 6");
        }
        Availability availability = availability(scope);
        Advisor.Advice advice = Advisor.advise(availability, target);
        Set<String> critical = availability.criticalPath();
        List<ComponentAvailability> components = availability.topology().components().stream()
                .map(c -> {
                    RunOutcomes runs = availability.measured().getOrDefault(c.id(), RunOutcomes.NONE);
                    return new ComponentAvailability(
                            c.id(),
                            c.replicas(),
                            fraction(availability.own(c.id())),
                            critical.contains(c.id()),
                            runs.passed(),
                            runs.failed());
                })
                .toList();
        List<ChangeView> changes = advice.steps().stream()
                .map(step -> new ChangeView(
                        step.rank(),
                        step.change().component(),
                        step.change().kind().wireName(),
                        step.change().description(),
                        fraction(step.availabilityAfter()),
                        nines(step.ninesAfter()),
                        whatIf(Map.of(step.change().component(), step.change().modification()))))
                .toList();
        return new AdviceView(
                target,
                fraction(advice.availability()),
                nines(advice.nines()),
                advice.reached(),
                advice.reason(),
                availability.entryPoints(),
                List.copyOf(critical),
                components,
                changes,
                fraction(advice.finalAvailability()),
                nines(advice.finalNines()),
                whatIf(advice.modifications()),
                AVAILABILITY_METHOD);
    }

    @Transactional(readOnly = true)
    CostView cost(ProjectScope scope, Double revenuePerHour) {
        if (revenuePerHour == null) {
            throw InvalidInputException.of("revenue_per_hour", "is required: the revenue per hour, above 0");
        }
        if (!(revenuePerHour > 0) || revenuePerHour.isInfinite() || revenuePerHour > 1e12) {
            throw InvalidInputException.of("revenue_per_hour", "must be above 0 and at most 1e12");
        }
        Availability availability = availability(scope);
        Map<String, String> teams = teams(availability.topology(), facts.teams(scope));
        List<CostModel.Line> lines = CostModel.lines(availability, revenuePerHour);
        List<ComponentCost> components = lines.stream()
                .map(line -> new ComponentCost(
                        line.component(),
                        teams.get(line.component()),
                        fraction(line.ownAvailability()),
                        Scores.round(line.downtimeHoursPerYear(), 3),
                        Scores.round(line.trafficShare(), 4),
                        money(line.costPerYear())))
                .toList();
        Map<String, List<CostModel.Line>> byTeam = new TreeMap<>();
        lines.forEach(line -> byTeam.computeIfAbsent(teams.get(line.component()), k -> new ArrayList<>())
                .add(line));
        List<TeamCost> teamCosts = byTeam.entrySet().stream()
                .map(entry -> new TeamCost(
                        entry.getKey(),
                        entry.getValue().stream()
                                .map(CostModel.Line::component)
                                .sorted()
                                .toList(),
                        money(CostModel.total(entry.getValue()))))
                .sorted(Comparator.comparingDouble(TeamCost::costPerYear)
                        .reversed()
                        .thenComparing(TeamCost::team))
                .toList();
        List<FixView> fixes = CostModel.topFixes(availability, revenuePerHour, 5).stream()
                .map(fix -> new FixView(
                        fix.component(),
                        fix.change().kind().wireName(),
                        fix.change().description(),
                        money(fix.savingPerYear()),
                        money(fix.costAfter()),
                        whatIf(Map.of(fix.component(), fix.change().modification()))))
                .toList();
        return new CostView(
                revenuePerHour,
                money(CostModel.total(lines)),
                components,
                teamCosts,
                fixes,
                "Per component: expected downtime = (1 − its own availability) · 8760 h, its own availability as"
                        + " GET /api/architecture-advice estimates it; traffic share = the entry points (components"
                        + " nobody calls, equally weighted) the simulation of its outage (all instances lost, failover not"
                        + " counted again) leaves down"
                        + " (1) or degraded (½), over their number; cost = downtime · share · revenue per hour. Teams"
                        + " from the override (PUT /api/v1/components/{component_id}/team), else the component's '"
                        + Component.TEAM + "' label (from discovery or the import), else '" + UNASSIGNED + "'."
                        + " Top fixes: per component, the single change (as the advice proposes them) that lowers"
                        + " the total most; the five that save most.");
    }

    @Transactional
    TeamView setTeam(ProjectScope scope, String componentId, String team) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        String value = team == null || team.isBlank() ? null : team.strip();
        if (value != null && !TEAM.matcher(value).matches()) {
            throw InvalidInputException.of(
                    "team", "1 to 63 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
        }
        Topology graph = topology.read(scope, Permission.READ);
        if (graph.component(componentId).isEmpty()) {
            throw new NotFoundException("component '" + componentId + "' not found");
        }
        facts.setTeam(scope, componentId, value, caller.actor(), clock.instant());
        return new TeamView(componentId, value == null ? UNASSIGNED : value);
    }

    /**
     * Each component's team: the override people set wins over the {@code team} label discovery or an import gave
     * it, and a component with neither is {@value #UNASSIGNED}.
     */
    static Map<String, String> teams(Topology graph, Map<String, String> overrides) {
        Map<String, String> teams = new HashMap<>();
        for (Component c : graph.components()) {
            String override = overrides.get(c.id());
            String label = c.label(Component.TEAM);
            teams.put(c.id(), override != null ? override : label != null ? label : UNASSIGNED);
        }
        return teams;
    }

    /** Whether an experiment targets a component: its name holds the component's id as a whole word. */
    static boolean targets(String componentId, String experimentName) {
        Pattern word = Pattern.compile(
                "(^|[^a-z0-9])" + Pattern.quote(componentId.toLowerCase(Locale.ROOT)) + "($|[^a-z0-9])");
        return word.matcher(experimentName.toLowerCase(Locale.ROOT)).find();
    }

    /** Each component's measured outcomes: those of the experiments whose name contains its id as a whole word. */
    static Map<String, RunOutcomes> outcomesByComponent(Topology graph, Map<String, RunOutcomes> byExperiment) {
        Map<String, RunOutcomes> result = new HashMap<>();
        for (Component c : graph.components()) {
            Pattern word =
                    Pattern.compile("(^|[^a-z0-9])" + Pattern.quote(c.id().toLowerCase(Locale.ROOT)) + "($|[^a-z0-9])");
            byExperiment.forEach((name, runs) -> {
                if (word.matcher(name.toLowerCase(Locale.ROOT)).find()) {
                    result.merge(c.id(), runs, RunOutcomes::plus);
                }
            });
        }
        return result;
    }

    static WhatIfRequest whatIf(Map<String, Modification> modifications) {
        Map<String, ModificationRequest> body = new LinkedHashMap<>();
        new TreeMap<>(modifications)
                .forEach((id, m) -> body.put(
                        id, new ModificationRequest(m.replicas(), m.circuitBreaker(), m.failover(), m.autoscaling())));
        return new WhatIfRequest(body);
    }

    static double fraction(double value) {
        return Scores.round(value, 8);
    }

    static Double nines(Double value) {
        return value == null ? null : Scores.round(value, 2);
    }

    static double money(double value) {
        return Scores.round(value, 2);
    }
}
