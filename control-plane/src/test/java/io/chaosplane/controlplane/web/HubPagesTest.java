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

/**
 * The Hub page in headless Chromium: packages filtered, one read, and installed with the form its parameters make;
 * a missing parameter shows at the form, and a viewer gets no form.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubPagesTest {

    static final String PASSWORD = "hub-pages-password";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    String adminEmail;
    String viewerEmail;
    HeadlessChromium browser;

    @BeforeAll
    void anAccountWithAnAdminAViewerAndAnAgent() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        admin = new Api(port).withKey(tenant.adminKey());
        adminEmail = "admin-" + tenant.accountId() + "@example.com";
        viewerEmail = "viewer-" + tenant.accountId() + "@example.com";
        fixtures.newPerson(tenant.accountId(), "admin", adminEmail, PASSWORD);
        fixtures.newPerson(tenant.accountId(), "viewer", viewerEmail, PASSWORD);
        FakeAgent.install(new Api(port), admin, "hub_page_host");
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
    void anAdminFiltersReadsAndInstallsAPackageWithTheFormItsParametersMake() {
        signInAs(adminEmail);
        browser.find("a[href='/hub']").click();
        assertThat(browser.all("#hub-packages tbody tr")).hasSizeGreaterThanOrEqualTo(5);

        browser.go("/hub?category=network");
        assertThat(browser.all("#hub-packages tbody tr")).hasSize(2);
        browser.find("#hub-packages tr[data-id='chaosplane:dependency-blackhole'] a")
                .click();
        assertThat(browser.find("h1").getText()).isEqualTo("A dependency becomes unreachable");
        assertThat(browser.text("pre.code")).contains("linux-network-blackhole");
        assertThat(browser.find("#p-namespace").getAttribute("value")).isEqualTo("default");

        browser.find("#p-infrastructure").sendKeys("hub_page_host");
        browser.find("form button[type=submit].primary").click();
        assertThat(browser.text("#install-problems"))
                .contains("parameters.hosts")
                .contains("is required");
        assertThat(browser.find("#p-infrastructure").getAttribute("value")).isEqualTo("hub_page_host");

        browser.find("#p-hosts").sendKeys("10.9.8.7");
        browser.find("form button[type=submit].primary").click();
        assertThat(browser.path()).isEqualTo("/experiments");
        assertThat(browser.text(".flash")).contains("created").contains("dependency-blackhole");
        assertThat(admin.get("/api/v1/experiments/default/dependency-blackhole")
                        .json()
                        .get("spec")
                        .get("action")
                        .get("parameters")
                        .get("DestinationHosts")
                        .asString())
                .isEqualTo("10.9.8.7");
    }

    @Test
    void aViewerReadsPackagesButGetsNoInstallForm() {
        signInAs(viewerEmail);
        browser.go("/hub");
        browser.find("#hub-packages tr[data-id='chaosplane:linux-cpu-burn'] a").click();
        assertThat(browser.find("h1").getText()).isEqualTo("CPU burn on a Linux host");
        assertThat(browser.all("#p-infrastructure")).isEmpty();
        assertThat(browser.text("#install-title + p")).contains("Project admins");
    }
}
