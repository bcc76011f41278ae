package io.chaosplane.controlplane.infra;

import io.chaosplane.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the Linux agent's jar, so that the install command needs nothing but this control plane. */
@RestController
@Tag(name = "Infrastructures")
class AgentDownloadController {

    private final AgentInstallProperties properties;

    AgentDownloadController(AgentInstallProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/downloads/chaosplane-agent-linux.jar")
    @Operation(summary = "Download the Linux agent")
    ResponseEntity<Resource> linuxAgent() {
        Path jar = Path.of(properties.linuxAgentJar());
        if (!Files.isReadable(jar)) {
            throw new NotFoundException("the Linux agent is not available on this control plane");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(jar));
    }
}
