package io.chaosplane.controlplane.tenancy;

/**
 * Which project a request means when it names none: the project its API key is limited to, else the account's
 * {@code default} organization and {@code default_project}, as in Harness.
 */
public final class ProjectScopes {

    private ProjectScopes() {}

    public static ResourceScope resolve(Caller caller, String organization, String project) {
        ResourceScope keyScope =
                caller.grants().size() == 1 ? caller.grants().getFirst().scope() : ResourceScope.account();
        String org = organization != null
                ? organization
                : keyScope.organization() != null ? keyScope.organization() : AccountService.DEFAULT_ORGANIZATION;
        String proj = project != null
                ? project
                : keyScope.project() != null && org.equals(keyScope.organization())
                        ? keyScope.project()
                        : AccountService.DEFAULT_PROJECT;
        return ResourceScope.project(org, proj);
    }
}
