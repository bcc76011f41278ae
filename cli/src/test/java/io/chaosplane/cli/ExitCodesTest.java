package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The documented exit codes, each from the answers of a control plane that a test scripts. */
class ExitCodesTest {

    private static final String EXPERIMENT = """
            apiVersion: chaos.chaosplane.io/v1alpha1
            kind: ChaosExperiment
            metadata:
              name: cpu
              namespace: ci
            spec:
              target: {infrastructure: web_01}
              action:
                type: linux-cpu-stress
                parameters:
                  Load: "500"
              duration: 30s
            """;

    @TempDir
    Path dir;

    FakeControlPlane server;
    Sessions cli;

    @BeforeEach
    void start() throws Exception {
        server = new FakeControlPlane();
        cli = new Sessions(dir, Map.of("CHAOSPLANE_SERVER", server.url(), "CHAOSPLANE_API_KEY", "cp_live_test"));
        Files.writeString(dir.resolve("cpu.yaml"), EXPERIMENT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String run(String phase, String verdict, Object score) {
        return """
                {"runId":"r1","experimentName":"cpu","namespace":"ci","runSequence":1,"phase":"%s",
                 "resiliencyScore":%s,"message":"","startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:30Z",
                 "steps":[{"index":0,"phase":"%s","faults":[
                   {"name":"cpu-hog","faultType":"linux-cpu-stress","weight":1,"phase":"Completed","verdict":"%s",
                    "startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:30Z",
                    "probeStatuses":[{"name":"api-up","type":"httpProbe","mode":"Continuous",
                                      "status":{"verdict":"%s","description":"got 200"}}]}]}]}""".formatted(phase, score, phase, verdict, verdict.equals("Pass") ? "Passed" : "Failed");
    }

    private void scriptRun(String... states) {
        server.on("PUT /api/v1/experiments/ci/cpu", 200, "{}", Map.of("X-ChaosPlane-Applied", "unchanged"));
        server.on("POST /api/v1/experiments/ci/cpu/run", 201, run("Pending", "", "null"));
        for (String state : states) {
            server.on("GET /api/v1/runs/r1", 200, state);
        }
    }

    private int runFile(String... more) {
        String[] args =
                new String[] {"run", "-f", dir.resolve("cpu.yaml").toString(), "--wait", "--poll-interval", "0s"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return cli.run(all);
    }

    @Test
    void aPassingRunIsZeroAndItsJUnitReportHoldsTheFault() throws Exception {
        scriptRun(run("Running", "", "null"), run("Completed", "Pass", "100.00"));
        Path report = dir.resolve("reports/junit.xml");

        assertThat(runFile("--min-score", "80", "--junit", report.toString()))
                .as(cli.err.toString())
                .isEqualTo(ExitCode.PASSED);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
        assertThat(cli.out.toString())
                .contains("fault cpu-hog", "passed, resiliency score 100")
                .doesNotContain("\u001b");
        assertThat(server.requests).allMatch(request -> "cp_live_test".equals(request.apiKey()));
    }

    @Test
    void aFailedFaultOrAScoreBelowTheMinimumIsOne() {
        scriptRun(run("Completed", "Fail", "0"));
        assertThat(runFile()).isEqualTo(ExitCode.FAILED);
        assertThat(cli.out.toString()).contains("faults failed: cpu-hog Fail");
    }

    @Test
    void aScoreBelowTheMinimumIsOne() {
        scriptRun(run("Completed", "Pass", "75.5"));
        assertThat(runFile("--min-score", "80")).isEqualTo(ExitCode.FAILED);
        assertThat(cli.out.toString()).contains("resiliency score 75.5 is below 80");
    }

    @Test
    void aTimeoutIsThreeAndAbortsTheRunUnlessKeptRunning() {
        scriptRun(run("Running", "", "null"), run("Running", "", "null"), run("Aborted", "Stopped", "null"));
        server.on("POST /api/v1/runs/r1/abort", 200, run("Aborted", "Stopped", "null"));
        assertThat(runFile("--timeout", "0s")).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(server.count("POST", "/api/v1/runs/r1/abort")).isEqualTo(1);
    }

    @Test
    void aTimeoutWithKeepRunningLeavesTheRunAlone() {
        scriptRun(run("Running", "", "null"));
        assertThat(runFile("--timeout", "0s", "--keep-running")).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(server.count("POST", "/api/v1/runs/r1/abort")).isZero();
    }

    @Test
    void aRunAbortedBySomeoneElseIsFour() {
        scriptRun(run("Running", "", "null"), run("Aborted", "Stopped", "null"));
        assertThat(runFile()).isEqualTo(ExitCode.STOPPED);
    }

    @Test
    void aRunStoppedByAHaltIsFour() {
        scriptRun(run("Running", "", "null"), run("Stopped", "Stopped", "null"));
        assertThat(runFile()).isEqualTo(ExitCode.STOPPED);
        assertThat(cli.out.toString()).contains("stopped");
    }

    @Test
    void aPolicyRefusingTheRunIsFour() {
        server.on("PUT /api/v1/experiments/ci/cpu", 200, "{}", Map.of("X-ChaosPlane-Applied", "unchanged"));
        server.on(
                "POST /api/v1/experiments/ci/cpu/run",
                403,
                "{\"status\":403,\"error\":\"policy 'p' rule 'r' forbids this run\",\"policy\":\"p\"}");
        assertThat(runFile()).isEqualTo(ExitCode.STOPPED);
        assertThat(cli.err.toString()).contains("forbids this run");
    }

    @Test
    void aRefusedKeyIsFiveAndSoIsAServerThatCannotBeReached() throws Exception {
        server.on("GET /api/v1/experiments", 401, "{\"status\":401,\"detail\":\"bad key\"}");
        assertThat(cli.run("get", "experiments")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err.toString()).contains("refused the API key").doesNotContain("cp_live_test");

        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Sessions nowhere = new Sessions(
                dir, Map.of("CHAOSPLANE_SERVER", "http://127.0.0.1:" + closedPort, "CHAOSPLANE_API_KEY", "k"));
        assertThat(nowhere.run("get", "experiments")).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(nowhere.err.toString()).contains("cannot reach");
    }

    @Test
    void wrongUsageIsTwo() {
        assertThat(cli.run("run", "experiment", "ci/cpu", "--min-score", "80")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("get", "nonsense")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("run", "-f", dir.resolve("missing.yaml").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("run", "experiment", "ci/cpu", "--wait", "--timeout", "soon"))
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aDryRunPrintsTheServersProblemsAtTheirLines() {
        server.on("PUT /api/v1/experiments/ci/cpu", 400, """
                {"status":400,"detail":"invalid input","errors":[
                  {"field":"spec.action.parameters.Load","message":"must be at most 100"}]}""");
        String file = dir.resolve("cpu.yaml").toString();

        assertThat(cli.run("apply", "-f", file, "--dry-run")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains(file + ":11: spec.action.parameters.Load: must be at most 100");
        assertThat(server.requests.getFirst().query()).contains("dryRun=true");
    }

    @Test
    void applyingTwiceSaysUnchangedTheSecondTime() {
        server.on("PUT /api/v1/experiments/ci/cpu", 201, "{}", Map.of("X-ChaosPlane-Applied", "created"));
        server.on("PUT /api/v1/experiments/ci/cpu", 200, "{}", Map.of("X-ChaosPlane-Applied", "unchanged"));
        String file = dir.resolve("cpu.yaml").toString();

        assertThat(cli.run("apply", "-f", file)).isZero();
        assertThat(cli.run("apply", "-f", file)).isZero();
        assertThat(cli.out.toString()).contains("experiment ci/cpu created", "experiment ci/cpu unchanged");
    }
}
