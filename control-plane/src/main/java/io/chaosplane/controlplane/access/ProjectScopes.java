package io.chaosplane.controlplane.access;

import org.springframework.stereotype.Component;

/**
 * Which project a request means, checked against its caller: the project it names, else the one its API key is
 * limited to, else the account's {@code default} organization and {@code default_project}, as in Harness. A project
 * the caller cannot see answers 404, as if it did not exist.
 */
@Component
public class ProjectScopes {

    private final AccessGuard guard;

    ProjectScopes(AccessGuard guard) {
        this.guard = guard;
    }

    /**
     * @param organization the organization the request names, or null
     * @param project the project the request names, or null
     */
    public ProjectScope resolve(String organization, String project) {
        Caller caller = guard.caller();
        ResourceScope keyScope =
                caller.grants().size() == 1 ? caller.grants().getFirst().scope() : ResourceScope.account();
        String org = organization != null
                ? organization
                : keyScope.organization() != null ? keyScope.organization() : ProjectScope.DEFAULT_ORGANIZATION;
        String proj = project != null
                ? project
                : keyScope.project() != null && org.equals(keyScope.organization())
                        ? keyScope.project()
                        : ProjectScope.DEFAULT_PROJECT;
        ProjectScope scope = new ProjectScope(caller.accountId(), org, proj);
        guard.requireVisible(scope.resource(), scope.toString());
        return scope;
    }
}
