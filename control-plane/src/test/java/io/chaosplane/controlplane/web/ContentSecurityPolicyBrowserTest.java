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
            for (String page : PAGES) {
                browser.go(page);
                browser.await("body");
                assertThat(browser.script("return window.cspViolations"))
                        .as(page)
                        .asList()
                        .isEmpty();
            }

            browser.script("const inline = document.createElement('script');"
                    + " inline.textContent = 'window.inlineRan = true';"
                    + " document.head.appendChild(inline);");
            browser.waitUntil(
                    Duration.ofSeconds(5),
                    driver -> !((List<?>) browser.script("return window.cspViolations")).isEmpty());
            assertThat(browser.script("return window.inlineRan === true")).isEqualTo(false);
            assertThat(browser.script("return window.cspViolations").toString()).contains("script-src");
        }
    }
}
