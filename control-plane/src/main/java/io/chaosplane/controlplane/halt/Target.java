package io.chaosplane.controlplane.halt;

import io.chaosplane.controlplane.access.ResourceScope;
import java.util.UUID;

/**
 * What a halt covers, checked: its scope and the identifiers that scope needs (an infrastructure's project is its
 * own). The access it takes is decided over {@link #resource()}.
 */
record Target(HaltScope scope, String organization, String project, String environment, UUID infrastructureId) {

    ResourceScope resource() {
        return switch (scope) {
            case ACCOUNT -> ResourceScope.account();
            case ORGANIZATION -> ResourceScope.organization(organization);
            case PROJECT, ENVIRONMENT, INFRASTRUCTURE -> ResourceScope.project(organization, project);
        };
    }

    /** Whether an infrastructure of this project and environment is covered. */
    boolean covers(UUID infrastructure, String infraOrganization, String infraProject, String infraEnvironment) {
        return switch (scope) {
            case ACCOUNT -> true;
            case ORGANIZATION -> organization.equals(infraOrganization);
            case PROJECT -> organization.equals(infraOrganization) && project.equals(infraProject);
            case ENVIRONMENT ->
                organization.equals(infraOrganization)
                        && project.equals(infraProject)
                        && environment.equals(infraEnvironment);
            case INFRASTRUCTURE -> infrastructureId.equals(infrastructure);
        };
    }

    @Override
    public String toString() {
        return switch (scope) {
            case ACCOUNT -> "the account";
            case ORGANIZATION -> "organization " + organization;
            case PROJECT -> "project " + organization + "/" + project;
            case ENVIRONMENT -> "environment " + environment + " of project " + organization + "/" + project;
            case INFRASTRUCTURE -> "infrastructure " + infrastructureId;
        };
    }
}
