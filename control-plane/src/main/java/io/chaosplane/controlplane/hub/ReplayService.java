package io.chaosplane.controlplane.hub;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.experiment.ExperimentManifest;
import io.chaosplane.controlplane.hub.ReplayDtos.ImpactView;
import io.chaosplane.controlplane.hub.ReplayDtos.IncidentRef;
import io.chaosplane.controlplane.hub.ReplayDtos.Placement;
import io.chaosplane.controlplane.hub.ReplayDtos.ReplayRequest;
import io.chaosplane.controlplane.hub.ReplayDtos.ReplayView;
import io.chaosplane.controlplane.hub.ReplayDtos.WaveView;
import io.chaosplane.controlplane.hub.ReplayDtos.WorkflowRef;
import io.chaosplane.controlplane.topology.ProjectTopologies;
import io.chaosplane.controlplane.workflow.WorkflowManifest;
import io.chaosplane.controlplane.workflow.WorkflowViews.WorkflowDetail;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import io.chaosplane.topology.Component;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.Health;
import io.chaosplane.topology.Outage;
import io.chaosplane.topology.Scores;
import io.chaosplane.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replays a catalogue incident on a project's topology: the components of its types placed where it struck lose
 * every instance at once, the simulation spreads the cascade, and the answer tells the score during it, its cost
 * and who held and why. Optionally writes (never runs) a workflow that emulates it on a Linux infrastructure.
 */
@Service
class ReplayService {

    /** The clouds where a component's placement decides whether an incident reaches it; vendors' reach everyone. */
    static final Set<String> CLOUDS = Set.of("aws", "gcp", "azure");

    /** The region label Kubernetes puts on nodes, which discovery carries over to the workloads on them. */
    static final String KUBERNETES_REGION = "topology.kubernetes.io/region";

    private static final Pattern PLACE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final IncidentCatalogue catalogue;
    private final ProjectTopologies topologies;
    private final Scenarios scenarios;
    private final ProjectAccess access;

    ReplayService(
            IncidentCatalogue catalogue, ProjectTopologies topologies, Scenarios scenarios, ProjectAccess access) {
        this.catalogue = catalogue;
        this.topologies = topologies;
        this.scenarios = scenarios;
        this.access = access;
    }

    /** The catalogue is the same for everyone, but it is read as the project's: viewers and up of a project. */
    ListResponse<Incident> incidents(ProjectScope scope, String provider, Paging paging) {
        access.require(Permission.READ, scope);
        if (provider != null && !catalogue.providers().contains(provider)) {
            throw InvalidInputException.of("provider", "must be one of " + String.join(", ", catalogue.providers()));
        }
        List<Incident> matching = catalogue.all().stream()
                .filter(incident -> provider == null || incident.provider().equals(provider))
                .toList();
        List<Incident> page =
                matching.stream().skip(paging.offset()).limit(paging.limit()).toList();
        return ListResponse.of("IncidentList", page, matching.size(), paging);
    }

    Incident incident(String id) {
        return catalogue.find(id).orElseThrow(() -> new NotFoundException("incident '" + id + "' not found"));
    }

