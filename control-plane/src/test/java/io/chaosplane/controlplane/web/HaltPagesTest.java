package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The red Halt button in headless Chromium, in an account of its own (a halt stops everything in its project): shown
 * to operators only, it halts the current project after a confirmation, and the banner on every page lifts it.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HaltPagesTest {

    static final String PASSWORD = "halt-pages-password";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    String adminEmail;
    String viewerEmail;
    HeadlessChromium browser;

    @BeforeAll
    void anAccountWithAnAdminAndAViewer() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        admin = new Api(port).withKey(tenant.adminKey());
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
        assertThat(browser.path()).isEqualTo("/");
    }

    @Test
    void theRedHaltButtonHaltsTheProjectAfterAConfirmationAndTheBannerLiftsIt() {
        signInAs(viewerEmail);
        assertThat(browser.all("a[href='/halt']")).isEmpty();

        signInAs(adminEmail);
        browser.find("a[href='/halt']").click();
        assertThat(browser.find("h1").getText()).contains("Halt everything in default/default_project");
        browser.find("form.actions button[type=submit]").click();

        assertThat(browser.text(".flash")).contains("Halted");
        assertThat(browser.text(".halt-banner")).contains("project default/default_project");
        JsonNode halt = admin.get("/api/v1/halts").json().get("items").get(0);
        assertThat(halt.get("active").asBoolean()).isTrue();
        assertThat(halt.get("reason").asString()).contains("web UI");
        browser.go("/experiments");
        assertThat(browser.text(".halt-banner")).contains("Halted");

        browser.find(".halt-banner button[type=submit]").click();
        assertThat(browser.text(".flash")).contains("Halt lifted");
        assertThat(browser.all(".halt-banner")).isEmpty();
        assertThat(admin.get("/api/v1/halts")
                        .json()
                        .get("items")
                        .get(0)
                        .get("active")
                        .asBoolean())
                .isFalse();
    }
}
