package io.chaosplane.controlplane.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Topology page's what-if panel, heat map, score history and badges in headless Chromium, under the Content
 * Security Policy, with axe at 1280 and 390 px.
 */
@IntegrationTest
class TopologyPanelsBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void theWhatIfShowsTheDeltaTheChartsDrawAndTheBadgesShowWithTheirMarkdown() {
        try (HeadlessChromium browser = HeadlessChromium.open(port)) {
            ChromeDriver driver = (ChromeDriver) browser.driver();
            driver.executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument",
                    Map.of(
                            "source",
                            "window.cspViolations = [];"
                                    + " document.addEventListener('securitypolicyviolation', e =>"
                                    + " window.cspViolations.push(e.violatedDirective + ' ' + e.sourceFile + ' '"
                                    + " + e.blockedURI));"));
            browser.signIn("admin@chaosplane.local", "bootstrap-admin-password");
            browser.go("/demo"); // the bootstrap account's project: loads only where there is none, or the demo
            browser.go("/topology");

            new Select(browser.await("#whatif-component")).selectByValue("database");
            browser.find("#whatif-replicas").clear();
            browser.find("#whatif-replicas").sendKeys("3");
            browser.click("#whatif-failover");
            browser.click("#whatif-form button[type=submit]");
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    driver1 -> !browser.all("#whatif-result .whatif-delta").isEmpty());
            assertThat(browser.text("#whatif-result .whatif-delta"))
                    .matches("Score [0-9.]+ → [0-9.]+ \\(\\+[0-9.]+\\)");
            // nothing saved: the figure on the page is still the baseline
            double baseline = Double.parseDouble(browser.text(".stat .figure"));
            String shown = browser.text("#whatif-result .whatif-delta");
            assertThat(Double.parseDouble(shown.substring("Score ".length(), shown.indexOf(' ', "Score ".length()))))
                    .isEqualTo(baseline);

            browser.waitUntil(
                    Duration.ofSeconds(10),
                    d -> !browser.all("#heatmap-table tbody tr").isEmpty());
            assertThat(browser.all("#heatmap-table tbody tr")).hasSameSizeAs(browser.all("#topology-nodes tbody tr"));
            assertThat(browser.text("#heatmap-hotspots")).startsWith("Hotspots: ");
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    d -> !browser.all("#heatmap-chart canvas").isEmpty());
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    d -> !browser.all("#history-chart canvas").isEmpty());
            assertThat(browser.text("#history-summary")).contains("revision");

            browser.waitUntil(
                    Duration.ofSeconds(10),
                    d -> !browser.all("#badge-token-create").isEmpty()
                            || !browser.all(".badge-list li").isEmpty());
            if (!browser.all("#badge-token-create").isEmpty()) {
                browser.click("#badge-token-create");
            }
            browser.waitUntil(
                    Duration.ofSeconds(10), d -> browser.all(".badge-list li").size() == 6);
            assertThat(browser.text(".badge-list li code"))
                    .startsWith("![resilience score](" + "http://localhost:" + port
                            + "/badge/resilience_score.svg?style=flat&token=");
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    d -> Boolean.TRUE.equals(browser.script("return [...document.querySelectorAll('.badge-list img')]"
                            + ".every(i => i.complete && i.naturalWidth > 0)")));

            assertThat(browser.seriousViolations()).as("at 1280 px").isEmpty();
            assertThat(browser.overflowing(HeadlessChromium.NARROW))
                    .as("at 390 px")
                    .isEmpty();
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", HeadlessChromium.NARROW, "height", 900, "deviceScaleFactor", 1, "mobile", false));
            try {
                assertThat(browser.seriousViolations()).as("at 390 px").isEmpty();
            } finally {
                driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            }
            // the graph library's own injected style is another helper's to fix; the panels must cause nothing
            assertThat(browser.script("return window.cspViolations"))
                    .asList()
                    .map(String::valueOf)
                    .filteredOn(violation -> !violation.contains("cytoscape"))
                    .isEmpty();
            assertThat((List<?>)
                            browser.script("return [...document.querySelectorAll('.badge-list img')].map(i => i.alt)"))
                    .hasSize(6);
        }
    }
}