    @Transactional
    ReplayView replay(ProjectScope scope, String incidentId, ReplayRequest given, boolean experiment) {
        Incident incident = incident(incidentId);
        ReplayRequest request = given == null ? ReplayRequest.empty() : given;
        Topology topology = topologies.read(scope, Permission.OPERATE);
        Placement home = placement(incident, request, topology, experiment);

        Map<String, Integer> struck = new LinkedHashMap<>();
        Map<String, String> outside = new LinkedHashMap<>();
        for (Component component : topology.components()) {
            if (!incident.strikesEveryType() && !incident.componentTypes().contains(component.type())) {
                continue;
            }
            Placement where = where(component, request, home);
            if (reaches(incident, where)) {
                struck.put(component.id(), component.replicas());
            } else {
                outside.put(
                        component.id(),
                        "runs in " + where.provider() + " " + where.region()
                                + ", outside the incident (" + incident.provider() + " "
                                + String.join(", ", incident.affectedRegions()) + ")");
            }
        }
        Outage outage = topology.simulateOutage(struck);

        int n = topology.size();
        long down =
                outage.states().values().stream().filter(h -> h == Health.DOWN).count();
        double impaired =
                outage.states().values().stream().mapToDouble(Health::weight).sum();
        double share = n == 0 ? 0 : impaired / n;
        Double cost = request.revenuePerHour() == null
                ? null
                : Scores.round(request.revenuePerHour() * incident.durationMinutes() / 60.0 * share, 2);

        WorkflowRef workflow = experiment ? emulate(scope, incident, request) : null;
        return new ReplayView(
                new IncidentRef(
                        incident.id(),
                        incident.title(),
                        incident.provider(),
                        incident.date(),
                        incident.durationMinutes(),
                        incident.postmortemUrl()),
                home,
                List.copyOf(struck.keySet()),
                outage.waves().stream()
                        .map(wave -> new WaveView(
                                wave.wave(),
                                wave.components().stream()
                                        .map(impact -> new ImpactView(
                                                impact.id(), impact.health().wireName(), impact.reason()))
                                        .toList()))
                        .toList(),
                outage.states().size(),
                (int) down,
                topology.assess().roundedScore(),
                Scores.round(100 * (1 - share), 1),
                Scores.round(share, 2),
                outage.states().isEmpty() ? "0 minutes" : outage.recoveryTimeEstimate(),
                request.revenuePerHour(),
                cost,
                survivors(topology, outage, outside),
                workflow,
                "The incident strikes the components of its types (" + String.join(", ", incident.componentTypes())
                        + ") placed where it struck (placements, else their provider and region labels, else the"
                        + " project's placement); each loses every instance (failover keeps it degraded), and"
                        + " the failure simulation spreads from them wave by wave. resilience_score = 100 · (1 −"
                        + " (down + ½ degraded) ÷ " + n + " components); estimated_cost = revenue_per_hour · "
                        + incident.durationMinutes() + " min ÷ 60 · that impaired share.");
    }

    /**
     * Where a component runs: where the request places it, else where its labels say (discovery's provider and
     * region, or Kubernetes' topology.kubernetes.io/region), completed by the project's placement, else the
     * project's placement.
     */
    static Placement where(Component component, ReplayRequest request, Placement home) {
        if (request.placements() != null && request.placements().containsKey(component.id())) {
            return request.placements().get(component.id());
        }
        String provider = component.label(Component.PROVIDER);
        String region = component.label(Component.REGION) != null
                ? component.label(Component.REGION)
                : component.label(KUBERNETES_REGION);
        if (provider == null && region == null) {
            return home;
        }
        return new Placement(
                provider == null ? home.provider() : provider.toLowerCase(Locale.ROOT),
                region == null ? home.region() : region.toLowerCase(Locale.ROOT));
    }

    /** Whether the incident reaches a component placed there: vendors' incidents reach every user of the vendor. */
    private static boolean reaches(Incident incident, Placement where) {
        if (!CLOUDS.contains(incident.provider())) {
            return true;
        }
        return incident.provider().equals(where.provider())
                && (incident.global() || incident.affectedRegions().contains(where.region()));
    }

