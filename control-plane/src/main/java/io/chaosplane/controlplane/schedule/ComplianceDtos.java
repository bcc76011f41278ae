package io.chaosplane.controlplane.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** Seed 004's ComplianceResponse, with the failed runs the PDF lists. */
public final class ComplianceDtos {

    private ComplianceDtos() {}

    public record ComplianceView(
            @Schema(allowableValues = {"soc2", "iso27001", "hipaa", "pci-dss"})
            String framework,

            int period,
            Instant generatedAt,

            @Schema(description = "Finished runs of the scheduled tests in the period")
            int totalTests,

            @JsonInclude(JsonInclude.Include.ALWAYS) Double passRate,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer avgScore,

            @Schema(description = "Share of the runs of tests with a maxRTO that finished within it")
            @JsonInclude(JsonInclude.Include.ALWAYS)
            Double slaCompliance,

            int namespacesCovered,
            List<Control> controls,

            @Schema(description = "Failed runs of the period and what followed each")
            List<FailedRun> failedRuns) {}

    public record Control(
            String id,
            String title,

            @Schema(allowableValues = {"satisfied", "partial", "not_satisfied", "no_evidence"})
            String status,

            String evidence) {}

    public record FailedRun(String testName, String runId, Instant finishedAt, String message, String followUp) {}
}
