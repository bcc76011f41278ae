package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

class JUnitReportTest {

    private static final JsonNode RUN = ApiClient.JSON.readTree("""
            {"runId":"r1","experimentName":"checkout","namespace":"ci","runSequence":3,"phase":"Completed",
             "resiliencyScore":50.0,"message":"","startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:01:00Z",
             "steps":[{"index":0,"phase":"Completed","faults":[
               {"name":"cpu","faultType":"linux-cpu-stress","phase":"Completed","verdict":"Pass",
                "startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:30Z",
                "probeStatuses":[{"name":"up","type":"httpProbe","mode":"Continuous",
                                  "status":{"verdict":"Passed","description":"200 as expected"}}]},
               {"name":"latency","faultType":"linux-network-latency","phase":"Completed","verdict":"Fail",
                "probeStatuses":[{"name":"fast","type":"httpProbe","mode":"Edge",
                                  "status":{"verdict":"Failed","description":"answered 503 <expected 200>"}}]},
               {"name":"disk","faultType":"linux-disk-fill","phase":"Error","verdict":"N/A",
                "errorCode":"INJECTION_FAILED","errorReason":"no space"},
               {"name":"kill","faultType":"linux-process-kill","phase":"Stopped","verdict":"Stopped"}]}]}""");

    @Test
    void oneTestCasePerFaultWithTheVerdictsReasons() throws Exception {
        RunVerdict verdict = RunVerdict.of(RUN, 80.0, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JUnitReport.write(out, RUN, verdict, 80.0);

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toByteArray()));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("ci/checkout");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("60.000");

        var cases = xml.getElementsByTagName("testcase");
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("cpu");
        assertThat(((Element) cases.item(0)).getAttribute("time")).isEqualTo("30.000");
        Element failure = (Element)
                ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("probe fast Failed: answered 503 <expected 200>");
        Element error = (Element)
                ((Element) cases.item(2)).getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).contains("INJECTION_FAILED: no space");
        assertThat(((Element) cases.item(3)).getElementsByTagName("skipped").getLength())
                .isEqualTo(1);
        Element score = (Element) cases.item(4);
        assertThat(score.getAttribute("name")).isEqualTo("resiliency score >= 80");
        assertThat(score.getElementsByTagName("failure").item(0).getTextContent())
                .isEqualTo("resiliency score 50 is below 80");
        assertThat(xml.getElementsByTagName("system-out").item(0).getTextContent())
                .contains("probe up (httpProbe, Continuous): Passed - 200 as expected");
    }

    @Test
    void theVerdictsExitCodes() {
        assertThat(RunVerdict.of(RUN, null, false).exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode passed = ApiClient.JSON.readTree(
                "{\"phase\":\"Completed\",\"resiliencyScore\":90,\"steps\":[{\"faults\":[{\"verdict\":\"Pass\"}]}]}");
        assertThat(RunVerdict.of(passed, null, false).exitCode()).isEqualTo(ExitCode.PASSED);
        assertThat(RunVerdict.of(passed, 90.0, false).exitCode()).isEqualTo(ExitCode.PASSED);
        assertThat(RunVerdict.of(passed, 90.5, false).exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(RunVerdict.of(passed, null, true).exitCode()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(RunVerdict.of(ApiClient.JSON.readTree("{\"phase\":\"Aborted\"}"), null, false)
                        .exitCode())
                .isEqualTo(ExitCode.STOPPED);
        assertThat(RunVerdict.of(ApiClient.JSON.readTree("{\"phase\":\"Failed\"}"), null, false)
                        .exitCode())
                .isEqualTo(ExitCode.FAILED);
    }
}
