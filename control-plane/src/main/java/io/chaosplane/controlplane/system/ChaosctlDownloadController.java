package io.chaosplane.controlplane.system;

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

/**
 * Serves chaosctl, the command-line client, as the agent is served: its launcher script and its runnable jar, so that
 * a CI job needs nothing but this control plane and a Java 21.
 */
@RestController
@Tag(name = "Downloads", description = "chaosctl, the command-line client")
class ChaosctlDownloadController {

    private final ChaosctlProperties properties;

    ChaosctlDownloadController(ChaosctlProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/downloads/chaosctl")
    @Operation(summary = "Download chaosctl's launcher script; it runs chaosctl.jar from beside it with Java 21+")
    ResponseEntity<Resource> launcher() {
        return file(properties.launcher(), MediaType.parseMediaType("text/x-shellscript"));
    }

    @GetMapping("/downloads/chaosctl.jar")
    @Operation(summary = "Download chaosctl's runnable jar (java -jar chaosctl.jar)")
    ResponseEntity<Resource> jar() {
        return file(properties.jar(), MediaType.APPLICATION_OCTET_STREAM);
    }

    private static ResponseEntity<Resource> file(String path, MediaType type) {
        Path file = Path.of(path);
        if (!Files.isReadable(file)) {
            throw new NotFoundException("chaosctl is not available on this control plane");
        }
        return ResponseEntity.ok().contentType(type).body(new FileSystemResource(file));
    }
}
