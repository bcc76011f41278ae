package io.chaosplane.controlplane.hub;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.hub.MarketplaceDtos.HubRequest;
import io.chaosplane.controlplane.hub.MarketplaceDtos.HubView;
import io.chaosplane.controlplane.hub.MarketplaceDtos.InstallRequest;
import io.chaosplane.controlplane.hub.MarketplaceDtos.InstallView;
import io.chaosplane.controlplane.hub.MarketplaceDtos.PackageView;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping({"/api/marketplace", "/api/v1/marketplace"})
@Tag(
        name = "Marketplace",
        description = "Packages of experiment and workflow templates from the built-in hub and the account's hubs")
class MarketplaceController {

    private static final String PACKAGES_EXAMPLE = """
            {"apiVersion": "v1", "kind": "PackageList", "metadata": {"totalCount": 1, "page": 1, "pageSize": 20},
             "items": [{"id": "chaosplane:linux-cpu-burn", "hub": "chaosplane", "name": "CPU burn on a Linux host",
               "version": "1.0.0", "category": "resource", "provider": "linux",
               "description": "Keeps the host's cores busy while an HTTP probe checks the service still answers.",
               "faults": ["linux-cpu-stress"], "requirements": ["A connected Linux infrastructure"],
               "parameters": [{"name": "infrastructure", "description": "The Linux infrastructure", "default": null},
                              {"name": "namespace", "description": "Namespace of the experiment", "default": "default"}],
               "experiments": ["cpu-burn"], "workflows": [],
               "sha256": "3f1c0e1b8d0b5a6f2c1e0b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c", "verified": true,
               "hub_last_read_at": null, "content": null}],
             "total": 1, "limit": 20, "offset": 0}""";

    private static final String INSTALL_EXAMPLE = """
            {"package_id": "chaosplane:linux-cpu-burn", "version": "1.0.0", "change": "created",
             "experiments": [{"namespace": "demo", "name": "cpu-burn", "change": "created"}], "workflows": []}""";

    private static final String HUB_EXAMPLE = """
            {"identifier": "team-hub", "kind": "git", "url": "https://github.com/example/chaos-hub.git", "ref": "main",
             "created_by": "user:admin@example.com", "created_at": "2026-12-03T10:00:00Z",
             "last_read_at": "2026-12-03T10:00:05Z", "last_tried_at": "2026-12-03T11:00:00Z",
             "last_error": "git clone failed: fatal: unable to access the repository", "packages": 3}""";

    private final MarketplaceService marketplace;

    MarketplaceController(MarketplaceService marketplace) {
        this.marketplace = marketplace;
    }

    @GetMapping("/packages")
    @Operation(
            summary = "The packages the project can install",
            description = "The built-in hub's and those last read from the account's hubs (kept when a hub cannot"
                    + " be reached: hub_last_read_at says when it was read).",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "A page of packages",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            examples = @ExampleObject(value = PACKAGES_EXAMPLE))))
    ListResponse<PackageView> packages(
            @Parameter(description = "Only this category", example = "network") @RequestParam(required = false)
                    String category,
            @Parameter(description = "Only this provider", example = "linux") @RequestParam(required = false)
                    String provider,
            @Valid @ParameterObject PageParams page,
            ProjectScope scope) {
        return marketplace.packages(scope, category, provider, page.paging());
    }

    @GetMapping("/packages/{package_id}")
    @Operation(summary = "A package, with its file (content)")
    PackageView get(
            @Parameter(example = "chaosplane:linux-cpu-burn") @PathVariable("package_id") String packageId,
            ProjectScope scope) {
        return marketplace.get(scope, packageId);
    }

    @PostMapping("/install/{package_id}")
    @Operation(
            summary = "Install a package into the project (project admin)",
            description = "Checks the parameters (400 naming a missing one) and the file against its hub's SHA-256"
                    + " (409 when they differ), then applies its experiments (not run) and writes its workflows"
                    + " behind a review step (they wait for a resume). Installing again updates; unknown id 404.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "What the install wrote",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            examples = @ExampleObject(value = INSTALL_EXAMPLE))))
    InstallView install(
            @Parameter(example = "chaosplane:linux-cpu-burn") @PathVariable("package_id") String packageId,
            @RequestBody(required = false) InstallRequest request,
            ProjectScope scope) {
        return marketplace.install(scope, packageId, request == null ? null : request.parameters());
    }

    @GetMapping("/hubs")
    @Operation(summary = "The account's hubs (account admin)")
    List<HubView> hubs() {
        return marketplace.hubs();
    }

    @PostMapping("/hubs")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Add a hub: a Git repository or an HTTP base URL with index.yaml (account admin)",
            description = "Nothing is read until POST /hubs/{identifier}/refresh.",
            responses =
                    @ApiResponse(
                            responseCode = "201",
                            description = "The hub",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            examples = @ExampleObject(value = HUB_EXAMPLE))))
    HubView addHub(@RequestBody(required = false) HubRequest request) {
        return marketplace.addHub(request);
    }

    @PostMapping("/hubs/{identifier}/refresh")
    @Operation(
            summary = "Read the hub now (account admin)",
            description = "On success its packages replace the cached ones; when it cannot be read they stay, and"
                    + " last_error says why, last_read_at when it was last read.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The hub after the read",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            examples = @ExampleObject(value = HUB_EXAMPLE))))
    HubView refresh(@PathVariable String identifier) {
        return marketplace.refresh(identifier);
    }

    @DeleteMapping("/hubs/{identifier}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a hub and its cached packages (account admin); installed experiments stay")
    void removeHub(@PathVariable String identifier) {
        marketplace.removeHub(identifier);
    }
}
