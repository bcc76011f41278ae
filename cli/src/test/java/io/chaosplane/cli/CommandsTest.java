package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands besides run and apply, against a control plane that a test scripts. */
class CommandsTest {

    private static final String RUN = """
            {"runId":"r1","experimentName":"cpu","namespace":"ci","runSequence":2,"phase":"Completed",
             "resiliencyScore":100,"faultsTotal":1,"faultsPassed":1,"faultsFailed":0,"faultsStopped":0,"faultsNA":0,
             "steps":[{"index":0,"phase":"Completed","faults":[
               {"name":"cpu-hog","faultType":"linux-cpu-stress","weight":2,"phase":"Completed","verdict":"Pass",
                "streamID":"s1","probeStatuses":[{"name":"up","type":"httpProbe","mode":"SOT",
                                                  "status":{"verdict":"Passed","description":"200"}}]}]}]}""";

    @TempDir
    Path dir;

    FakeControlPlane server;
    Sessions cli;

    @BeforeEach
    void start() throws Exception {
        server = new FakeControlPlane();
        cli = new Sessions(dir, Map.of("CHAOSPLANE_SERVER", server.url(), "CHAOSPLANE_API_KEY", "cp_live_test"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void loginChecksTheKeyBeforeSavingIt() throws Exception {
        Sessions fresh = new Sessions(dir, Map.of());
        server.on("GET /api/v1/me", 401, "{\"status\":401,\"detail\":\"unknown key\"}");
        server.on("GET /api/v1/me", 200, "{\"actor\":\"apikey:ci\"}");

        assertThat(fresh.run("login", "--server", server.url(), "--api-key", "cp_live_bad"))
                .isEqualTo(ExitCode.UNREACHABLE);
        assertThat(Files.exists(fresh.session.configFile().path())).isFalse();

        assertThat(fresh.run("login", "--server", server.url() + "/", "--api-key", "cp_live_good", "--context", "ci"))
                .isZero();
        ConfigFile.Config config = fresh.session.configFile().read();
        assertThat(config.currentContext()).isEqualTo("ci");
        assertThat(config.contexts().get("ci").server()).isEqualTo(server.url());
        assertThat(fresh.out.toString()).contains("apikey:ci").doesNotContain("cp_live_good");
    }

    @Test
    void describeShowsStepsFaultsAndProbes() {
        server.on("GET /api/v1/runs/r1", 200, RUN);
        assertThat(cli.run("describe", "run", "r1")).isZero();
        assertThat(cli.out.toString())
                .contains("Experiment:   ci/cpu", "Score:        100", "cpu-hog (linux-cpu-stress, weight 2)")
                .contains("probe up (httpProbe, SOT): Passed 200");
    }

    @Test
    void logsFollowTheStreamUntilItCloses() {
        server.on("GET /api/v1/runs/r1", 200, RUN);
        server.on(
                "GET /api/v1/runs/r1/logs",
                200,
                "[{\"pos\":0,\"out\":\"injecting\"}]",
                Map.of("X-Next-Pos", "1", "X-Stream-Closed", "false"));
        server.on(
                "GET /api/v1/runs/r1/logs",
                200,
                "[{\"pos\":1,\"out\":\"reverted\"}]",
                Map.of("X-Next-Pos", "2", "X-Stream-Closed", "true"));

        assertThat(cli.run("logs", "r1", "--follow")).isZero();
        assertThat(cli.out.toString()).isEqualTo("[cpu-hog] injecting\n[cpu-hog] reverted\n");
        assertThat(server.requests.getLast().query()).contains("streamID=s1", "fromPos=1");
        assertThat(cli.run("logs", "r1", "--fault", "other")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void abortNamesARunOrAnExperiment() {
        server.on("POST /api/v1/runs/r1/abort", 200, "{\"runId\":\"r1\",\"phase\":\"Running\"}");
        server.on(
                "POST /api/v1/experiments/ci/cpu/abort", 200, "{\"status\":{\"runId\":\"r2\",\"phase\":\"Running\"}}");
        server.on("POST /api/v1/runs/r3/pause", 409, "{\"status\":409,\"detail\":\"run is completed\"}");

        assertThat(cli.run("abort", "r1")).isZero();
        assertThat(cli.run("abort", "ci/cpu")).isZero();
        assertThat(cli.out.toString()).contains("run r1: Running", "run r2: Running");
        assertThat(cli.run("pause", "r3")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("run is completed");
    }

    @Test
    void infraCreatePrintsTheInstallCommand() {
        server.on("POST /api/v1/infrastructures", 201, """
                {"infrastructure":{"id":"i1","identifier":"web_01"},"installToken":"t",
                 "installCommand":"curl -fsSLo agent.jar http://cp/downloads/chaosplane-agent-linux.jar && java -jar agent.jar"}""");

        assertThat(cli.run("infra", "create", "linux", "web-01")).isZero();
        assertThat(cli.out.toString()).contains("infrastructure web_01 created, id i1", "curl -fsSLo agent.jar");
        assertThat(server.requests.getFirst().body()).contains("\"identifier\":\"web_01\"", "\"type\":\"Linux\"");
    }

    @Test
    void getPassesTheFiltersAndTheProject() {
        server.on("GET /api/v1/events", 200, "{\"items\":[],\"total\":0}");
        assertThat(cli.run("get", "events", "--type", "Warning", "-n", "ci", "--project", "shop"))
                .isZero();
        assertThat(server.requests.getFirst().query())
                .contains("type=Warning", "namespace=ci", "projectIdentifier=shop");
        assertThat(cli.out.toString()).startsWith("TIME");
    }
}
