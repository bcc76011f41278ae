package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.topology.TopologyDtos.DiffView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Compares two topology exports. The one multipart route of the API: it is on the request filter's allow-list
 * ({@code chaosplane.http.multipart-paths}), with its own size limit.
 */
@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Topology")
class TopologyDiffController {

    private final TopologyDiffs diffs;

    TopologyDiffController(TopologyDiffs diffs) {
        this.diffs = diffs;
    }

    @PostMapping(path = "/topology-diff", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Compare two topology files (viewer)",
            description = "Two documents as POST /api/whatif/export writes them, in multipart/form-data (at most"
                    + " 2 MB in all): components and edges added, removed and changed, both resilience scores and a"
                    + " Mermaid flowchart. A file that is not such a document is 400 naming its field; nothing is"
                    + " stored.")
    DiffView diff(
            @Parameter(description = "The topology before (YAML or JSON)")
                    @RequestPart(name = "before_file", required = false)
                    MultipartFile beforeFile,
            @Parameter(description = "The topology after (YAML or JSON)")
                    @RequestPart(name = "after_file", required = false)
                    MultipartFile afterFile,
            ProjectScope scope) {
        return diffs.diff(scope, beforeFile, afterFile);
    }
}
