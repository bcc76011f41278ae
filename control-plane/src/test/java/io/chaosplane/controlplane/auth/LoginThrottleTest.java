package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.chaosplane.controlplane.support.Browser;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Password sign-ins are throttled per e-mail and per client address before the password is checked. The class
 * has its own application context (its own throttle), so that locking out 127.0.0.1 touches no other test.
 */
@IntegrationTest
@TestPropertySource(properties = "chaosplane.login-throttle.address-failures=12")
class LoginThrottleTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @MockitoSpyBean
    PasswordEncoder passwords;

    @BeforeEach
    void forgetEarlierFailures() {
        // counters forget their failures after max-lockout (1 h) of quiet
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void wrongPasswordsLockTheEmailAndRefusedAttemptsNeverReachTheHash() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Fixtures.Person person = fixtures.newPerson(tenant.accountId(), "viewer");
        Api anonymous = new Api(port);

        long failing = 0;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            assertThat(basic(anonymous, person.email(), "wrong-" + i).status()).isEqualTo(401);
            failing += System.nanoTime() - start;
        }
        clearInvocations(passwords);
        long refusing = 0;
        Api.Response refused = null;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            refused = basic(anonymous, person.email(), "wrong-again-" + i);
            refusing += System.nanoTime() - start;
            assertThat(refused.status()).isEqualTo(429);
        }
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json().get("status").asInt()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // the right password is refused as well while the lock-out lasts
        assertThat(basic(anonymous, person.email(), person.password()).status()).isEqualTo(429);
        verify(passwords, never()).matches(any(), any());
        System.out.printf(
                "login throttle: 5 failed sign-ins %d ms, 5 refused %d ms%n",
                failing / 1_000_000, refusing / 1_000_000);
        assertThat(refusing).isLessThan(failing);

        var audit = anonymous.withKey(tenant.adminKey()).get("/api/v1/audit?action=login");
        assertThat(audit.json().get("items"))
                .extracting(item -> item.get("outcome").asString())
                .contains("failure", "throttled");
    }

    @Test
    void theLockOutExpiresGrowsWithFurtherFailuresAndASignInResetsIt() {
        Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
        Api anonymous = new Api(port);
        for (int i = 0; i < 5; i++) {
            basic(anonymous, person.email(), "wrong");
        }
        assertThat(basic(anonymous, person.email(), person.password()).status()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(61));
        // one more failure after the first lock-out doubles the next one
        assertThat(basic(anonymous, person.email(), "wrong").status()).isEqualTo(401);
        Api.Response locked = basic(anonymous, person.email(), person.password());
        assertThat(locked.status()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(61L, 120L);

        clock.advance(Duration.ofSeconds(61));
        assertThat(basic(anonymous, person.email(), person.password()).status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(60));
        assertThat(basic(anonymous, person.email(), person.password()).status()).isEqualTo(200);

        // the successful sign-in cleared the e-mail's failures: one wrong password is only a 401 again
        assertThat(basic(anonymous, person.email(), "wrong").status()).isEqualTo(401);
        assertThat(basic(anonymous, person.email(), person.password()).status()).isEqualTo(200);
    }

    @Test
    void oneAddressTryingManyEmailsIsLockedOutForEveryEmail() {
        Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
        Api anonymous = new Api(port);
        for (int i = 0; i < 12; i++) {
            assertThat(basic(anonymous, "nobody-" + UUID.randomUUID() + "@example.com", "guess")
                            .status())
                    .isEqualTo(401);
        }
        assertThat(basic(anonymous, person.email(), person.password()).status()).isEqualTo(429);
        assertThat(Browser.open(port).signIn(person.email(), person.password()).header("Location"))
                .contains("/login?throttled=");
    }

    @Test
    void theLogInPageSaysWhyTheFormIsRefused() {
        Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
        Browser browser = Browser.open(port);
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn(person.email(), "wrong").header("Location"))
                    .contains("/login?error");
        }
        String location = browser.signIn(person.email(), person.password()).header("Location");
        assertThat(location).contains("/login?throttled=");

        String page = browser.api()
                .get(location.substring(location.indexOf("/login")))
                .text();
        assertThat(page).containsPattern("Too many failed sign-ins: try again in \\d+ seconds\\.");
        assertThat(browser.api().get("/login?throttled=%3Cb%3E").text())
                .contains("Too many failed sign-ins: try again later.");
    }

    private static Api.Response basic(Api api, String email, String password) {
        String credential =
                Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
        return api.get("/api/v1/me", "Authorization", "Basic " + credential);
    }
}
