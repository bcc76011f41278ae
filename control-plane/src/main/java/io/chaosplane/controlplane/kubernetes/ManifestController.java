package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The manifest URL that creating a Kubernetes infrastructure answers: {@code kubectl apply -f <url>}. The install
 * token in the URL opens it (no API key: it is meant for kubectl), until the runner has confirmed with it.
 */
@RestController
@Tag(name = "Infrastructures")
class ManifestController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final InfrastructureService infrastructures;
    private final InstallManifests manifests;

    ManifestController(InfrastructureService infrastructures, InstallManifests manifests) {
        this.infrastructures = infrastructures;
        this.manifests = manifests;
    }

    @GetMapping("/api/v1/infrastructures/{infraId}/manifest")
    @Operation(
            summary = "The Kubernetes runner's install manifest (Namespace, ServiceAccount, Secret, ConfigMap, RBAC,"
                    + " Service, Deployment), opened by the install token; namespaced=true installs with a Role only")
    ResponseEntity<String> manifest(
            @PathVariable String infraId,
            @RequestParam(required = false) String token,
            @RequestParam(defaultValue = "chaosplane") String namespace,
            @RequestParam(defaultValue = "false") boolean namespaced,
            @RequestParam(defaultValue = "true") boolean createNamespace) {
        List<FieldProblem> problems = new ArrayList<>();
        if (token == null || token.isBlank()) {
            problems.add(
                    new FieldProblem("token", "is required: the install token the infrastructure was created with"));
        }
        if (namespace.length() > 63 || !NAMESPACE.matcher(namespace).matches()) {
            problems.add(new FieldProblem(
                    "namespace",
                    "must be a Kubernetes namespace name (lower-case letters, digits" + " and '-', at most 63)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        InfrastructureView infrastructure = infrastructures.openedByInstallToken(infraId, token);
        if (infrastructure.type() != InfrastructureType.Kubernetes) {
            throw new NotFoundException("infrastructure '" + infraId + "' is a Linux infrastructure: it has an install"
                    + " command, not a manifest");
        }
        return ResponseEntity.ok()
                .contentType(YAML)
                .body(manifests.render(
                        infrastructure, token, new InstallManifests.Options(namespace, namespaced, createNamespace)));
    }
}
