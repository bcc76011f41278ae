package io.chaosplane.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import tools.jackson.databind.JsonNode;

/**
 * A run as a JUnit XML report, the format CI systems show: one test suite for the run, one test case per fault with its
 * probes' results; a failed fault is a failure with the verdict's reason, a fault that could not be judged an error,
 * a stopped or unrun fault skipped with the stop reason. A score below {@code --min-score} is one more failed case.
 */
final class JUnitReport {

    private JUnitReport() {}

    static void write(Path file, JsonNode run, RunVerdict verdict, Double minScore) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                write(out, run, verdict, minScore);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void write(OutputStream out, JsonNode run, RunVerdict verdict, Double minScore) {
        List<JsonNode> faults = RunVerdict.faults(run);
        String suite = ApiClient.text(run, "namespace", "default") + "/" + ApiClient.text(run, "experimentName", "run");
        String className = "chaosplane." + suite.replace('/', '.');
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (JsonNode fault : faults) {
            switch (ApiClient.text(fault, "verdict", "")) {
                case "Pass" -> {}
                case "Fail" -> failures++;
                case "N/A" -> errors++;
                default -> skipped++;
            }
        }
        JsonNode score = run.path("resiliencyScore");
        boolean scoreCase = minScore != null;
        boolean scoreFailed = scoreCase && (!score.isNumber() || score.asDouble() < minScore);
        int tests = faults.size() + (scoreCase ? 1 : 0);
        if (scoreFailed) {
            failures++;
        }
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "chaosctl");
            counts(xml, tests, failures, errors, skipped, seconds(run));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite);
            counts(xml, tests, failures, errors, skipped, seconds(run));
            String started = ApiClient.text(run, "startedAt", ApiClient.text(run, "createdAt", null));
            if (started != null) {
                xml.writeAttribute("timestamp", started);
            }
            xml.writeCharacters("\n    ");
            xml.writeStartElement("properties");
            property(xml, "runId", ApiClient.text(run, "runId", ""));
            property(xml, "runSequence", ApiClient.text(run, "runSequence", ""));
            property(xml, "phase", ApiClient.text(run, "phase", ""));
            property(xml, "resiliencyScore", score.isNumber() ? Output.number(score) : "");
            property(xml, "verdict", verdict.reason());
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
            for (JsonNode fault : faults) {
                testCase(xml, className, fault, run);
            }
            if (scoreCase) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", "resiliency score >= " + Output.number(minScore));
                xml.writeAttribute("classname", className);
                xml.writeAttribute("time", "0");
                if (scoreFailed) {
                    xml.writeStartElement("failure");
                    String text = "resiliency score " + (score.isNumber() ? Output.number(score) : "none")
                            + " is below " + Output.number(minScore);
                    xml.writeAttribute("message", text);
                    xml.writeAttribute("type", "MinScore");
                    xml.writeCharacters(text);
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
    }

    private static void testCase(XMLStreamWriter xml, String className, JsonNode fault, JsonNode run)
            throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", ApiClient.text(fault, "name", "fault"));
        xml.writeAttribute("classname", className);
        xml.writeAttribute("time", seconds(fault));
        String verdict = ApiClient.text(fault, "verdict", "");
        String reason = reason(fault, run);
        switch (verdict) {
            case "Pass" -> {}
            case "Fail" -> outcome(xml, "failure", "fault failed: " + reason, "Fail", probes(fault));
            case "N/A" -> outcome(xml, "error", "fault could not be judged: " + reason, "N/A", probes(fault));
            default -> {
                xml.writeStartElement("skipped");
                xml.writeAttribute(
                        "message",
                        (verdict.isBlank() ? ApiClient.text(fault, "phase", "not run") : verdict) + ": " + reason);
                xml.writeEndElement();
            }
        }
        xml.writeStartElement("system-out");
        xml.writeCharacters("fault type: " + ApiClient.text(fault, "faultType", "") + "\nphase: "
                + ApiClient.text(fault, "phase", "") + "\nverdict: " + verdict + "\nprobe success: "
                + (fault.path("probeSuccessPercentage").isNumber()
                        ? Output.number(fault.path("probeSuccessPercentage")) + "%"
                        : "-")
                + "\n" + probes(fault));
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** Why a fault did not pass: its error, else its failed probes, else the run's stop reason. */
    private static String reason(JsonNode fault, JsonNode run) {
        String error = ApiClient.text(fault, "errorReason", "");
        if (!error.isBlank()) {
            String code = ApiClient.text(fault, "errorCode", "");
            return code.isBlank() ? error : code + ": " + error;
        }
        StringBuilder failedProbes = new StringBuilder();
        for (JsonNode probe : fault.path("probeStatuses")) {
            String probeVerdict = probe.path("status").path("verdict").asString("");
            if (!probeVerdict.equals("Passed")) {
                if (!failedProbes.isEmpty()) {
                    failedProbes.append("; ");
                }
                failedProbes
                        .append("probe ")
                        .append(ApiClient.text(probe, "name", "?"))
                        .append(' ')
                        .append(probeVerdict)
                        .append(": ")
                        .append(probe.path("status").path("description").asString(""));
            }
        }
        if (!failedProbes.isEmpty()) {
            return failedProbes.toString();
        }
        String message = ApiClient.text(run, "message", "");
        return message.isBlank() ? ApiClient.text(run, "phase", "") : message;
    }

    private static String probes(JsonNode fault) {
        StringBuilder text = new StringBuilder();
        for (JsonNode probe : fault.path("probeStatuses")) {
            text.append("probe ")
                    .append(ApiClient.text(probe, "name", "?"))
                    .append(" (")
                    .append(ApiClient.text(probe, "type", ""))
                    .append(", ")
                    .append(ApiClient.text(probe, "mode", ""))
                    .append("): ")
                    .append(probe.path("status").path("verdict").asString(""))
                    .append(" - ")
                    .append(probe.path("status").path("description").asString(""))
                    .append('\n');
        }
        return text.toString();
    }

    private static void outcome(XMLStreamWriter xml, String element, String message, String type, String body)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("message", message);
        xml.writeAttribute("type", type);
        xml.writeCharacters(message + "\n" + body);
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    private static void counts(XMLStreamWriter xml, int tests, int failures, int errors, int skipped, String time)
            throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(tests));
        xml.writeAttribute("failures", Integer.toString(failures));
        xml.writeAttribute("errors", Integer.toString(errors));
        xml.writeAttribute("skipped", Integer.toString(skipped));
        xml.writeAttribute("time", time);
    }

    /** Seconds between startedAt and finishedAt, as JUnit writes them. */
    private static String seconds(JsonNode node) {
        String started = ApiClient.text(node, "startedAt", null);
        String finished = ApiClient.text(node, "finishedAt", null);
        if (started == null || finished == null) {
            return "0";
        }
        Duration duration = Duration.between(Instant.parse(started), Instant.parse(finished));
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }
}
