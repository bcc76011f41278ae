package io.chaosplane.controlplane.discovery;

import io.chaosplane.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Files;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the discovery agent's jar and its SHA-256, so installs need nothing but this control plane. */
@RestController
@Tag(name = "Discovery agents")
class DiscoveryDownloadController {

    private final DiscoveryAgentJar jar;

    DiscoveryDownloadController(DiscoveryAgentJar jar) {
        this.jar = jar;
    }

    @GetMapping("/downloads/" + DiscoveryAgentJar.NAME)
    @Operation(summary = "Download the discovery agent")
    ResponseEntity<Resource> agent() {
        if (jar.sha256().isEmpty() || !Files.isReadable(jar.file())) {
            throw new NotFoundException("the discovery agent is not available on this control plane");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(jar.file()));
    }

    @GetMapping(value = "/downloads/" + DiscoveryAgentJar.NAME + ".sha256", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The discovery agent's SHA-256, in sha256sum's format")
    String sha256() {
        return jar.sha256()
                        .orElseThrow(() ->
                                new NotFoundException("the discovery agent is not available on this control plane"))
                + "  " + DiscoveryAgentJar.NAME + "\n";
    }
}
