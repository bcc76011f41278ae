package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * In headless Chromium, the new-experiment form's fault picker groups the catalogue by category, its search box
 * narrows it, and a fault the chosen infrastructure's agent reported it cannot run says why before the run.
 */
@IntegrationTest
class FaultPickerBrowserTest {

    private static final String PASSWORD = "correct-horse-battery-staple";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    private void install(Api admin, String identifier, Map<String, Object> capabilities) {
        JsonNode created = admin.post("/api/v1/infrastructures", Map.of("identifier", identifier, "name", identifier))
                .json();
        Api.Response confirmed = new Api(port)
                .post(
                        "/chaos/lserver/api/infra/confirm",
                        Map.of("hostname", identifier, "version", "1.0.0", "capabilities", capabilities),
                        "X-Infra-ID",
                        created.get("infrastructure").get("id").asString(),
                        "X-Access-Key",
                        created.get("installToken").asString());
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
    }

    private static List<String> visibleFaults(HeadlessChromium browser) {
        return browser.all("#fault option").stream()
                .filter(option -> !"true".equals(option.getDomProperty("hidden")))
                .map(option -> option.getDomAttribute("value"))
                .toList();
    }

    @Test
    void faultsAreGroupedSearchableAndMarkedWhereTheAgentCannotRunThem() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api admin = new Api(port).withKey(tenant.adminKey());
        install(admin, "no_netem", Map.of("root", true, "kernelModules", List.of(), "commands", List.of("tc", "ip")));
        install(
                admin,
                "full",
                Map.of("root", true, "kernelModules", List.of("sch_netem"), "commands", List.of("tc", "ip")));
        String email = "picker-" + tenant.accountId() + "@example.com";
        fixtures.newPerson(tenant.accountId(), "admin", email, PASSWORD);

        try (HeadlessChromium browser = HeadlessChromium.open(port)) {
            browser.signIn(email, PASSWORD);
            browser.go("/experiments/new");
            browser.await("#fault-search");

            assertThat(browser.all("#fault optgroup").stream().map(group -> group.getDomAttribute("label")))
                    .contains("Linux host · network", "Linux host · stress", "Linux host · dns");

            browser.find("#fault-search").sendKeys("duplication");
            browser.waitUntil(Duration.ofSeconds(5), d -> visibleFaults(browser).size() < 10 ? true : null);
            assertThat(visibleFaults(browser))
                    .contains("linux-network-duplication")
                    .allSatisfy(fault -> assertThat(browser.find("#fault option[value='" + fault + "']")
                                    .getDomAttribute("data-search"))
                            .contains("duplication"));
            assertThat(browser.find("#fault").getDomProperty("value"))
                    .as("a hidden choice gives way to the first match")
                    .isIn(visibleFaults(browser));

            new Select(browser.find("#infrastructure")).selectByValue("no_netem");
            new Select(browser.find("#fault")).selectByValue("linux-network-duplication");
            browser.waitUntil(
                    Duration.ofSeconds(5),
                    d -> browser.text("#fault-capability").isEmpty() ? null : true);
            assertThat(browser.text("#fault-capability"))
                    .contains("cannot run linux-network-duplication")
                    .contains("kernel module sch_netem is missing");
            WebElement marked = browser.find("#fault option[value='linux-network-duplication']");
            assertThat(marked.getText()).contains("cannot run here");

            new Select(browser.find("#infrastructure")).selectByValue("full");
            assertThat(browser.text("#fault-capability")).isEmpty();
            assertThat(marked.getText()).isEqualTo("linux-network-duplication");

            new Select(browser.find("#infrastructure")).selectByValue("no_netem");
            browser.find("#name").sendKeys("dup");
            browser.await("#fault-inputs input[name='input.DuplicationPercentage']")
                    .sendKeys("5");
            browser.find("section form button[type=submit]").click();
            assertThat(browser.await(".field-error").getText()).contains("kernel module sch_netem is missing");
            assertThat(admin.get("/api/v1/experiments/default/dup").status()).isEqualTo(404);
            assertThat(browser.seriousViolations()).isEmpty();
        }
    }
}
