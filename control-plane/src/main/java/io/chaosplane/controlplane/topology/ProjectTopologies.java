package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.topology.Topology;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one reader of a project's topology as simulations see it (what was found, with its labels and the overrides
 * over it): this package's routes, the analyses (advice, cost, benchmark) and incident replay all read it here, so
 * the caller's right and the project's existence are checked the same way everywhere.
 */
@Component
public class ProjectTopologies {

    private final TopologyStore store;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;

    ProjectTopologies(TopologyStore store, AccessGuard guard, ScopeDirectory scopes) {
        this.store = store;
        this.guard = guard;
        this.scopes = scopes;
    }

    /** The graph, once the caller holds {@code permission} in the project (403) and the project exists (404). */
    @Transactional(readOnly = true)
    public Topology read(ProjectScope scope, Permission permission) {
        guard.require(permission, scope, scope.toString());
        scopes.requireExists(scope);
        return store.load(scope);
    }

    /**
     * The graph for a badge: no caller, the badge token having been checked instead; runs in the token's account
     * (row-level security binds it there).
     */
    @Transactional(readOnly = true)
    public Topology readForBadge(ProjectScope scope) {
        return store.load(scope);
    }
}
