package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.topology.Topology;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's topology as simulations see it (what was found with the overrides over it), for features that
 * compute on it elsewhere, such as incident replay: the caller's right is checked here as this package's own
 * routes check it.
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

    @Transactional(readOnly = true)
    public Topology read(ProjectScope scope, Permission permission) {
        guard.require(permission, scope, scope.toString());
        scopes.requireExists(scope);
        return store.load(scope);
    }
}
