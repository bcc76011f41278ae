package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateEnvironment;
import io.chaosplane.controlplane.tenancy.TenancyDtos.EnvironmentView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateEnvironment;
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
@RequestMapping("/api/v1/orgs/{organizationIdentifier}/projects/{projectIdentifier}/environments")
@Tag(name = "Tenancy")
class EnvironmentController {

    private final EnvironmentService environments;

    EnvironmentController(EnvironmentService environments) {
        this.environments = environments;
    }

    @GetMapping
    @Operation(summary = "List the environments of a project")
    ListResponse<EnvironmentView> list(@Valid @ParameterObject PageParams page, ProjectScope scope) {
        return environments.list(scope, page.paging());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an environment (project admin)")
    EnvironmentView create(@Valid @RequestBody CreateEnvironment request, ProjectScope scope) {
        return environments.create(scope, request);
    }

    @GetMapping("/{environmentIdentifier}")
    @Operation(summary = "Get an environment")
    EnvironmentView get(@PathVariable String environmentIdentifier, ProjectScope scope) {
        return environments.get(scope, environmentIdentifier);
    }

    @PutMapping("/{environmentIdentifier}")
    @Operation(summary = "Update an environment (admin)")
    EnvironmentView update(
            @PathVariable String environmentIdentifier,
            @Valid @RequestBody UpdateEnvironment request,
            ProjectScope scope) {
        return environments.update(scope, environmentIdentifier, request);
    }

    @DeleteMapping("/{environmentIdentifier}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an environment (admin)")
    void delete(@PathVariable String environmentIdentifier, ProjectScope scope) {
        environments.delete(scope, environmentIdentifier);
    }
}
