package io.chaosplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The "done when" for the scenario hub: a package installed from the Hub page in a real browser produces an
 * experiment that runs on the real local Linux agent to Completed. The package is the built-in CPU burn, kept short
 * and light (30 % for 3 s) so that it harms nothing on the machine running the tests.
 */
class HubInstallEndToEndIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String PASSWORD = "end-to-end-password";
    final ControlPlaneProcess controlPlane = ControlPlaneProcess.shared();
    final int port = controlPlane.port();

    @TempDir
    Path dir;

    HeadlessChromium browser;
    AgentProcess.Installed agent;

    @AfterEach
    void tearDown() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (agent != null) {
            agent.process().close();
        }
    }

    @Test
    void aPackageInstalledFromTheHubPageRunsOnTheLocalAgentToCompleted() throws Exception {
        String account = "e2e_hub_" + System.nanoTime();
        Api admin = new Api(port).withKey(controlPlane.newTenantAdminKey(account));
        agent = AgentProcess.install(admin, controlPlane.url(), dir, "hub_host");
        String email = "hub-admin-" + System.nanoTime() + "@example.com";
        controlPlane.join(account, email, "admin", PASSWORD);
        browser = HeadlessChromium.open(port);
        browser.signIn(email, PASSWORD);

        browser.go("/hub?provider=linux");
        browser.await("a[href$='linux-cpu-burn']").click();
        browser.await("#p-infrastructure").sendKeys("hub_host");
        setValue("#p-load", "30");
        setValue("#p-duration", "3s");
        assertThat(browser.seriousViolations()).isEmpty();
        browser.find("form[action$='/install'] button[type=submit]").click();

        browser.waitUntil(PATIENCE, d -> browser.path().equals("/experiments"));
        assertThat(browser.text(".flash")).contains("cpu-burn (created)");
        JsonNode experiment = admin.get("/api/v1/experiments/default/cpu-burn").json();
        assertThat(experiment
                        .get("spec")
                        .get("action")
                        .get("parameters")
                        .get("Load")
                        .asString())
                .isEqualTo("30");
        assertThat(admin.get("/api/v1/experiments/default/cpu-burn/runs")
                        .json()
                        .get("total")
                        .asInt())
                .as("installing runs nothing")
                .isZero();

        browser.go("/experiments/default/cpu-burn");
        browser.find("form[action$='/run'] button[type=submit]").click();
        browser.await("#live");
        assertThat(browser.path()).startsWith("/runs/");
        browser.waitUntil(PATIENCE, d -> browser.text("#live h1 .badge").equals("Completed"));

        JsonNode ran = admin.get("/api/v1/experiments/default/cpu-burn").json();
        assertThat(ran.get("status").get("phase").asString()).isEqualTo("Completed");
        assertThat(admin.get("/api/v1/experiments/default/cpu-burn/runs")
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(admin.get("/api/v1/infrastructures/" + agent.infraId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CONNECTED");
        browser.screenshots("hub-package-run-completed");
    }

    private void setValue(String css, String value) {
        WebElement input = browser.find(css);
        input.clear();
        input.sendKeys(value);
    }
}
