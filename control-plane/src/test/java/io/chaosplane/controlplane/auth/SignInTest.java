package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Browser;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The bootstrap administrator signs in to the web UI and works with the session, CSRF-protected. */
@IntegrationTest
class SignInTest {

    static final String ADMIN = "admin@chaosplane.local";
    static final String PASSWORD = "bootstrap-admin-password";

    @LocalServerPort
    int port;

    @Test
    void theBootstrapAdministratorSignsInAndSeesTheirAccount() {
        Browser browser = Browser.open(port);
        var signedIn = browser.signIn(ADMIN, PASSWORD);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("error");

        assertThat(browser.api().get("/").text()).contains("bootstrap_account");
        JsonNode me = browser.api().get("/api/v1/me").json();
        assertThat(me.get("kind").asString()).isEqualTo("USER");
        assertThat(me.get("accountIdentifier").asString()).isEqualTo("bootstrap_account");
        assertThat(me.get("platformAdmin").asBoolean()).isTrue();
        assertThat(me.get("grants").get(0).get("role").asString()).isEqualTo("admin");
    }

    @Test
    void aWrongPasswordIsRefusedAndAudited() {
        var refused = Browser.open(port).signIn(ADMIN, "not-the-password");
        assertThat(refused.header("Location")).contains("/login?error");

        Browser browser = Browser.open(port);
        browser.signIn(ADMIN, PASSWORD);
        JsonNode audit = browser.api().get("/api/v1/audit?action=login").json();
        assertThat(audit.get("items"))
                .extracting(item -> item.get("outcome").asString())
                .contains("failure", "success");
    }

    @Test
    void aPersonIssuesTheFirstApiKeyWithHttpBasicAndTheKeyIsLimitedToItsRole() {
        Api anonymous = new Api(port);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes());
        var created =
                anonymous.post("/api/v1/apikeys", Map.of("name", "readme", "role", "viewer"), "Authorization", basic);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Api viewer = anonymous.withKey(created.json().get("key").asString());
        assertThat(viewer.get("/api/v1/orgs").status()).isEqualTo(200);
        assertThat(viewer.post("/api/v1/orgs", Map.of("identifier", "nope", "name", "Nope"))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.get("/api/v1/orgs").header("X-RateLimit-Limit")).isNotNull();
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":wrong").getBytes());
        assertThat(anonymous.get("/api/v1/orgs", "Authorization", wrong).status())
                .isEqualTo(401);
    }

    @Test
    void pagesNeedASignInAndTheApiAnswers401Instead() {
        Api anonymous = new Api(port);
        var page = anonymous.get("/");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
        assertThat(anonymous.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void sessionWritesNeedTheCsrfToken() {
        Browser browser = Browser.open(port);
        browser.signIn(ADMIN, PASSWORD);
        Map<String, String> org = Map.of("identifier", "csrf_checked", "name", "CSRF");
        assertThat(browser.api().post("/api/v1/orgs", org).status()).isEqualTo(403);
        assertThat(browser.api()
                        .post("/api/v1/orgs", org, "X-CSRF-TOKEN", browser.csrf())
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aPersonCreatesASecondAccountAndSwitchesToIt() {
        Browser browser = Browser.open(port);
        browser.signIn(ADMIN, PASSWORD);
        var created = browser.api()
                .post(
                        "/api/v1/accounts",
                        Map.of("accountIdentifier", "second_account", "name", "Second"),
                        "X-CSRF-TOKEN",
                        browser.csrf());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("plan").asString()).isEqualTo("free");

        JsonNode accounts = browser.api().get("/api/v1/accounts").json();
        assertThat(accounts.get("items"))
                .extracting(item -> item.get("accountIdentifier").asString())
                .contains("bootstrap_account", "second_account");
        assertThat(browser.api()
                        .get("/api/v1/me?accountIdentifier=second_account")
                        .json()
                        .get("accountIdentifier")
                        .asString())
                .isEqualTo("second_account");
        // the choice sticks to the session
        assertThat(browser.api()
                        .get("/api/v1/me")
                        .json()
                        .get("accountIdentifier")
                        .asString())
                .isEqualTo("second_account");
        assertThat(browser.api().get("/api/v1/orgs/default").status()).isEqualTo(200);
        // an account the person does not belong to shows nothing
        assertThat(browser.api()
                        .get("/api/v1/orgs/default?accountIdentifier=somebody_else")
                        .status())
                .isEqualTo(404);
        var page = browser.api().get("/?accountIdentifier=somebody_else");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.text()).doesNotContain("second_account", "bootstrap_account");
        // and the refused request changed nothing of the session's choice
        assertThat(browser.api()
                        .get("/api/v1/me")
                        .json()
                        .get("accountIdentifier")
                        .asString())
                .isEqualTo("second_account");

        var duplicate = browser.api()
                .post(
                        "/api/v1/accounts",
                        Map.of("accountIdentifier", "second_account", "name", "Again"),
                        "X-CSRF-TOKEN",
                        browser.csrf());
        assertThat(duplicate.status()).isEqualTo(409);
    }

    @Test
    void thePlatformAdministratorMayChangeAPlan() {
        Browser browser = Browser.open(port);
        browser.signIn(ADMIN, PASSWORD);
        var changed = browser.api()
                .put(
                        "/api/v1/accounts/bootstrap_account?accountIdentifier=bootstrap_account",
                        Map.of("name", "Default Account", "plan", "enterprise"),
                        "X-CSRF-TOKEN",
                        browser.csrf());
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("plan").asString()).isEqualTo("enterprise");
    }
}
