package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The Discovery page in headless Chromium: an admin creates an agent for a cluster, sees its manifest once, finds it
 * PENDING in the list and deletes it after confirming; a viewer sees the list without create or delete.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryPagesBrowserTest {

    static final String PASSWORD = "discovery-pages-password";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    String adminEmail;
    String viewerEmail;
    HeadlessChromium browser;

    @BeforeAll
    void aProjectWithAClusterInAnEnvironment() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        admin = new Api(port).withKey(tenant.adminKey());
        assertThat(admin.post(
                                "/api/v1/orgs/default/projects/default_project/environments",
                                Map.of("identifier", "demo", "name", "Demo", "type", "PreProduction"))
                        .status())
                .isEqualTo(201);
        Api.Response cluster = admin.post(
                "/api/v1/infrastructures",
                Map.of(
                        "identifier",
                        "cluster_a",
                        "name",
                        "cluster_a",
                        "type",
                        "Kubernetes",
                        "environmentIdentifier",
                        "demo"));
        assertThat(cluster.status()).as(cluster.text()).isEqualTo(201);
        adminEmail = "admin-" + tenant.accountId() + "@example.com";
        viewerEmail = "viewer-" + tenant.accountId() + "@example.com";
        fixtures.newPerson(tenant.accountId(), "admin", adminEmail, PASSWORD);
        fixtures.newPerson(tenant.accountId(), "viewer", viewerEmail, PASSWORD);
        browser = HeadlessChromium.open(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void signInAs(String email) {
        browser.driver().manage().deleteAllCookies();
        browser.signIn(email, PASSWORD);
    }

    private void accessibleAtBothWidths(String page) {
        assertThat(browser.seriousViolations()).as(page + " at 1280 px").isEmpty();
        assertThat(browser.overflowing(HeadlessChromium.NARROW))
                .as(page + " at 390 px")
                .isEmpty();
        ((ChromeDriver) browser.driver())
                .executeCdpCommand(
                        "Emulation.setDeviceMetricsOverride",
                        Map.of(
                                "width",
                                HeadlessChromium.NARROW,
                                "height",
                                900,
                                "deviceScaleFactor",
                                1,
                                "mobile",
                                false));
        try {
            assertThat(browser.seriousViolations()).as(page + " at 390 px").isEmpty();
        } finally {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private void fill(String css, String text) {
        browser.find(css).clear();
        browser.find(css).sendKeys(text);
    }

    @Test
    void anAdminCreatesAnAgentSeesItsManifestOnceAndAViewerOnlyReads() {
        signInAs(adminEmail);
        browser.go("/topology");
        browser.click("main a[href='/discovery']");
        assertThat(browser.path()).isEqualTo("/discovery");
        assertThat(browser.text("main")).contains("No discovery agent in this project yet.");
        accessibleAtBothWidths("empty list");

        browser.click(".heading-row a.button");
        assertThat(browser.path()).isEqualTo("/discovery/new");
        accessibleAtBothWidths("form");

        // a bad cron is named at its field and nothing is created
        fill("#name", "cluster-a-discovery");
        new Select(browser.find("#environment")).selectByValue("demo");
        new Select(browser.find("#infrastructure")).selectByValue("cluster_a");
        fill("#cron", "every day");
        browser.click("main form button[type=submit]");
        assertThat(browser.text("#cron-error")).contains("five-field cron");
        assertThat(agents()).isEmpty();
        accessibleAtBothWidths("form with an error");

        fill("#cron", "*/15 * * * *");
        fill("#window", "5");
        browser.click("main input[name=nodeAgent]");
        browser.click("main form button[type=submit]");

        String command = browser.text("#kubectl-command");
        String manifestUrl = browser.text("#manifest-url");
        assertThat(command).isEqualTo("kubectl apply -f '" + manifestUrl + "'");
        assertThat(manifestUrl).contains("token=");
        String token = manifestUrl.substring(manifestUrl.indexOf("token=") + "token=".length());
        assertThat(token).isNotBlank();
        accessibleAtBothWidths("install");

        JsonNode created = agents();
        assertThat(created).hasSize(1);
        JsonNode data = created.get(0).get("config").get("data");
        assertThat(data.get("enableNodeAgent").asBoolean()).isTrue();
        assertThat(data.get("collectionWindowInMin").asInt()).isEqualTo(5);
        assertThat(data.get("cron").get("expression").asString()).isEqualTo("*/15 * * * *");

        // shown once: the list, and the list again, never show the token or the manifest's URL
        browser.click("main a.button.primary");
        assertThat(browser.path()).isEqualTo("/discovery");
        assertThat(browser.text("#discovery-rows")).contains("cluster-a-discovery", "cluster_a", "PENDING", "—");
        assertThat(browser.driver().getPageSource()).doesNotContain(token);
        browser.go("/discovery");
        assertThat(browser.driver().getPageSource()).doesNotContain(token);
        accessibleAtBothWidths("list");

        signInAs(viewerEmail);
        browser.go("/discovery");
        assertThat(browser.text("#discovery-rows")).contains("cluster-a-discovery", "PENDING");
        assertThat(browser.all("main .heading-row a.button")).isEmpty();
        assertThat(browser.all("#discovery-rows a")).isEmpty();
        accessibleAtBothWidths("viewer's list");
        browser.go("/discovery/new");
        assertThat(browser.all("main form button[type=submit]")).isEmpty();

        signInAs(adminEmail);
        browser.go("/discovery");
        browser.click("#discovery-rows a.text-danger");
        assertThat(browser.text("main h1")).isEqualTo("Delete discovery agent cluster-a-discovery?");
        browser.click("main form button.danger");
        assertThat(browser.text(".flash")).contains("Discovery agent cluster-a-discovery deleted.");
        assertThat(agents()).isEmpty();
    }

    private JsonNode agents() {
        Api.Response list = admin.get("/servicediscovery/api/v1/agents?organizationIdentifier=default"
                + "&projectIdentifier=default_project");
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        return list.json().get("items");
    }
}
