package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.time.Duration;
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
    void afterTheHaltAProgressViewListsTheRunsFaultsUntilEveryOneIsReverted() {
        FakeAgent agent = FakeAgent.install(new Api(port), admin, "halted_in_browser");
        Api.Response created = admin.postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"burning","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},
                         "duration":"10m"}}""".formatted(agent.infraId()), "application/json");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String taskName =
                agent.poll(0).json().get("taskList").get(0).get("taskName").asString();
        agent.status(taskName, "Running");

        signInAs(adminEmail);
        browser.find("a[href='/halt']").click();
        browser.find("form.actions button[type=submit]").click();

        assertThat(browser.path()).startsWith("/halts/");
        assertThat(browser.text(".halt-status")).contains("0 of 1 fault(s) reverted");
        assertThat(browser.text("#halt-progress table")).contains("burning #1", "Running", "not yet");

        agent.result(taskName, "{\"result\":{\"taskStatus\":\"Stopped\",\"verdict\":\"Stopped\"}}");
        browser.waitUntil(
                Duration.ofSeconds(15), driver -> browser.text(".halt-status").contains("Every fault is reverted"));
        assertThat(browser.text("#halt-progress table")).contains("Stopped", "yes");

        browser.find(".halt-banner button[type=submit]").click(); // lift it, for the other test of this account
        assertThat(browser.all(".halt-banner")).isEmpty();
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
