package io.chaosplane.controlplane.access;

import java.util.Objects;

/**
 * Where in an account a resource lives: the whole account, one organization, or one project of it.
 * Access is granted at one of these levels and covers everything below it.
 */
public record ResourceScope(String organization, String project) {

    private static final ResourceScope ACCOUNT = new ResourceScope(null, null);

    public ResourceScope {
        if (project != null && organization == null) {
            throw new IllegalArgumentException("a project scope needs its organization");
        }
    }

    public static ResourceScope account() {
        return ACCOUNT;
    }

    public static ResourceScope organization(String organization) {
        return new ResourceScope(Objects.requireNonNull(organization), null);
    }

    public static ResourceScope project(String organization, String project) {
        return new ResourceScope(Objects.requireNonNull(organization), Objects.requireNonNull(project));
    }

    /** Whether this scope is the other one or contains it. */
    public boolean covers(ResourceScope other) {
        if (organization == null) {
            return true;
        }
        if (!organization.equals(other.organization)) {
            return false;
        }
        return project == null || project.equals(other.project);
    }

    @Override
    public String toString() {
        if (organization == null) {
            return "account";
        }
        return project == null ? "org " + organization : "project " + organization + "/" + project;
    }
}
