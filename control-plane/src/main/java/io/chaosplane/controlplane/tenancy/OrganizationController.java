package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateOrganization;
import io.chaosplane.controlplane.tenancy.TenancyDtos.OrganizationView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateOrganization;
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
@RequestMapping("/api/v1/orgs")
@Tag(name = "Tenancy")
class OrganizationController {

    private final OrganizationService organizations;

    OrganizationController(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @GetMapping
    @Operation(summary = "List organizations")
    ListResponse<OrganizationView> list(@Valid @ParameterObject PageParams page) {
        return organizations.list(page.paging());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an organization (account admin)")
    OrganizationView create(@Valid @RequestBody CreateOrganization request) {
        return organizations.create(request);
    }

    @GetMapping("/{organizationIdentifier}")
    @Operation(summary = "Get an organization")
    OrganizationView get(@PathVariable String organizationIdentifier) {
        return organizations.get(organizationIdentifier);
    }

    @PutMapping("/{organizationIdentifier}")
    @Operation(summary = "Update an organization (admin)")
    OrganizationView update(
            @PathVariable String organizationIdentifier, @Valid @RequestBody UpdateOrganization request) {
        return organizations.update(organizationIdentifier, request);
    }

    @DeleteMapping("/{organizationIdentifier}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an organization and its projects (admin)")
    void delete(@PathVariable String organizationIdentifier) {
        organizations.delete(organizationIdentifier);
    }
}