    /** The project's placement, by default where the incident struck; every named component must exist. */
    private static Placement placement(
            Incident incident, ReplayRequest request, Topology topology, boolean experiment) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.revenuePerHour() != null
                && (request.revenuePerHour().isNaN()
                        || request.revenuePerHour() <= 0
                        || request.revenuePerHour().isInfinite())) {
            problems.add(new FieldProblem("revenue_per_hour", "must be a number above 0"));
        }
        Placement struck = new Placement(
                incident.provider(),
                incident.global() ? "global" : incident.affectedRegions().getFirst());
        Placement home = request.placement() == null ? struck : complete(request.placement(), struck);
        check("placement", request.placement(), problems);
        if (request.placements() != null) {
            request.placements().forEach((id, where) -> {
                if (topology.component(id).isEmpty()) {
                    problems.add(new FieldProblem("placements." + id, "no component '" + id + "' in the topology"));
                } else if (where == null) {
                    problems.add(new FieldProblem("placements." + id, "must name a provider and a region"));
                } else {
                    check("placements." + id, where, problems);
                }
            });
        }
        if (experiment
                && (request.infrastructure() == null || request.infrastructure().isBlank())) {
            problems.add(new FieldProblem(
                    "infrastructure", "is required with experiment=true: the Linux infrastructure to emulate on"));
        }
        if (request.hosts() != null
                && (request.hosts().isEmpty() || request.hosts().size() > 50)) {
            problems.add(new FieldProblem("hosts", "must name 1 to 50 hosts"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return home;
    }

    private static Placement complete(Placement given, Placement struck) {
        return new Placement(
                given.provider() == null ? struck.provider() : given.provider(),
                given.region() == null ? struck.region() : given.region());
    }

    private static void check(String field, Placement where, List<FieldProblem> problems) {
        if (where == null) {
            return;
        }
        if (where.provider() != null && !PLACE.matcher(where.provider()).matches()) {
            problems.add(new FieldProblem(field + ".provider", "must be a lower-case provider name, as aws"));
        }
        if (where.region() != null && !PLACE.matcher(where.region()).matches()) {
            problems.add(new FieldProblem(field + ".region", "must be a lower-case region name, as us-east-1"));
        }
    }

    private static List<ImpactView> survivors(Topology topology, Outage outage, Map<String, String> outside) {
        List<ImpactView> held = new ArrayList<>();
        for (Component component : topology.components()) {
            Health health = outage.stateOf(component.id());
            if (health == Health.DOWN) {
                continue;
            }
            String reason;
            if (health == Health.DEGRADED) {
                reason = outage.waves().stream()
                        .flatMap(wave -> wave.components().stream())
                        .filter(impact -> impact.id().equals(component.id()))
                        .findFirst()
                        .orElseThrow()
                        .reason();
            } else if (outside.containsKey(component.id())) {
                reason = outside.get(component.id());
            } else {
                List<String> degraded = topology.dependencies().stream()
                        .filter(edge -> edge.source().equals(component.id()))
                        .map(Dependency::target)
                        .filter(target -> outage.stateOf(target) == Health.DEGRADED)
                        .toList();
                reason = degraded.isEmpty()
                        ? "not of an affected type, and none of its dependencies went down"
                        : "not of an affected type; its dependencies " + String.join(", ", degraded)
                                + " only degraded, which does not spread";
            }
            held.add(new ImpactView(component.id(), health.wireName(), reason));
        }
        return held;
    }

    /**
     * An experiment that emulates the incident towards its hosts and a workflow that waits for a review before it
     * runs it; writing them again replaces them.
     */
    private WorkflowRef emulate(ProjectScope scope, Incident incident, ReplayRequest request) {
        String namespace = request.namespace() == null ? "default" : request.namespace();
        String name = ("replay-" + incident.id()).toLowerCase(Locale.ROOT);
        List<String> hosts = request.hosts() == null ? incident.emulation().hosts() : request.hosts();
        String parameter = incident.emulation().fault().equals("linux-dns-error") ? "HostNames" : "DestinationHosts";
        ExperimentManifest manifest = new ExperimentManifest(
                ExperimentManifest.API_VERSION,
                ExperimentManifest.KIND,
                new ExperimentManifest.Metadata(name, namespace, Map.of("chaosplane.io/incident", incident.id()), null),
                new ExperimentManifest.Spec(
                        new ExperimentManifest.Target("Linux", null, null, request.infrastructure()),
                        new ExperimentManifest.Action(
                                incident.emulation().fault(), Map.of(parameter, String.join(",", hosts))),
                        request.duration() == null ? "60s" : request.duration(),
                        null,
                        null,
                        null));
        scenarios.apply(scope, manifest);
        WorkflowManifest workflow = new WorkflowManifest(
                WorkflowManifest.API_VERSION,
                WorkflowManifest.KIND,
                new WorkflowManifest.Metadata(name, namespace, Map.of()),
                new WorkflowManifest.Spec(
                        "emulate",
                        List.of(new WorkflowManifest.Template(
                                "emulate",
                                "Experiment",
                                null,
                                new WorkflowManifest.ExperimentRef(name, namespace),
                                null,
                                null))));
        boolean existed = scenarios.workflow(scope, namespace, name).isPresent();
        WorkflowDetail created = scenarios.replace(scope, workflow);
        return new WorkflowRef(
                namespace,
                name,
                name,
                !existed,
                created.status() == null ? null : created.status().phase());
    }
}
