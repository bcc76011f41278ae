package io.chaosplane.controlplane.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The chat panel on the Topology page, in headless Chromium under the Content Security Policy. */
@IntegrationTest
class ChatPanelBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void askingForTheSinglePointsOfFailureNamesTheOnesThePageShowsAndAFollowUpAsksAgain() {
        try (HeadlessChromium browser = HeadlessChromium.open(port)) {
            ((ChromeDriver) browser.driver())
                    .executeCdpCommand(
                            "Page.addScriptToEvaluateOnNewDocument",
                            Map.of(
                                    "source",
                                    "window.cspViolations = [];"
                                            + " document.addEventListener('securitypolicyviolation', e =>"
                                            + " window.cspViolations.push(e.violatedDirective + ' ' + e.sourceFile + ' ' + e.blockedURI));"));
            browser.signIn("admin@chaosplane.local", "bootstrap-admin-password");
            browser.go("/demo"); // the bootstrap account's project: loads only where there is none, or the demo
            browser.go("/topology");
            browser.await("#chat-question").sendKeys("What are the single points of failure?");
            browser.click("#chat-form button[type=submit]");
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    driver -> !browser.all("#chat-log .chat-entry").isEmpty());
            String answer = browser.text("#chat-log .chat-entry strong");
            // the same SPOFs the page's table marks
            java.util.List<String> marked = browser.all("#topology-nodes tr[data-spof=true]").stream()
                    .map(row -> row.getAttribute("data-id"))
                    .toList();
            assertThat(marked).isNotEmpty();
            assertThat(answer).contains(marked);

            browser.click("#chat-log .chat-suggestions button");
            browser.waitUntil(
                    Duration.ofSeconds(10),
                    driver -> browser.all("#chat-log .chat-entry").size() == 2);
            assertThat(browser.text("#chat-log .chat-entry strong")).startsWith("If ");
            // the graph library injects a style element of its own when it draws (the demo has a graph to draw);
            // the panel itself must cause nothing
            assertThat(browser.script("return window.cspViolations"))
                    .asList()
                    .map(String::valueOf)
                    .filteredOn(violation -> !violation.contains("cytoscape"))
                    .isEmpty();
        }
    }
}
