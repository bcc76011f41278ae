package io.chaosplane.controlplane.schedule;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import io.chaosplane.controlplane.schedule.ComplianceDtos.ComplianceView;
import io.chaosplane.controlplane.schedule.ComplianceDtos.Control;
import io.chaosplane.controlplane.schedule.ComplianceDtos.FailedRun;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compliance report as a PDF (OpenPDF): the figures, every control with its status and evidence, the failed runs
 * and what followed them, and the SHA-256 of the evidence JSON, so that an auditor can tie the document to the data.
 */
@Component
class CompliancePdf {

    private final JsonMapper json;

    CompliancePdf(JsonMapper json) {
        this.json = json;
    }

    /** The report's evidence as JSON, exactly as hashed in the PDF. */
    String evidenceJson(ComplianceView report) {
        return json.writeValueAsString(report);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] render(ComplianceView report) {
        String evidence = evidenceJson(report);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle("ChaosPlane compliance report " + report.framework() + " " + report.period() + "d");
            document.addCreator("ChaosPlane");
            document.open();
            Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 16);
            Font heading = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 12);
            Font body = FontFactory.getFont(FontFactory.HELVETICA, 9);
            document.add(new Paragraph("ChaosPlane compliance report", title));
            document.add(new Paragraph(
                    "Framework: " + report.framework() + "    Period: " + report.period() + " days    Generated: "
                            + report.generatedAt(),
                    body));
            document.add(new Paragraph("Figures", heading));
            PdfPTable figures = new PdfPTable(2);
            figures.setWidthPercentage(100);
            row(figures, "Total tests", Integer.toString(report.totalTests()), body);
            row(figures, "Pass rate", text(report.passRate()), body);
            row(figures, "Average score", text(report.avgScore()), body);
            row(figures, "SLA compliance", text(report.slaCompliance()), body);
            row(figures, "Namespaces covered", Integer.toString(report.namespacesCovered()), body);
            document.add(figures);
            document.add(new Paragraph("Controls", heading));
            PdfPTable controls = new PdfPTable(new float[] {2, 4, 2, 6});
            controls.setWidthPercentage(100);
            for (String header : new String[] {"Control", "Title", "Status", "Evidence"}) {
                controls.addCell(new Paragraph(header, heading));
            }
            for (Control control : report.controls()) {
                controls.addCell(new Paragraph(control.id(), body));
                controls.addCell(new Paragraph(control.title(), body));
                controls.addCell(new Paragraph(control.status(), body));
                controls.addCell(new Paragraph(control.evidence(), body));
            }
            document.add(controls);
            document.add(new Paragraph("Failed runs and their follow-up", heading));
            if (report.failedRuns().isEmpty()) {
                document.add(new Paragraph("No run failed in the period.", body));
            } else {
                PdfPTable failed = new PdfPTable(new float[] {3, 3, 4, 4});
                failed.setWidthPercentage(100);
                for (String header : new String[] {"Test", "Finished", "Message", "Follow-up"}) {
                    failed.addCell(new Paragraph(header, heading));
                }
                for (FailedRun run : report.failedRuns()) {
                    failed.addCell(new Paragraph(run.testName(), body));
                    failed.addCell(new Paragraph(run.finishedAt().toString(), body));
                    failed.addCell(new Paragraph(run.message(), body));
                    failed.addCell(new Paragraph(run.followUp(), body));
                }
                document.add(failed);
            }
            document.add(new Paragraph("Evidence JSON SHA-256: " + sha256(evidence), body));
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the compliance PDF could not be written", e);
        }
        return out.toByteArray();
    }

    private static void row(PdfPTable table, String name, String value, Font font) {
        table.addCell(new Paragraph(name, font));
        table.addCell(new Paragraph(value, font));
    }

    private static String text(Object value) {
        return value == null ? "no evidence" : value.toString();
    }
}
