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
import org.w3c.dom.Element;

/** Workflows in {@code apply} and {@code run}, against a control plane that a test scripts. */
class WorkflowCommandsTest {

    /** The workflow first, as people may write it: chaosctl applies it after the experiments it names. */
    private static final String MANIFESTS = """
            apiVersion: chaos.chaosplane.io/v1alpha1
            kind: ChaosWorkflow
            metadata:
              name: release
              namespace: ci
            spec:
              entry: main
              templates:
                - name: main
                  templateType: Serial
                  children: [a, b]
                - name: a
                  templateType: Experiment
                  experiment: {name: cpu}
                - name: b
                  templateType: Experiment
                  experiment: {name: ghost}
            ---
            apiVersion: chaos.chaosplane.io/v1alpha1
            kind: ChaosExperiment
            metadata: {name: cpu, namespace: ci}
            spec:
              target: {infrastructure: web_01}
              action: {type: linux-cpu-stress}
              duration: 30s
            ---
            apiVersion: chaos.chaosplane.io/v1alpha1
            kind: ChaosExperiment
            metadata: {name: ghost, namespace: ci}
            spec:
              target: {infrastructure: web_01}
              action: {type: linux-memory-stress, parameters: {Memory: 64Mi}}
              duration: 30s
            """;

    private static final String WORKFLOW_PATH = "/api/v1/workflows/ci/release";

    @TempDir
    Path dir;

    FakeControlPlane server;
    Sessions cli;
    Path file;

