package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.common.OffsetPageable;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateProject;
import io.chaosplane.controlplane.tenancy.TenancyDtos.ProjectView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateProject;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ProjectService {

    private final ProjectRepository projects;
    private final OrganizationRepository organizations;
    private final TenancyMapper mapper;
    private final AccessGuard guard;
    private final Clock clock;

    ProjectService(
            ProjectRepository projects,
            OrganizationRepository organizations,
            TenancyMapper mapper,
            AccessGuard guard,
            Clock clock) {
        this.projects = projects;
        this.organizations = organizations;
        this.mapper = mapper;
        this.guard = guard;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ListResponse<ProjectView> list(String organization, Paging paging) {
        Caller caller =
                guard.requireVisible(ResourceScope.organization(organization), "organization '" + organization + "'");
        requireOrganization(caller.accountId(), organization);
        var pageable = OffsetPageable.of(paging, Sort.by("identifier"));
        Page<Project> page;
        if (caller.roleOver(ResourceScope.organization(organization)).isPresent()) {
            page = projects.findByAccountIdAndOrganization(caller.accountId(), organization, pageable);
        } else {
            Set<String> visible = caller.grants().stream()
                    .filter(grant -> organization.equals(grant.scope().organization()))
                    .map(grant -> grant.scope().project())
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            page = projects.findByAccountIdAndOrganizationAndIdentifierIn(
                    caller.accountId(), organization, visible, pageable);
        }
        return ListResponse.of("ProjectList", page.map(mapper::toView).getContent(), page.getTotalElements(), paging);
    }

    @Transactional(readOnly = true)
    public ProjectView get(String organization, String identifier) {
        guard.require(
                Permission.READ, ResourceScope.project(organization, identifier), describe(organization, identifier));
        return mapper.toView(find(organization, identifier));
    }

    @Transactional
    public ProjectView create(String organization, CreateProject request) {
        Caller caller = guard.require(
                Permission.MANAGE, ResourceScope.organization(organization), "organization '" + organization + "'");
        requireOrganization(caller.accountId(), organization);
        if (projects.existsByAccountIdAndOrganizationAndIdentifier(
                caller.accountId(), organization, request.identifier())) {
            throw new ConflictException(describe(organization, request.identifier()) + " already exists");
        }
        Project project = new Project(
                caller.accountId(),
                organization,
                request.identifier(),
                request.name(),
                Objects.requireNonNullElse(request.description(), ""),
                clock.instant());
        return mapper.toView(projects.save(project));
    }

    @Transactional
    public ProjectView update(String organization, String identifier, UpdateProject request) {
        guard.require(
                Permission.MANAGE, ResourceScope.project(organization, identifier), describe(organization, identifier));
        Project project = find(organization, identifier);
        project.update(request.name(), Objects.requireNonNullElse(request.description(), ""), clock.instant());
        return mapper.toView(project);
    }

    @Transactional
    public void delete(String organization, String identifier) {
        guard.require(
                Permission.MANAGE, ResourceScope.project(organization, identifier), describe(organization, identifier));
        projects.delete(find(organization, identifier));
    }

    private void requireOrganization(String accountId, String organization) {
        if (!organizations.existsByAccountIdAndIdentifier(accountId, organization)) {
            throw new NotFoundException("organization '" + organization + "' not found");
        }
    }

    private Project find(String organization, String identifier) {
        return projects.findByAccountIdAndOrganizationAndIdentifier(
                        guard.caller().accountId(), organization, identifier)
                .orElseThrow(() -> new NotFoundException(describe(organization, identifier) + " not found"));
    }

    static String describe(ProjectScope project) {
        return describe(project.organization(), project.project());
    }

    static String describe(String organization, String identifier) {
        return "project '" + organization + "/" + identifier + "'";
    }
}
