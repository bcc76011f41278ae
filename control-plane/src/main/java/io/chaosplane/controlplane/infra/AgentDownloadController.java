package io.chaosplane.controlplane.infra;

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

/** Serves the Linux agent's jar and its SHA-256, so that the install command needs nothing but this control plane. */
@RestController
@Tag(name = "Infrastructures")
class AgentDownloadController {

    static final String JAR_NAME = "chaosplane-agent-linux.jar";

    private final AgentJar jar;

    AgentDownloadController(AgentJar jar) {
        this.jar = jar;
    }

    @GetMapping("/downloads/" + JAR_NAME)
    @Operation(summary = "Download the Linux agent")
    ResponseEntity<Resource> linuxAgent() {
        if (jar.sha256().isEmpty() || !Files.isReadable(jar.file())) {
            throw new NotFoundException("the Linux agent is not available on this control plane");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(jar.file()));
    }

    @GetMapping(value = "/downloads/" + JAR_NAME + ".sha256", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(
            summary = "The Linux agent's SHA-256",
            description = "In sha256sum's format (digest, two spaces, file name), computed at start-up from the jar"
                    + " served: `sha256sum -c` checks a download against it")
    String linuxAgentSha256() {
        return jar.sha256()
                        .orElseThrow(
                                () -> new NotFoundException("the Linux agent is not available on this control plane"))
                + "  " + JAR_NAME + "\n";
    }
}
