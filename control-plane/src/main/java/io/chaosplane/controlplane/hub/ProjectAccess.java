package io.chaosplane.controlplane.hub;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import org.springframework.stereotype.Component;

/**
 * The hub routes' one check of who may do what where, made as the experiment service makes it: in a project, the
 * caller's role there (404 when the caller cannot see the project, 403 when the role is too weak) and then the
 * project's existence (404); over the account's hubs, an account admin.
 */
@Component
class ProjectAccess {

    private final AccessGuard guard;
    private final ScopeDirectory scopes;

    ProjectAccess(AccessGuard guard, ScopeDirectory scopes) {
        this.guard = guard;
        this.scopes = scopes;
    }

    Caller require(Permission permission, ProjectScope scope) {
        Caller caller = guard.require(permission, scope, scope.toString());
        scopes.requireExists(scope);
        return caller;
    }

    Caller requireAccountAdmin() {
        return guard.require(Permission.MANAGE, ResourceScope.account(), "account");
    }
}
