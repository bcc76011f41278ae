package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.TopologyStore.Origin;
import io.chaosplane.controlplane.topology.TopologyStore.Revision;
import io.chaosplane.topology.Assessment;
import io.chaosplane.topology.Topology;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where discovery writes what it found: it replaces what was found before (whatever found it, an import included),
 * the overrides people set stay and apply over it, and a revision is recorded when the graph simulations see has
 * changed, so that a rediscovery of the same cluster adds none. Discovery agents are authenticated by their own
 * token, not as a person: the caller checks them.
 */
@Component
public class DiscoveredTopologies {

    private final TopologyStore store;
    private final JsonMapper json;
    private final Clock clock;

    DiscoveredTopologies(TopologyStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param actor who found it, for the revision (the discovery agent)
     * @return the topology as simulations now see it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Topology replaceFound(ProjectScope scope, Topology found, String actor) {
        store.lock(scope);
        Topology before = store.load(scope);
        store.replaceFound(scope, found);
        Topology after = store.load(scope);
        if (!after.equals(before)) {
            Instant now = clock.instant();
            Assessment assessment = after.assess();
            store.insertRevision(
                    scope,
                    new Revision(
                            store.nextRevision(scope),
                            now,
                            actor,
                            Origin.DISCOVERY,
                            assessment.roundedScore(),
                            after.size(),
                            after.dependencies().size(),
                            assessment.spofs().size(),
                            json.writeValueAsString(TopologyDocument.of(after))));
        }
        return after;
    }
}
