package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In real headless Chromium the product's pages (charts, topology graph, htmx) run under the Content Security
 * Policy without a single violation, while an inline script is refused.
 */
@IntegrationTest
class ContentSecurityPolicyBrowserTest {

    static final List<String> PAGES = List.of(
            "/",
            "/topology",
            "/hub",
            "/experiments",
            "/workflows",
            "/infrastructures",
            "/policies",
            "/events",
            "/halt",
            "/settings/members",
            "/settings/api-keys",
            "/settings/plan");

    @LocalServerPort
    int port;

    @Test
    void thePagesRunWithoutViolationsAndAnInlineScriptIsRefused() {
        try (HeadlessChromium browser = HeadlessChromium.open(port)) {
            // installed by the browser itself before each page's own scripts, so the policy does not apply to it
            ((ChromeDriver) browser.driver())
                    .executeCdpCommand(
                            "Page.addScriptToEvaluateOnNewDocument",
                            Map.of(
                                    "source",
                                    "window.cspViolations = [];"
                                            + " document.addEventListener('securitypolicyviolation', e =>"
                                            + " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
            browser.signIn("admin@chaosplane.local", "bootstrap-admin-password");
            // the Topology page draws its graph only when the project has one: the demo (409 when another graph is
            // there already, which draws as well)
            browser.go("/demo");
            browser.consoleMessages();
            for (String page : PAGES) {
                browser.go(page);
                browser.await("body");
                if (page.equals("/topology")) {
                    // Cytoscape sets itself up when its deferred script has run: wait for the canvas it draws on
                    browser.await("#topology-graph canvas");
                }
                assertThat(settledViolations(browser)).as(page).isEmpty();
                assertThat(browser.consoleMessages())
                        .as(page + ": what the browser's console says")
                        .noneMatch(message -> message.contains("Content Security Policy"));
            }

            browser.script("const inline = document.createElement('script');"
                    + " inline.textContent = 'window.inlineRan = true';"
                    + " document.head.appendChild(inline);");
            browser.waitUntil(
                    Duration.ofSeconds(5),
                    driver -> !((List<?>) browser.script("return window.cspViolations")).isEmpty());
            assertThat(browser.script("return window.inlineRan === true")).isEqualTo(false);
            assertThat(browser.script("return window.cspViolations").toString()).contains("script-src");
            assertThat(browser.consoleMessages())
                    .as("the console reports the refusal too, so the check above can see one")
                    .anyMatch(message -> message.contains("Content Security Policy"));
        }
    }

    /**
     * The violations the page has reported, read after its pending tasks ran: the browser dispatches
     * {@code securitypolicyviolation} as a task of its own, after the script that caused it.
     */
    private static List<?> settledViolations(HeadlessChromium browser) {
        return (List<?>) ((ChromeDriver) browser.driver())
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " requestAnimationFrame(() => setTimeout(() => done(window.cspViolations), 200));");
    }
}
