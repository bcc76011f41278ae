package io.chaosplane.controlplane.access;

import java.util.List;
import java.util.UUID;

/**
 * Who makes the current request, for which account, with which grants.
 *
 * @param accountId the account the request works in
 * @param kind a person with a session or an API key
 * @param subjectId the user's or the key's id
 * @param actor how audit records and events name the caller, never a secret
 * @param grants what the caller may do, where
 * @param plan the account's plan, which bounds the request rate
 * @param platformAdmin a person who may change plans and see every account
 */
public record Caller(
        String accountId,
        Kind kind,
        UUID subjectId,
        String actor,
        List<Grant> grants,
        Plan plan,
        boolean platformAdmin) {

    public enum Kind {
        USER,
        API_KEY,
        /** A workflow acting for its project when it starts and aborts the runs of its steps. */
        WORKFLOW,
        /** A scheduled test acting for its project when it starts and aborts its runs. */
        SCHEDULE
    }

    public Caller {
        grants = List.copyOf(grants);
    }

    /** The strongest role that covers the scope, if any grant does. */
    public java.util.Optional<Role> roleOver(ResourceScope scope) {
        return grants.stream()
                .filter(grant -> grant.scope().covers(scope))
                .map(Grant::role)
                .max(Enum::compareTo);
    }

    /** Whether the caller may know the scope exists: a grant covers it, or lies inside it. */
    public boolean canSee(ResourceScope scope) {
        return grants.stream().anyMatch(grant -> grant.scope().covers(scope) || scope.covers(grant.scope()));
    }

    /** The strongest role the caller holds anywhere in the account, which sets its request rate. */
    public Role strongestRole() {
        return grants.stream().map(Grant::role).max(Enum::compareTo).orElse(Role.VIEWER);
    }
}
