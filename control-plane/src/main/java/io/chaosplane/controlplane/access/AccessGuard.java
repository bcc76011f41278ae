package io.chaosplane.controlplane.access;

import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.UnauthorizedException;
import org.springframework.stereotype.Component;

/**
 * The one place that decides whether the caller may do something somewhere. A scope the caller cannot see
 * answers 404, as if it did not exist; a scope it sees with too weak a role answers 403.
 */
@Component
public class AccessGuard {

    private final CallerContext callers;

    AccessGuard(CallerContext callers) {
        this.callers = callers;
    }

    public Caller caller() {
        return callers.current().orElseThrow(() -> new UnauthorizedException("authentication required"));
    }

    /**
     * Checks the caller's right, and answers the caller.
     *
     * @param what names the object in the 404 message, as "organization 'x'"
     */
    public Caller require(Permission permission, ResourceScope scope, String what) {
        Caller caller = caller();
        if (!caller.canSee(scope)) {
            throw new NotFoundException(what + " not found");
        }
        Role role = caller.roleOver(scope).orElse(null);
        if (role == null || !role.allows(permission)) {
            throw new ForbiddenException("role " + (role == null ? "none" : role.wireName()) + " on " + scope
                    + " may not " + verb(permission) + "; it needs " + needed(permission));
        }
        return caller;
    }

    /** Checks the caller's right in the project, and answers the caller. */
    public Caller require(Permission permission, ProjectScope project, String what) {
        return require(permission, project.resource(), what);
    }

    /** For lists: the caller may know the scope exists (404 if not); what it lists is filtered by grant. */
    public Caller requireVisible(ResourceScope scope, String what) {
        Caller caller = caller();
        if (!caller.canSee(scope)) {
            throw new NotFoundException(what + " not found");
        }
        return caller;
    }

    public boolean canSee(ResourceScope scope) {
        return callers.current().map(caller -> caller.canSee(scope)).orElse(false);
    }

    public boolean allows(Permission permission, ResourceScope scope) {
        return callers.current()
                .flatMap(caller -> caller.roleOver(scope))
                .map(role -> role.allows(permission))
                .orElse(false);
    }

    private static String verb(Permission permission) {
        return switch (permission) {
            case READ -> "read";
            case OPERATE -> "run actions";
            case MANAGE -> "create, change or delete";
        };
    }

    private static String needed(Permission permission) {
        return switch (permission) {
            case READ -> "viewer";
            case OPERATE -> "operator or admin";
            case MANAGE -> "admin";
        };
    }
}
