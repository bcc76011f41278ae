package io.chaosplane.controlplane.policy;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyRequest;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyView;
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
@RequestMapping("/api/v1/policies")
@Tag(
        name = "Policies",
        description = "Guardrails evaluated before any run starts: denied faults, time windows,"
                + " blackouts, maximum duration and blast radius, required approval")
class PolicyController {

    private final PolicyService policies;

    PolicyController(PolicyService policies) {
        this.policies = policies;
    }

    @GetMapping
    @Operation(summary = "List the project's policies")
    ListResponse<PolicyView> list(@Valid @ParameterObject PageParams page, ProjectScope scope) {
        return policies.list(scope, page.paging());
    }

    @PostMapping(consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a policy (project admin)")
    PolicyView create(@Valid @RequestBody PolicyRequest request, ProjectScope scope) {
        return policies.create(scope, request);
    }

    @GetMapping("/{name}")
    @Operation(summary = "Get a policy")
    PolicyView get(@PathVariable String name, ProjectScope scope) {
        return policies.get(scope, name);
    }

    @PutMapping(
            path = "/{name}",
            consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    @Operation(summary = "Replace a policy's rules (project admin)")
    PolicyView update(@PathVariable String name, @Valid @RequestBody PolicyRequest request, ProjectScope scope) {
        return policies.update(scope, name, request);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a policy (project admin)")
    void delete(@PathVariable String name, ProjectScope scope) {
        policies.delete(scope, name);
    }
}
