package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.service.web.NotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Whether an organization or project exists in an account, for features that put things in them. */
@Component
public class ScopeDirectory {

    private final OrganizationRepository organizations;
    private final ProjectRepository projects;

    ScopeDirectory(OrganizationRepository organizations, ProjectRepository projects) {
        this.organizations = organizations;
        this.projects = projects;
    }

    /** Answers 404 naming the organization or the project when it does not exist. */
    @Transactional(readOnly = true)
    public void requireExists(ProjectScope project) {
        requireExists(project.accountId(), project.resource());
    }

    /** Answers 404 naming the first part of the scope that does not exist. */
    @Transactional(readOnly = true)
    public void requireExists(String accountId, ResourceScope scope) {
        if (scope.organization() != null
                && !organizations.existsByAccountIdAndIdentifier(accountId, scope.organization())) {
            throw new NotFoundException("organization '" + scope.organization() + "' not found");
        }
        if (scope.project() != null
                && !projects.existsByAccountIdAndOrganizationAndIdentifier(
                        accountId, scope.organization(), scope.project())) {
            throw new NotFoundException(ProjectService.describe(scope.organization(), scope.project()) + " not found");
        }
    }
}
