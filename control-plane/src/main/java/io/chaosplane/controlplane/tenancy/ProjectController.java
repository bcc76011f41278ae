package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateProject;
import io.chaosplane.controlplane.tenancy.TenancyDtos.ProjectView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateProject;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orgs/{organizationIdentifier}/projects")
@Tag(name = "Tenancy")
class ProjectController {

    private final ProjectService projects;

    ProjectController(ProjectService projects) {
        this.projects = projects;
    }

    @GetMapping
    @Operation(summary = "List the projects of an organization")
    ListResponse<ProjectView> list(
            @PathVariable String organizationIdentifier, @Valid @ParameterObject PageParams page) {
        return projects.list(organizationIdentifier, page.paging());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a project (organization admin)")
    ProjectView create(@PathVariable String organizationIdentifier, @Valid @RequestBody CreateProject request) {
        return projects.create(organizationIdentifier, request);
    }

    @GetMapping("/{projectIdentifier}")
    @Operation(summary = "Get a project")
    ProjectView get(@PathVariable String organizationIdentifier, @PathVariable String projectIdentifier) {
        return projects.get(organizationIdentifier, projectIdentifier);
    }

    @PutMapping("/{projectIdentifier}")
    @Operation(summary = "Update a project (admin)")
    ProjectView update(
            @PathVariable String organizationIdentifier,
            @PathVariable String projectIdentifier,
            @Valid @RequestBody UpdateProject request) {
        return projects.update(organizationIdentifier, projectIdentifier, request);
    }

    @DeleteMapping("/{projectIdentifier}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a project and everything in it (admin)")
    void delete(@PathVariable String organizationIdentifier, @PathVariable String projectIdentifier) {
        projects.delete(organizationIdentifier, projectIdentifier);
    }
}
