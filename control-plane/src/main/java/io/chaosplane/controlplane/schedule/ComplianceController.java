package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.ComplianceDtos.ComplianceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Compliance evidence from the chaos history: seed 004's report and PDF, and seed 002's per-framework check. */
@RestController
@Tag(name = "Compliance", description = "Controls of SOC 2, ISO 27001, HIPAA and PCI DSS judged from the chaos history")
class ComplianceController {

    private final ComplianceService compliance;
    private final CompliancePdf pdf;

    ComplianceController(ComplianceService compliance, CompliancePdf pdf) {
        this.compliance = compliance;
        this.pdf = pdf;
    }

    @GetMapping("/api/v1/compliance")
    @Operation(
            summary = "Figures of the scheduled tests' runs in the period and each control of the framework with its"
                    + " status and evidence; 400 for another framework or a period outside 1-365")
    ComplianceView report(
            @Parameter(description = "soc2, iso27001, hipaa or pci-dss") @RequestParam(required = false)
                    String framework,
            @Parameter(description = "Days, 1-365") @RequestParam(required = false) Integer period,
            ProjectScope scope) {
        return compliance.report(scope, framework, period);
    }

    @GetMapping({"/api/compliance/{framework}", "/api/v1/compliance/frameworks/{framework}"})
    @Operation(summary = "Seed 002's compliance check: the report over the last 90 days")
    ComplianceView check(@PathVariable String framework, ProjectScope scope) {
        return compliance.report(scope, framework, 90);
    }

    @GetMapping(
            path = "/api/v1/compliance/pdf",
            produces = {"application/pdf", "application/json"})
    @Operation(
            summary = "The report as a PDF with the SHA-256 of its evidence JSON; 402 unless the license has"
                    + " compliance-export (Enterprise)")
    ResponseEntity<byte[]> pdf(
            @RequestParam(required = false) String framework,
            @RequestParam(required = false) Integer period,
            ProjectScope scope) {
        ComplianceView report = compliance.forExport(scope, framework, period);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=chaosplane-compliance-" + report.framework() + "-" + report.period()
                                + "d.pdf")
                .body(pdf.render(report));
    }
}
