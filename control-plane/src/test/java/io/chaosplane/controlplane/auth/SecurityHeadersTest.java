package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pages and API answers carry the browser's security policies; behind a TLS proxy (X-Forwarded-Proto: https from a
 * local address) the request counts as secure: HSTS is sent and the session cookie is Secure, and only then.
 */
@IntegrationTest
class SecurityHeadersTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Test
    void aPageAndAnApiAnswerCarryTheSecurityPolicies() {
        Api.Response page = new Api(port).get("/login");
        Api admin = new Api(port).withKey(fixtures.newTenant().adminKey());
        Api.Response answer = admin.get("/api/v1/me");
        assertThat(page.status()).isEqualTo(200);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);

        for (Api.Response response : List.of(page, answer)) {
            assertThat(response.header("Content-Security-Policy"))
                    .contains("script-src 'self';", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(response.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            assertThat(response.header("Permissions-Policy")).contains("camera=()", "microphone=()", "geolocation=()");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void overPlainHttpThereIsNoHstsAndTheSessionCookieIsNotSecure() {
        Api.Response page = new Api(port).get("/login");

        assertThat(page.raw().headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(sessionCookie(page)).doesNotContainIgnoringCase("Secure");
    }

    @Test
    void behindATlsProxyHstsIsSentAndTheSessionCookieIsSecure() {
        Api.Response page = new Api(port).get("/login", "X-Forwarded-Proto", "https");
        Api.Response answer =
                new Api(port).withKey(fixtures.newTenant().adminKey()).get("/api/v1/me", "X-Forwarded-Proto", "https");

        assertThat(page.header("Strict-Transport-Security")).contains("max-age=");
        assertThat(answer.header("Strict-Transport-Security")).contains("max-age=");
        assertThat(sessionCookie(page)).containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly");
    }

    private static String sessionCookie(Api.Response response) {
        return response.raw().headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no session cookie: " + response.raw().headers()));
    }
}
