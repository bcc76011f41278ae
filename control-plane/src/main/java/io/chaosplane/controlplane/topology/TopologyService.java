package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.controlplane.topology.TopologyDtos.EdgeView;
import io.chaosplane.controlplane.topology.TopologyDtos.HistoryView;
import io.chaosplane.controlplane.topology.TopologyDtos.ImpactView;
import io.chaosplane.controlplane.topology.TopologyDtos.Metadata;
import io.chaosplane.controlplane.topology.TopologyDtos.ModificationRequest;
import io.chaosplane.controlplane.topology.TopologyDtos.NodeView;
import io.chaosplane.controlplane.topology.TopologyDtos.SimulationView;
import io.chaosplane.controlplane.topology.TopologyDtos.TopologyView;
import io.chaosplane.controlplane.topology.TopologyDtos.WaveView;
import io.chaosplane.controlplane.topology.TopologyDtos.WhatIfRequest;
import io.chaosplane.controlplane.topology.TopologyDtos.WhatIfView;
import io.chaosplane.controlplane.topology.TopologyStore.Origin;
import io.chaosplane.controlplane.topology.TopologyStore.Revision;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.topology.Assessment;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.InvalidTopologyException;
import io.chaosplane.topology.Modification;
import io.chaosplane.topology.Scores;
import io.chaosplane.topology.SimulationResult;
import io.chaosplane.topology.Topology;
import io.chaosplane.topology.WhatIf;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 002's topology routes in a project: viewers read the graph and its score history, operators simulate
 * failures and what-ifs (nothing stored), admins import. Every change of the graph is a revision.
 */
@Service
public class TopologyService {

    static final int MAX_HISTORY = 100;

    private final TopologyStore store;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final DemoTopology demo;
    private final Clock clock;

    TopologyService(
            TopologyStore store,
            AccessGuard guard,
            ScopeDirectory scopes,
            AuditTrail audit,
            JsonMapper json,
            DemoTopology demo,
            Clock clock) {
        this.store = store;
        this.guard = guard;
        this.scopes = scopes;
        this.audit = audit;
        this.json = json;
        this.demo = demo;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public TopologyView topology(ProjectScope scope) {
        return view(read(scope, Permission.READ));
    }

    /** The project's graph as the engine sees it (overrides applied), for features that analyse it (viewer). */
    @Transactional(readOnly = true)
    public Topology model(ProjectScope scope) {
        return read(scope, Permission.READ);
    }

    /**
     * The project's graph for a badge: no caller, the badge token having been checked instead; runs in the token's
     * account (row-level security binds it there).
     */
    @Transactional(readOnly = true)
    public Topology modelForBadge(ProjectScope scope) {
        return store.load(scope);
    }

    @Transactional(readOnly = true)
    SimulationView simulateFailure(ProjectScope scope, String componentId, Integer replicasLost) {
        Topology topology = read(scope, Permission.OPERATE);
        Component root = topology.component(componentId)
                .orElseThrow(() -> new NotFoundException("component '" + componentId + "' not found"));
        if (replicasLost != null && (replicasLost < 1 || replicasLost > root.replicas())) {
            throw InvalidInputException.of(
                    "replicas_lost",
                    "must be between 1 and " + root.replicas() + ", the replicas of '" + componentId + "'");
        }
        SimulationResult result =
                topology.simulateFailure(componentId, replicasLost == null ? root.replicas() : replicasLost);
        return new SimulationView(
                result.rootCause(),
                result.totalAffected(),
                Scores.round(result.riskScore(), 1),
                result.waves().stream()
                        .map(wave -> new WaveView(
                                wave.wave(),
                                wave.components().stream()
                                        .map(impact -> new ImpactView(
                                                impact.id(), impact.health().wireName(), impact.reason()))
                                        .toList()))
                        .toList(),
                Scores.round(result.blastRadius(), 2),
                result.recoveryTimeEstimate());
    }

    @Transactional(readOnly = true)
    WhatIfView whatIf(ProjectScope scope, WhatIfRequest request) {
        Topology topology = read(scope, Permission.OPERATE);
        WhatIf result;
        try {
            result = WhatIf.of(topology, modifications(request));
        } catch (InvalidTopologyException e) {
            throw TopologyDocument.problems(e);
        }
        return new WhatIfView(
                result.baselineScore(),
                result.resilienceScore(),
                result.delta(),
                result.spofsBefore(),
                result.spofsAfter());
    }

    /** The graph with the modifications applied, as the document an import reads back. */
    @Transactional(readOnly = true)
    TopologyDocument export(ProjectScope scope, WhatIfRequest request) {
        Topology topology = read(scope, Permission.OPERATE);
        try {
            return TopologyDocument.of(topology.modified(modifications(request)));
        } catch (InvalidTopologyException e) {
            throw TopologyDocument.problems(e);
        }
    }

    @Transactional
    TopologyView importDocument(ProjectScope scope, TopologyDocument document) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        Topology topology = document.toTopology();
        Topology result = replace(scope, topology, Origin.IMPORT, caller.actor());
        audit.record(
                "topology.import",
                scope.toString(),
                Map.of(
                        "components",
                        topology.size(),
                        "edges",
                        topology.dependencies().size()));
        return view(result);
    }

