package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.JarProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

/**
 * chaosctl, the packaged jar, as a pipeline runs it: only CHAOSPLANE_SERVER and CHAOSPLANE_API_KEY set, against the
 * control plane, the log service and a real Linux agent. The demo of examples/ is applied and run to its verdict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosctlEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();

    Path dir;
    String key;
    Api admin;
    JarProcess agent;

    /** What a chaosctl process did. */
    record Result(int exit, String out, String err) {}

    @BeforeAll
    void installAgent() throws Exception {
        dir = Files.createTempDirectory("chaosctl-e2e");
        key = controlPlane.newTenantAdminKey();
        admin = new Api(controlPlane.port()).withKey(key);
        AgentProcess.Installed installed = AgentProcess.install(admin, controlPlane.url(), dir, "ci_runner");
        agent = installed.process();
    }

    @AfterAll
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    /** An example of examples/, pointed at this test's agent and control plane, its fault shortened. */
    private Path example(String name, String duration, String renamedTo) throws IOException {
        Path examples = Path.of(System.getProperty("examples.directory"));
        String text = Files.readString(examples.resolve(name))
                .replace("infrastructure: local_agent", "infrastructure: ci_runner")
                .replace("http://localhost:8080", controlPlane.url())
                .replace("duration: 20s", "duration: " + duration);
        if (renamedTo != null) {
            text = text.replace("name: demo-cpu-hog", "name: " + renamedTo);
        }
        Path file = dir.resolve((renamedTo == null ? "" : renamedTo + "-") + name);
        Files.writeString(file, text);
        return file;
    }

    private Result chaosctl(String apiKey, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JarProcess.jar("chaosctl.jar").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CHAOSPLANE_"));
        env.put("CHAOSPLANE_SERVER", controlPlane.url());
        env.put("CHAOSPLANE_API_KEY", apiKey);
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("chaosctl " + String.join(" ", arguments) + " did not end");
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Document parse(Path report) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    }

    @Test
    void theDemoPassesWithItsScoreAboveTheMinimumAndAJUnitReportOfItsFault() throws Exception {
        Path report = dir.resolve("demo-report.xml");
        Result result = chaosctl(
                key,
                "run",
                "-f",
                example("demo.yaml", "4s", null).toString(),
                "--wait",
                "--min-score",
                "80",
                "--junit",
                report.toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("policy short-runs", "experiment demo/demo-cpu-hog", "passed, resiliency score 100")
                .as("no escape codes in a pipeline")
                .doesNotContain("\u001b");
        Document xml = parse(report);
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("demo/demo-cpu-hog");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        Element fault = (Element) xml.getElementsByTagName("testcase").item(0);
        assertThat(fault.getTextContent()).contains("linux-cpu-stress", "probe control-plane-healthy");
    }

    @Test
    void aFailingProbeAndAScoreBelowTheMinimumExitOneWithTheFailureInTheReport() throws Exception {
        Path report = dir.resolve("failing-report.xml");
        Result result = chaosctl(
                key,
                "run",
                "-f",
                example("demo-failing-probe.yaml", "4s", null).toString(),
                "--wait",
                "--min-score",
                "50",
                "--junit",
                report.toString());

        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
        Document xml = parse(report);
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(2);
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("fault failed", "page-answers");
        Element score = (Element) xml.getElementsByTagName("failure").item(1);
        assertThat(score.getAttribute("message")).isEqualTo("resiliency score 0 is below 50");
    }

    @Test
    void applyingTwiceChangesNothingTheSecondTimeAndStartsNoRun() throws Exception {
        Path file = example("demo.yaml", "4s", "demo-applied");
        Result first = chaosctl(key, "apply", "-f", file.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        Result second = chaosctl(key, "apply", "-f", file.toString());

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out())
                .contains("policy short-runs unchanged", "experiment demo/demo-applied unchanged")
                .doesNotContain("created", "updated");
        assertThat(admin.get("/api/v1/experiments/demo/demo-applied/runs")
                        .json()
                        .get("total")
                        .asInt())
                .isZero();

        Result dryRun = chaosctl(
                key,
                "apply",
                "--dry-run",
                "-f",
                Files.writeString(
                                dir.resolve("bad.yaml"),
                                Files.readString(file).replace("Load: \"50\"", "Load: \"500\""))
                        .toString());
        assertThat(dryRun.exit()).isEqualTo(2);
        assertThat(dryRun.err()).contains("bad.yaml:29: spec.action.parameters.Load");
    }

    @Test
    void aTimeoutExitsThreeAndLeavesTheRunAborted() throws Exception {
        Result result = chaosctl(
                key, "run", "-f", example("demo.yaml", "60s", "demo-long").toString(), "--wait", "--timeout", "6s");

        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(3);
        JsonNode aborted = Await.until(
                "the run is aborted",
                PATIENCE,
                () -> admin.get("/api/v1/experiments/demo/demo-long").json(),
                experiment ->
                        "Aborted".equals(experiment.get("status").get("phase").asString()));
        assertThat(aborted.get("status").get("runId").isNull()).isFalse();
    }

    @Test
    void theControlPlaneServesTheLauncherAndTheJarThatRunTogether() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("downloaded"));
        for (String file : List.of("chaosctl", "chaosctl.jar")) {
            var download = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(controlPlane.url() + "/downloads/" + file))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofFile(bin.resolve(file)));
            assertThat(download.statusCode()).as(file).isEqualTo(200);
        }
        assertThat(bin.resolve("chaosctl").toFile().setExecutable(true)).isTrue();
        Process version = new ProcessBuilder("bash", bin.resolve("chaosctl").toString(), "--version")
                .redirectErrorStream(true)
                .start();
        assertThat(version.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("chaosctl ");
        assertThat(version.exitValue()).isZero();
    }

    @Test
    void aWrongKeyExitsFive() throws Exception {
        Result result = chaosctl("cp_live_not-a-key", "get", "experiments");

        assertThat(result.exit()).isEqualTo(5);
        assertThat(result.err()).contains("refused the API key").doesNotContain("cp_live_not-a-key");
    }

    @Test
    void getListsWhatApplyMadeInEveryFormat() throws Exception {
        chaosctl(key, "apply", "-f", example("demo.yaml", "4s", "demo-listed").toString());
        Map<String, String> outputs = new HashMap<>();
        for (String format : List.of("table", "json", "yaml")) {
            Result result = chaosctl(key, "get", "experiments", "-n", "demo", "-o", format);
            assertThat(result.exit()).as(result.err()).isZero();
            outputs.put(format, result.out());
        }
        assertThat(outputs.get("table")).startsWith("NAMESPACE").contains("demo-listed");
        assertThat(outputs.get("json")).contains("\"name\" : \"demo-listed\"");
        assertThat(outputs.get("yaml")).contains("name: \"demo-listed\"");
    }

    @Test
    void aWorkflowOfTwoExperimentsPassesWithATestCaseForEachAndApplyingItTwiceChangesNothing() throws Exception {
        Path file = example("workflow.yaml", "3s", null);
        Result applied = chaosctl(key, "apply", "-f", file.toString());
        assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("workflow demo/release-check created");
        Result again = chaosctl(key, "apply", "-f", file.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out())
                .contains(
                        "experiment demo/release-cpu unchanged",
                        "experiment demo/release-memory unchanged",
                        "workflow demo/release-check unchanged")
                .doesNotContain("created", "updated");
        assertThat(admin.get("/api/v1/workflows/demo/release-check")
                        .json()
                        .get("status")
                        .get("phase")
                        .asString())
                .as("apply does not start it")
                .isEqualTo("Pending");

        Path report = dir.resolve("workflow-report.xml");
        Result result = chaosctl(
                key,
                "run",
                "workflow",
                "demo/release-check",
                "--wait",
                "--min-score",
                "80",
                "--junit",
                report.toString());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("workflow demo/release-check: passed").doesNotContain("\u001b");
        Document xml = parse(report);
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < xml.getElementsByTagName("testcase").getLength(); i++) {
            cases.add(((Element) xml.getElementsByTagName("testcase").item(i)).getAttribute("name"));
        }
        assertThat(cases)
                .hasSize(3)
                .anyMatch(name -> name.startsWith("cpu/"))
                .anyMatch(name -> name.startsWith("memory/"));
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
        assertThat(xml.getElementsByTagName("testcase").item(0).getTextContent())
                .contains("probe control-plane-healthy");
    }
}
