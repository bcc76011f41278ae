package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
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

/** The kill switch on the infrastructures page, in headless Chromium: operators turn chaos off and on, viewers see it. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosSwitchPagesTest {

    static final String PASSWORD = "chaos-switch-password";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    FakeAgent agent;
    String adminEmail;
    String viewerEmail;
    HeadlessChromium browser;

    @BeforeAll
    void anAccountWithAnInfrastructure() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        admin = new Api(port).withKey(tenant.adminKey());
        agent = FakeAgent.install(new Api(port), admin, "switch_host");
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

    private boolean chaosEnabled() {
        return admin.get("/api/v1/infrastructures/" + agent.infraId())
                .json()
                .get("chaosEnabled")
                .asBoolean();
    }

    @Test
    void anOperatorTurnsChaosOffAndOnAgainFromTheInfrastructuresPage() {
        signInAs(viewerEmail);
        browser.go("/infrastructures");
        assertThat(browser.text(".chaos-switch")).contains("Enabled");
        assertThat(browser.all(".chaos-switch button")).isEmpty();

        signInAs(adminEmail);
        browser.go("/infrastructures");
        browser.click(".chaos-switch button[type=submit]");

        assertThat(browser.text(".flash")).contains("Chaos disabled on switch_host");
        assertThat(browser.text(".chaos-switch")).contains("Disabled", "Turn chaos on");
        assertThat(chaosEnabled()).isFalse();
        assertThat(agent.liveness().json().get("chaosEnabled").asBoolean()).isFalse();

        browser.click(".chaos-switch button[type=submit]");
        assertThat(browser.text(".flash")).contains("Chaos enabled on switch_host");
        assertThat(chaosEnabled()).isTrue();
        assertThat(agent.liveness().json().has("chaosEnabled")).isFalse();
    }
}
