package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ProjectScopes;
import io.chaosplane.controlplane.infra.InfrastructureDtos.CreateInfrastructure;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InstallInstructions;
import io.chaosplane.controlplane.infra.InfrastructureDtos.UpdateInfrastructure;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/infrastructures")
@Tag(name = "Infrastructures", description = "Linux hosts and Kubernetes clusters where agents run faults")
class InfrastructureController {

    private final InfrastructureService infrastructures;
    private final ProjectScopes projectScopes;

    InfrastructureController(InfrastructureService infrastructures, ProjectScopes projectScopes) {
        this.infrastructures = infrastructures;
        this.projectScopes = projectScopes;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an infrastructure (project admin); answers the one-time install token and command")
    InstallInstructions create(@Valid @RequestBody CreateInfrastructure request) {
        // This endpoint names its project in the body, not in the query.
        return infrastructures.create(
                projectScopes.resolve(request.organizationIdentifier(), request.projectIdentifier()), request);
    }

    @GetMapping
    @Operation(summary = "List a project's infrastructures with their connection status")
    ListResponse<InfrastructureView> list(@Valid @ParameterObject PageParams page, ProjectScope scope) {
        return infrastructures.list(scope, page.paging());
    }

    @GetMapping("/{infraId}")
    @Operation(
            summary = "Get an infrastructure: status CONNECTED/DISCONNECTED, hostname, agent version, last heartbeat")
    InfrastructureView get(@PathVariable UUID infraId) {
        return infrastructures.get(infraId);
    }

    @PutMapping("/{infraId}")
    @Operation(
            summary =
                    "Turn the infrastructure's kill switch (operator): chaosEnabled false reverts what its agent runs,"
                            + " refuses every task there and every run start (409) until it is true again")
    InfrastructureView update(@PathVariable UUID infraId, @Valid @RequestBody UpdateInfrastructure request) {
        return infrastructures.setChaosEnabled(infraId, request.chaosEnabled());
    }

    @PatchMapping("/{infraId}")
    @Operation(summary = "As PUT: turn the infrastructure's kill switch (operator)")
    InfrastructureView patch(@PathVariable UUID infraId, @Valid @RequestBody UpdateInfrastructure request) {
        return infrastructures.setChaosEnabled(infraId, request.chaosEnabled());
    }

    @DeleteMapping("/{infraId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an infrastructure (project admin); its agent's key stops working")
    void delete(@PathVariable UUID infraId) {
        infrastructures.delete(infraId);
    }

    @PostMapping("/{infraId}/reset-key")
    @Operation(
            summary = "Rotate the agent's credentials (project admin): the access key stops working, a new install"
                    + " token is answered once")
    InstallInstructions resetKey(@PathVariable UUID infraId) {
        return infrastructures.resetKey(infraId);
    }
}