    @BeforeEach
    void start() throws Exception {
        server = new FakeControlPlane();
        cli = new Sessions(dir, Map.of("CHAOSPLANE_SERVER", server.url(), "CHAOSPLANE_API_KEY", "cp_live_test"));
        file = Files.writeString(dir.resolve("release.yaml"), MANIFESTS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String workflow(String phase, String runA, String runB) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosWorkflow",
                 "metadata":{"name":"release","namespace":"ci","uid":"w1"},
                 "status":{"phase":"%s","message":"","startTime":"2026-01-01T00:00:00Z","nodes":[
                   {"name":"a","templateType":"Experiment","phase":"Running","runId":%s},
                   {"name":"b","templateType":"Experiment","phase":"Pending","runId":%s},
                   {"name":"main","templateType":"Serial","phase":"%s","runId":null}]}}""".formatted(
                phase, runA == null ? "null" : "\"" + runA + "\"", runB == null ? "null" : "\"" + runB + "\"", phase);
    }

    private static String run(String id, String experiment, String fault, String phase, String verdict, Object score) {
        return """
                {"runId":"%s","experimentName":"%s","namespace":"ci","runSequence":1,"phase":"%s",
                 "resiliencyScore":%s,"message":"%s","startedAt":"2026-01-01T00:00:00Z",
                 "finishedAt":"2026-01-01T00:00:30Z",
                 "steps":[{"index":0,"phase":"%s","faults":[
                   {"name":"%s","faultType":"linux-cpu-stress","weight":1,"phase":"Completed","verdict":"%s",
                    "startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:30Z",
                    "probeStatuses":[{"name":"api-up","type":"httpProbe","mode":"Continuous",
                                      "status":{"verdict":"%s","description":"got 503"}}]}]}]}""".formatted(
                        id,
                        experiment,
                        phase,
                        score,
                        phase.equals("Stopped") ? "halt h1 (project, by ops: freeze)" : "",
                        phase,
                        fault,
                        verdict,
                        verdict.equals("Pass") ? "Passed" : "Failed");
    }

    private int runWorkflow(String... more) {
        String[] args = {"run", "workflow", "ci/release", "--wait", "--poll-interval", "0s"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return cli.run(all);
    }

    @Test
    void applyPutsTheWorkflowAfterItsExperimentsAndSaysWhatChanged() {
        server.on("PUT /api/v1/experiments/ci/cpu", 200, "{}", Map.of("X-ChaosPlane-Applied", "unchanged"));
        server.on("PUT /api/v1/experiments/ci/ghost", 201, "{}", Map.of("X-ChaosPlane-Applied", "created"));
        server.on("PUT " + WORKFLOW_PATH, 200, "{}", Map.of("X-ChaosPlane-Applied", "unchanged"));

        assertThat(cli.run("apply", "-f", file.toString()))
                .as(cli.err.toString())
                .isZero();

        assertThat(server.requests)
                .extracting(FakeControlPlane.Request::path)
                .containsExactly("/api/v1/experiments/ci/cpu", "/api/v1/experiments/ci/ghost", WORKFLOW_PATH);
        assertThat(cli.out.toString())
                .contains(
                        "experiment ci/cpu unchanged", "experiment ci/ghost created", "workflow ci/release unchanged");
        FakeControlPlane.Request put = server.requests.getLast();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.body()).contains("\"kind\":\"ChaosWorkflow\"", "\"entry\":\"main\"");
        assertThat(server.count("POST", WORKFLOW_PATH + "/run"))
                .as("apply never starts it")
                .isZero();
    }

    @Test
    void aDryRunAsksTheServerAndPrintsItsProblemsAtTheirLines() {
        server.on("PUT /api/v1/experiments/ci/cpu", 200, "{}", Map.of("X-ChaosPlane-Applied", "created"));
        server.on("PUT /api/v1/experiments/ci/ghost", 200, "{}", Map.of("X-ChaosPlane-Applied", "created"));
        server.on("PUT " + WORKFLOW_PATH, 400, """
                {"status":400,"detail":"invalid input","errors":[
                  {"field":"spec.templates[2].experiment.name","message":"no experiment 'ghost'"}]}""");

        assertThat(cli.run("apply", "--dry-run", "-f", file.toString())).isEqualTo(ExitCode.USAGE);

        assertThat(server.requests).allMatch(request -> "dryRun=true".equals(request.query()));
        assertThat(cli.err.toString())
                .contains("release.yaml:17: spec.templates[2].experiment.name: no experiment 'ghost'");
    }

    @Test
    void runWorkflowWaitsForItsVerdictAndReportsEveryFaultOfItsExperiments() throws Exception {
        server.on("POST " + WORKFLOW_PATH + "/run", 200, workflow("Running", null, null));
        server.on("GET " + WORKFLOW_PATH, 200, workflow("Running", "r1", null));
        server.on("GET " + WORKFLOW_PATH, 200, workflow("Completed", "r1", "r2"));
        server.on("GET /api/v1/runs/r1", 200, run("r1", "cpu", "cpu-hog", "Completed", "Pass", "100"));
        server.on("GET /api/v1/runs/r2", 200, run("r2", "ghost", "mem-hog", "Completed", "Pass", "80"));
        Path report = dir.resolve("junit.xml");

        assertThat(runWorkflow("--min-score", "85", "--junit", report.toString()))
                .as(cli.out.toString() + cli.err)
                .isEqualTo(ExitCode.PASSED);

        assertThat(cli.out.toString())
                .contains("fault a/cpu-hog", "fault b/mem-hog", "workflow ci/release: passed, resiliency score 90")
                .doesNotContain("\u001b");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        assertThat(((Element) xml.getElementsByTagName("testcase").item(0)).getAttribute("name"))
                .isEqualTo("a/cpu-hog");
        assertThat(((Element) xml.getElementsByTagName("testcase").item(1)).getAttribute("name"))
                .isEqualTo("b/mem-hog");
        assertThat(xml.getElementsByTagName("testcase").item(1).getTextContent())
                .contains("probe api-up");
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void aFailedFaultOfOneStepIsOneWithItsProbeInTheReport() throws Exception {
        server.on("POST " + WORKFLOW_PATH + "/run", 200, workflow("Running", null, null));
        server.on("GET " + WORKFLOW_PATH, 200, workflow("Failed", "r1", null));
        server.on("GET /api/v1/runs/r1", 200, run("r1", "cpu", "cpu-hog", "Completed", "Fail", "0"));
        Path report = dir.resolve("junit.xml");

        assertThat(runWorkflow("--junit", report.toString())).isEqualTo(ExitCode.FAILED);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("fault failed", "probe api-up Failed: got 503");
    }

    @Test
    void aStepStoppedByAHaltIsFour() {
        server.on("POST " + WORKFLOW_PATH + "/run", 200, workflow("Running", null, null));
        server.on("GET " + WORKFLOW_PATH, 200, workflow("Failed", "r1", null));
        server.on("GET /api/v1/runs/r1", 200, run("r1", "cpu", "cpu-hog", "Stopped", "", "null"));

        assertThat(runWorkflow()).isEqualTo(ExitCode.STOPPED);
        assertThat(cli.out.toString()).contains("stopped", "halt h1");
    }

    @Test
    void aTimeoutAbortsTheWorkflowAndIsThree() {
        server.on("POST " + WORKFLOW_PATH + "/run", 200, workflow("Running", null, null));
        server.on("GET " + WORKFLOW_PATH, 200, workflow("Running", "r1", null));
        server.on("GET " + WORKFLOW_PATH, 200, workflow("Running", "r1", null));
        server.on("GET " + WORKFLOW_PATH, 200, workflow("Aborted", "r1", null));
        server.on("GET /api/v1/runs/r1", 200, run("r1", "cpu", "cpu-hog", "Aborted", "", "null"));
        server.on("POST " + WORKFLOW_PATH + "/abort", 200, workflow("Aborted", "r1", null));

        assertThat(runWorkflow("--timeout", "0s")).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(server.count("POST", WORKFLOW_PATH + "/abort")).isEqualTo(1);
    }

    @Test
    void runFileAppliesEverythingAndRunsTheFilesWorkflow() {
        server.on("PUT /api/v1/experiments/ci/cpu", 200, "{}", Map.of("X-ChaosPlane-Applied", "unchanged"));
        server.on("PUT /api/v1/experiments/ci/ghost", 200, "{}", Map.of("X-ChaosPlane-Applied", "unchanged"));
        server.on("PUT " + WORKFLOW_PATH, 201, "{}", Map.of("X-ChaosPlane-Applied", "created"));
        server.on("POST " + WORKFLOW_PATH + "/run", 200, workflow("Running", null, null));

        assertThat(cli.run("run", "-f", file.toString())).as(cli.err.toString()).isZero();

        assertThat(cli.out.toString()).contains("workflow ci/release created", "workflow ci/release started");
        assertThat(server.count("POST", WORKFLOW_PATH + "/run")).isEqualTo(1);
        assertThat(server.count("POST", "/api/v1/experiments/ci/cpu/run"))
                .as("the experiments run as its steps, not on their own")
                .isZero();
    }

    @Test
    void aWorkflowThatIsRunningAlreadyIsAUsageError() {
        server.on("POST " + WORKFLOW_PATH + "/run", 409, """
                {"status":409,"detail":"workflow 'release' is running; a new run starts once it ended"}""");

        assertThat(runWorkflow()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("a new run starts once it ended");
    }
}