    /**
     * Loads the demo into a project that has no topology, or has the demo: a GET a browser may be lured into must
     * not overwrite a graph someone imported or discovered.
     */
    @Transactional
    TopologyView loadDemo(ProjectScope scope) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        store.lock(scope);
        boolean empty = store.load(scope).size() == 0;
        if (!empty
                && store.latestOrigin(scope)
                        .filter(origin -> origin == Origin.DEMO)
                        .isEmpty()) {
            throw new ConflictException("project " + scope + " already has a topology; the demo loads only into a"
                    + " project without one (or over the demo)");
        }
        Topology result = replace(scope, demo.topology(), Origin.DEMO, caller.actor());
        audit.record("topology.demo", scope.toString(), Map.of("components", result.size()));
        return view(result);
    }

    @Transactional(readOnly = true)
    HistoryView history(ProjectScope scope, Integer limit) {
        int count = limit == null ? 30 : limit;
        if (count < 1 || count > MAX_HISTORY) {
            throw InvalidInputException.of("limit", "must be between 1 and " + MAX_HISTORY);
        }
        guard.require(Permission.READ, scope, scope.toString());
        scopes.requireExists(scope);
        return new HistoryView(store.history(scope, count));
    }

    /** Writes an imported graph and records a revision when the graph simulations see has changed. */
    private Topology replace(ProjectScope scope, Topology topology, Origin origin, String actor) {
        store.lock(scope);
        Topology before = store.load(scope);
        Instant now = clock.instant();
        store.replaceImported(scope, topology, actor, now);
        Topology after = store.load(scope);
        if (!after.equals(before)) {
            Assessment assessment = after.assess();
            store.insertRevision(
                    scope,
                    new Revision(
                            store.nextRevision(scope),
                            now,
                            actor,
                            origin,
                            assessment.roundedScore(),
                            after.size(),
                            after.dependencies().size(),
                            assessment.spofs().size(),
                            json.writeValueAsString(TopologyDocument.of(after))));
        }
        return after;
    }

    private Topology read(ProjectScope scope, Permission permission) {
        guard.require(permission, scope, scope.toString());
        scopes.requireExists(scope);
        return store.load(scope);
    }

    private static Map<String, Modification> modifications(WhatIfRequest request) {
        if (request == null || request.modifications() == null) {
            throw InvalidInputException.of("modifications", "is required: a map of component id to modification");
        }
        Map<String, Modification> modifications = new LinkedHashMap<>();
        request.modifications().forEach((id, change) -> {
            ModificationRequest given = change == null ? new ModificationRequest(null, null, null, null) : change;
            modifications.put(
                    id,
                    new Modification(given.replicas(), given.circuitBreaker(), given.failover(), given.autoscaling()));
        });
        return modifications;
    }

    private static TopologyView view(Topology topology) {
        Assessment assessment = topology.assess();
        return new TopologyView(
                topology.components().stream()
                        .map(c -> {
                            Assessment.ComponentRisk risk = assessment.risk(c.id());
                            return new NodeView(
                                    c.id(),
                                    c.name(),
                                    c.type(),
                                    c.replicas(),
                                    c.utilization(),
                                    c.health(),
                                    risk.spof(),
                                    risk.riskLevel().wireName());
                        })
                        .toList(),
                topology.dependencies().stream()
                        .map(d -> new EdgeView(
                                d.source(), d.target(), d.type().wireName(), d.weight(), assessment.isCritical(d)))
                        .toList(),
                new Metadata(topology.size(), topology.dependencies().size(), assessment.roundedScore()));
    }
}
