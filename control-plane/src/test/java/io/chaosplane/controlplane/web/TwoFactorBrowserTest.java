package io.chaosplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.TestClock;
import io.chaosplane.testsupport.browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In headless Chromium a person enrols in two-factor sign-in and then signs in with a code after the password; the
 * pages run under the Content Security Policy without a violation and have no serious accessibility fault.
 */
@IntegrationTest
class TwoFactorBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    /** Other test classes of the shared context work with real time: leave the clock as found. */
    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    private String code(String secret) throws Exception {
        return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6)
                .generate(secret, Math.floorDiv(clock.millis() / 1000, 30));
    }

    private static void recordViolations(HeadlessChromium browser) {
        ((ChromeDriver) browser.driver())
                .executeCdpCommand(
                        "Page.addScriptToEvaluateOnNewDocument",
                        Map.of(
                                "source",
                                "window.cspViolations = [];"
                                        + " document.addEventListener('securitypolicyviolation', e =>"
                                        + " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
    }

    private static void clean(HeadlessChromium browser, String page) {
        assertThat(browser.script("return window.cspViolations"))
                .as(page)
                .asList()
                .isEmpty();
        assertThat(browser.seriousViolations()).as(page).isEmpty();
    }

    @Test
    void aPersonEnrolsThenSignsInWithTheCodeAfterThePassword() throws Exception {
        Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "operator");
        String secret;
        try (HeadlessChromium browser = HeadlessChromium.open(port)) {
            recordViolations(browser);
            browser.signIn(person.email(), person.password());
            browser.go("/two-factor/enrol");
            browser.await("#secret");
            clean(browser, "enrol");
            secret = browser.find("#secret").getAttribute("value");
            assertThat(browser.find("#otpauth").getAttribute("href")).startsWith("otpauth://totp/");

            browser.find("#code").sendKeys(code(secret));
            browser.click("form[action='/two-factor/enrol'] button[type=submit]");
            List<?> codes = browser.waitUntil(Duration.ofSeconds(10), d -> {
                var items = d.findElements(org.openqa.selenium.By.cssSelector("#recovery-codes li"));
                return items.isEmpty() ? null : items;
            });
            assertThat(codes).hasSize(10);
            clean(browser, "recovery codes");
        }
        clock.advance(Duration.ofSeconds(30)); // the enrolling code's step is spent

        try (HeadlessChromium browser = HeadlessChromium.open(port)) {
            recordViolations(browser);
            browser.signIn(person.email(), person.password());
            assertThat(browser.path()).isEqualTo("/login/two-factor");
            browser.await("#code");
            clean(browser, "code page");

            browser.find("#code").sendKeys(code(secret));
            browser.click("form[action='/login/two-factor'] button[type=submit]");
            browser.waitUntil(Duration.ofSeconds(10), d -> !browser.path().startsWith("/login"));
            assertThat(browser.path()).isEqualTo("/");
            browser.await("body");
            clean(browser, "dashboard");
        }
    }
}
