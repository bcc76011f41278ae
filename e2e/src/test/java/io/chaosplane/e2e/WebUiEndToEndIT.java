package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.JarProcess;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A person in a real browser does what the issue asks of the web UI, against the real agent and log service: creates
 * a Linux infrastructure, starts the agent with the command the page shows and sees it turn CONNECTED, creates an
 * experiment from the catalogue form and watches its run go live to a verdict while its log lines arrive.
 */
class WebUiEndToEndIT {

    private static final Pattern ENV = Pattern.compile("(CHAOSPLANE_[A-Z_]+)=(\\S+)");
    /** The command keeps the install token off the agent's command line: it writes it to a file first. */
    private static final Pattern TOKEN_WRITTEN = Pattern.compile("printf '%s\\\\n' '([^']+)' > (\\S+)\\)");

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PASSWORD = "end-to-end-password";
    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();
    final int port = controlPlane.port();

    @TempDir
    Path dir;

    HeadlessChromium browser;
    JarProcess agent;
    ProbeTarget app;

    @BeforeEach
    void setUp() throws Exception {
        app = ProbeTarget.start();
        browser = HeadlessChromium.open(port);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (agent != null) {
            agent.close();
        }
        app.close();
    }

    @Test
    void anInfrastructureConnectsAndAnExperimentFromTheCatalogueRunsLiveToItsVerdictWithItsLogs() throws Exception {
        String account = "e2e_web_" + System.nanoTime();
        Api admin = new Api(port).withKey(controlPlane.newTenantAdminKey(account));
        String email = "operator-" + System.nanoTime() + "@example.com";
        controlPlane.join(account, email, "admin", PASSWORD);
        browser.signIn(email, PASSWORD);

        browser.go("/infrastructures/new");
        browser.find("#identifier").sendKeys("e2e_host");
        browser.find("#name").sendKeys("e2e host");
        browser.find("form.card button[type=submit]").click();
        String command = browser.await("#install-command").getText();
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("infrastructure-installed");

        agent = startAgentAsTheCommandSays(command);
        browser.go("/infrastructures");
        String row = browser.waitUntil(PATIENCE, d -> {
            String text = browser.text("#infra-rows");
            return text.contains("CONNECTED") ? text : null;
        });
        assertThat(row).contains("e2e host").doesNotContain("never");
        browser.screenshots("infrastructures-connected");

        browser.go("/experiments/new");
        browser.find("#name").sendKeys("cpu-burn");
        new Select(browser.find("#infrastructure")).selectByValue("e2e_host");
        new Select(browser.find("#fault")).selectByValue("linux-cpu-stress");
        setValue("[id='input.Load']", "50");
        setValue("[id='input.Duration']", "4s");
        browser.find("#probeUrl").sendKeys("http://127.0.0.1:" + app.port() + "/healthy");
        browser.find("section form button[type=submit]").click();
        browser.await("#live");
        assertThat(browser.path()).startsWith("/runs/");

        String run = browser.waitUntil(
                PATIENCE, d -> browser.text("#live h1 .badge").equals("Completed") ? browser.text("#live") : null);
        assertThat(run)
                .contains("verdict Pass")
                .contains("100")
                .contains("1/1")
                .contains("http-check")
                .contains("Passed");
        assertThat(((Number) browser.script("return Number(document.documentElement.dataset.liveUpdates || 0)"))
                        .intValue())
                .as("updates that came over the WebSocket")
                .isPositive();

        browser.waitUntil(PATIENCE, d -> browser.text("#log-state").startsWith("The log is complete"));
        List<WebElement> lines = browser.all("#log-lines li");
        assertThat(lines.size()).isGreaterThan(2);
        assertThat(browser.text("#log-lines")).contains("linux-cpu-stress");
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("run-finished-with-logs");

        browser.go("/");
        assertThat(browser.text(".stats")).contains("1 connected");
        assertThat(browser.text("main")).contains("cpu-burn #1");
    }

    private void setValue(String css, String value) {
        WebElement input = browser.find(css);
        input.clear();
        input.sendKeys(value);
    }

    /** The real agent, with the environment variables the page's install command sets, as the host would run it. */
    private JarProcess startAgentAsTheCommandSays(String command) throws Exception {
        Map<String, String> env = new HashMap<>();
        Matcher matcher = ENV.matcher(command);
        while (matcher.find()) {
            env.put(matcher.group(1), matcher.group(2));
        }
        assertThat(env).containsKeys("CHAOSPLANE_SERVER_URL", "CHAOSPLANE_INFRA_ID", "CHAOSPLANE_INSTALL_TOKEN_FILE");
        assertThat(env.get("CHAOSPLANE_SERVER_URL")).isEqualTo("http://localhost:" + port);
        Matcher token = TOKEN_WRITTEN.matcher(command);
        assertThat(token.find())
                .as("the command writes the install token to a file: " + command)
                .isTrue();
        assertThat(env.get("CHAOSPLANE_INSTALL_TOKEN_FILE")).isEqualTo("\"$PWD/" + token.group(2) + "\"");
        // as the command does, in the directory it runs in
        Path tokenFile = Files.writeString(dir.resolve(token.group(2)), token.group(1) + "\n");
        env.put("CHAOSPLANE_INSTALL_TOKEN_FILE", tokenFile.toString());
        // where a test may keep state, and heartbeats often enough for a test to wait little
        env.put(
                "CHAOSPLANE_STATE_DIR",
                Files.createDirectories(dir.resolve("state")).toString());
        env.put("CHAOSPLANE_LIVENESS_INTERVAL", "1s");
        env.put("CHAOSPLANE_STATUS_INTERVAL", "1s");
        env.put("CHAOSPLANE_POLL_WAIT", "5s");
        return JarProcess.start(
                AgentProcess.jar(), List.of("-XX:+UseSerialGC", "-Xmx64m"), env, dir.resolve("agent.log"));
    }
}
