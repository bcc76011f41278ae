package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.common.OffsetPageable;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateEnvironment;
import io.chaosplane.controlplane.tenancy.TenancyDtos.EnvironmentView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateEnvironment;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Environments of a project; also the public look-up other features use to check where they put things. */
@Service
public class EnvironmentService {

    private final EnvironmentRepository environments;
    private final ProjectRepository projects;
    private final TenancyMapper mapper;
    private final AccessGuard guard;
    private final Clock clock;

    EnvironmentService(
            EnvironmentRepository environments,
            ProjectRepository projects,
            TenancyMapper mapper,
            AccessGuard guard,
            Clock clock) {
        this.environments = environments;
        this.projects = projects;
        this.mapper = mapper;
        this.guard = guard;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ListResponse<EnvironmentView> list(ProjectScope project, Paging paging) {
        guard.require(Permission.READ, project, ProjectService.describe(project));
        requireProject(project);
        var page = environments.findByAccountIdAndOrganizationAndProject(
                project.accountId(),
                project.organization(),
                project.project(),
                OffsetPageable.of(paging, Sort.by("identifier")));
        return ListResponse.of(
                "EnvironmentList", page.map(mapper::toView).getContent(), page.getTotalElements(), paging);
    }

    @Transactional(readOnly = true)
    public EnvironmentView get(ProjectScope project, String identifier) {
        guard.require(Permission.READ, project, ProjectService.describe(project));
        return mapper.toView(environment(project, identifier));
    }

    /** The environment, if it exists in the project; for other features, which check rights themselves. */
    @Transactional(readOnly = true)
    public Optional<EnvironmentView> find(ProjectScope project, String identifier) {
        return environments
                .findByAccountIdAndOrganizationAndProjectAndIdentifier(
                        project.accountId(), project.organization(), project.project(), identifier)
                .map(mapper::toView);
    }

    @Transactional
    public EnvironmentView create(ProjectScope project, CreateEnvironment request) {
        guard.require(Permission.MANAGE, project, ProjectService.describe(project));
        requireProject(project);
        if (environments.existsByAccountIdAndOrganizationAndProjectAndIdentifier(
                project.accountId(), project.organization(), project.project(), request.identifier())) {
            throw new ConflictException(describe(request.identifier()) + " already exists");
        }
        Environment environment = new Environment(
                project.accountId(),
                project.organization(),
                project.project(),
                request.identifier(),
                request.name(),
                Objects.requireNonNullElse(request.description(), ""),
                request.type(),
                clock.instant());
        return mapper.toView(environments.save(environment));
    }

    @Transactional
    public EnvironmentView update(ProjectScope project, String identifier, UpdateEnvironment request) {
        guard.require(Permission.MANAGE, project, ProjectService.describe(project));
        Environment environment = environment(project, identifier);
        environment.update(
                request.name(), Objects.requireNonNullElse(request.description(), ""), request.type(), clock.instant());
        return mapper.toView(environment);
    }

    @Transactional
    public void delete(ProjectScope project, String identifier) {
        guard.require(Permission.MANAGE, project, ProjectService.describe(project));
        environments.delete(environment(project, identifier));
    }

    private void requireProject(ProjectScope project) {
        if (!projects.existsByAccountIdAndOrganizationAndIdentifier(
                project.accountId(), project.organization(), project.project())) {
            throw new NotFoundException(ProjectService.describe(project) + " not found");
        }
    }

    private Environment environment(ProjectScope project, String identifier) {
        return environments
                .findByAccountIdAndOrganizationAndProjectAndIdentifier(
                        project.accountId(), project.organization(), project.project(), identifier)
                .orElseThrow(() -> new NotFoundException(describe(identifier) + " not found"));
    }

    private static String describe(String identifier) {
        return "environment '" + identifier + "'";
    }
}
