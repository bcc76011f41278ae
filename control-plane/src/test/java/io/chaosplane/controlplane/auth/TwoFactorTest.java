package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.chaosplane.controlplane.support.Browser;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two-factor sign-in: a person enrols with a secret shown once and a first code, then the log-in form asks for a
 * code after the password; a code works once, a recovery code once; HTTP Basic is refused for such people; and an
 * account may hold its admins to enrolling before anything else.
 */
@IntegrationTest
class TwoFactorTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcTemplate jdbc;

    /** Other test classes of the shared context work with real time: leave the clock as found. */
    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    /** The person's authenticator app: the code of the step the control plane's clock is in, or a later one. */
    private String code(String secret, int stepsLater) throws Exception {
        long step = Math.floorDiv(clock.millis() / 1000, 30) + stepsLater;
        return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, step);
    }

    private Browser signedIn(Fixtures.Person person) {
        Browser browser = Browser.open(port);
        var answer = browser.signIn(person.email(), person.password());
        assertThat(answer.header("Location")).doesNotContain("error");
        return browser;
    }

    /** Enrols the person through the API with a session; answers the secret and the recovery codes. */
    private Enrolled enrol(Fixtures.Person person) throws Exception {
        Browser browser = signedIn(person);
        var begun = browser.api().post("/api/v1/me/two-factor", Map.of(), "X-CSRF-TOKEN", browser.csrf());
        assertThat(begun.status()).as(begun.text()).isEqualTo(201);
        String secret = begun.json().get("secret").asString();
        var confirmed = browser.api()
                .post("/api/v1/me/two-factor/confirm", Map.of("code", code(secret, 0)), "X-CSRF-TOKEN", browser.csrf());
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
        List<String> recovery = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(code -> recovery.add(code.asString()));
        clock.advance(Duration.ofSeconds(30)); // the confirming code's step is spent
        return new Enrolled(secret, recovery);
    }

    record Enrolled(String secret, List<String> recoveryCodes) {}

    private Api.Response submitCode(Browser browser, String code) {
        String page = browser.api().get(TwoFactorSignIn.CODE_PAGE).text();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(csrf.find()).as(page).isTrue();
        return browser.api()
                .postRaw(
                        TwoFactorSignIn.CODE_PAGE,
                        "code=" + code + "&_csrf=" + csrf.group(1),
                        "application/x-www-form-urlencoded");
    }

    @Nested
    class Enrolment {

        @Test
        void theSecretIsShownOnceAsAnOtpauthUriAndConfirmedWithAFirstCode() throws Exception {
            Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
            Browser browser = signedIn(person);

            var begun = browser.api().post("/api/v1/me/two-factor", Map.of(), "X-CSRF-TOKEN", browser.csrf());
            assertThat(begun.status()).isEqualTo(201);
            String secret = begun.json().get("secret").asString();
            assertThat(begun.json().get("otpauthUri").asString())
                    .startsWith("otpauth://totp/")
                    .contains("secret=" + secret)
                    .contains("issuer=ChaosPlane");

            var wrong = browser.api()
                    .post(
                            "/api/v1/me/two-factor/confirm",
                            Map.of("code", "000000".equals(code(secret, 0)) ? "111111" : "000000"),
                            "X-CSRF-TOKEN",
                            browser.csrf());
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("code");
            var malformed = browser.api()
                    .post("/api/v1/me/two-factor/confirm", Map.of("code", "12ab"), "X-CSRF-TOKEN", browser.csrf());
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("code");
            assertThat(browser.api()
                            .get("/api/v1/me/two-factor")
                            .json()
                            .get("enabled")
                            .asBoolean())
                    .isFalse();

            var confirmed = browser.api()
                    .post(
                            "/api/v1/me/two-factor/confirm",
                            Map.of("code", code(secret, 0)),
                            "X-CSRF-TOKEN",
                            browser.csrf());
            assertThat(confirmed.status()).isEqualTo(200);
            assertThat(confirmed.json().get("recoveryCodes")).hasSize(10);

            var status = browser.api().get("/api/v1/me/two-factor");
            assertThat(status.json().get("enabled").asBoolean()).isTrue();
            assertThat(status.json().get("recoveryCodesLeft").asInt()).isEqualTo(10);
            assertThat(status.text()).doesNotContain(secret);
            var again = browser.api().post("/api/v1/me/two-factor", Map.of(), "X-CSRF-TOKEN", browser.csrf());
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.text()).doesNotContain(secret);
        }

        @Test
        void theSecretIsSealedInTheDatabaseAndTheApplicationRoleCannotReadTheTable() throws Exception {
            Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
            Enrolled enrolled = enrol(person);

            List<String> stored = new ArrayList<>();
            fixtures.asOwner(connection -> {
                try (var statement =
                        connection.prepareStatement("SELECT secret FROM user_two_factor WHERE user_id = ?")) {
                    statement.setObject(1, person.id());
                    try (var rows = statement.executeQuery()) {
                        while (rows.next()) {
                            stored.add(rows.getString(1));
                        }
                    }
                }
            });
            assertThat(stored).singleElement().asString().startsWith("v1:").doesNotContain(enrolled.secret());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.queryForList("SELECT * FROM user_two_factor"))
                    .rootCause()
                    .hasMessageContaining("permission denied");
        }

        @Test
        void theEndpointsAreInTheApiDocument() {
            JsonNode paths = new Api(port)
                    .withKey(fixtures.newTenant().adminKey())
                    .get("/v3/api-docs")
                    .json()
                    .get("paths");
            assertThat(paths.get("/api/v1/me/two-factor").has("get")).isTrue();
            assertThat(paths.get("/api/v1/me/two-factor").has("post")).isTrue();
            assertThat(paths.get("/api/v1/me/two-factor/confirm").has("post")).isTrue();
            assertThat(paths.get("/api/v1/me/two-factor/remove").has("post")).isTrue();
        }

        @Test
        void anApiKeyCannotEnrol() {
            Fixtures.Tenant tenant = fixtures.newTenant();
            var refused = new Api(port).withKey(tenant.adminKey()).post("/api/v1/me/two-factor", Map.of());
            assertThat(refused.status()).isEqualTo(403);
        }
    }

    @Nested
    class SignIn {

        @Test
        void afterThePasswordOnlyTheCodePageOpensAndTheRightCodeSignsIn() throws Exception {
            Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
            Enrolled enrolled = enrol(person);

            Browser browser = Browser.open(port);
            var password = browser.signIn(person.email(), person.password());
            assertThat(password.header("Location")).endsWith(TwoFactorSignIn.CODE_PAGE);
            assertThat(browser.api().get("/api/v1/me").status()).isEqualTo(401);
            assertThat(browser.api().get("/").header("Location")).endsWith(TwoFactorSignIn.CODE_PAGE);

            String wrong = "000000".equals(code(enrolled.secret(), 0)) ? "111111" : "000000";
            assertThat(submitCode(browser, wrong).header("Location")).contains("?error");
            assertThat(browser.api().get("/api/v1/me").status()).isEqualTo(401);

            var right = submitCode(browser, code(enrolled.secret(), 0));
            assertThat(right.status()).isEqualTo(302);
            assertThat(right.header("Location")).doesNotContain("two-factor").doesNotContain("error");
            assertThat(browser.api().get("/api/v1/me").json().get("kind").asString())
                    .isEqualTo("USER");
            assertThat(browser.api().get("/").status()).isEqualTo(200);
        }

        @Test
        void aCodeUsedOnceIsRefusedWithinItsStep() throws Exception {
            Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
            Enrolled enrolled = enrol(person);
            String code = code(enrolled.secret(), 0);

            Browser first = Browser.open(port);
            first.signIn(person.email(), person.password());
            assertThat(submitCode(first, code).header("Location")).doesNotContain("error");

            Browser replay = Browser.open(port);
            replay.signIn(person.email(), person.password());
            assertThat(submitCode(replay, code).header("Location")).contains("?error");
            assertThat(replay.api().get("/api/v1/me").status()).isEqualTo(401);
            // a code of an earlier step than the one used is refused too
            assertThat(submitCode(replay, code(enrolled.secret(), -1)).header("Location"))
                    .contains("?error");
        }

        @Test
        void aRecoveryCodeSignsInOnce() throws Exception {
            Fixtures.Person person = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
            Enrolled enrolled = enrol(person);
            String recovery = enrolled.recoveryCodes().getFirst();

            Browser first = Browser.open(port);
            first.signIn(person.email(), person.password());
            assertThat(submitCode(first, recovery).header("Location")).doesNotContain("error");
            assertThat(first.api().get("/api/v1/me").status()).isEqualTo(200);
            assertThat(first.api()
                            .get("/api/v1/me/two-factor")
                            .json()
                            .get("recoveryCodesLeft")
                            .asInt())
                    .isEqualTo(9);

            Browser second = Browser.open(port);
            second.signIn(person.email(), person.password());
            assertThat(submitCode(second, recovery).header("Location")).contains("?error");
            assertThat(submitCode(second, enrolled.recoveryCodes().get(1).toUpperCase())
                            .header("Location"))
                    .doesNotContain("error");
        }

        @Test
        void httpBasicIsRefusedForAPersonWithTwoFactorsButNotForOthers() throws Exception {
            String account = fixtures.newTenant().accountId();
            Fixtures.Person withCodes = fixtures.newPerson(account, "viewer");
            Fixtures.Person without = fixtures.newPerson(account, "viewer");
            enrol(withCodes);

            var refused = withCodes.api(port).get("/api/v1/me");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").asString()).contains("API key");
            assertThat(without.api(port).get("/api/v1/me").status()).isEqualTo(200);
        }

        @Test
        void wrongCodesAreThrottledAndAuditedEvenAcrossPasswordSignIns() throws Exception {
            Fixtures.Tenant tenant = fixtures.newTenant();
            Fixtures.Person person = fixtures.newPerson(tenant.accountId(), "viewer");
            Enrolled enrolled = enrol(person);
            String wrong = "000000".equals(code(enrolled.secret(), 0)) ? "111111" : "000000";

            for (int i = 0; i < 5; i++) {
                Browser browser = Browser.open(port); // the password again each time: it must not clear the count
                browser.signIn(person.email(), person.password());
                assertThat(submitCode(browser, wrong).header("Location")).contains("?error");
            }
            Browser locked = Browser.open(port);
            locked.signIn(person.email(), person.password());
            assertThat(submitCode(locked, code(enrolled.secret(), 0)).header("Location"))
                    .contains("?throttled=");

            JsonNode audit = new Api(port)
                    .withKey(tenant.adminKey())
                    .get("/api/v1/audit?action=login.two-factor")
                    .json();
            assertThat(audit.get("items"))
                    .extracting(item -> item.get("outcome").asString())
                    .contains("enrolled", "failure", "throttled");
        }
    }

    @Nested
    class AdminsMustUseTwoFactors {

        @Test
        void anAdminWithoutTwoFactorsIsSentToEnrolBeforeAnythingElse() throws Exception {
            Fixtures.Tenant tenant = fixtures.newTenant();
            Fixtures.Person admin = fixtures.newPerson(tenant.accountId(), "admin");
            Fixtures.Person viewer = fixtures.newPerson(tenant.accountId(), "viewer");
            var set = new Api(port)
                    .withKey(tenant.adminKey())
                    .put(
                            "/api/v1/accounts/" + tenant.accountId(),
                            Map.of("name", "Two factors", "requireAdminTwoFactor", true));
            assertThat(set.status()).as(set.text()).isEqualTo(200);
            assertThat(set.json().get("requireAdminTwoFactor").asBoolean()).isTrue();

            Browser browser = signedIn(admin);
            assertThat(browser.api().get("/").header("Location")).endsWith(TwoFactorSignIn.ENROL_PAGE);
            var api = browser.api().get("/api/v1/orgs");
            assertThat(api.status()).isEqualTo(403);
            assertThat(api.json().get("error").asString()).contains("enrol");
            assertThat(browser.api()
                            .get("/api/v1/me/two-factor")
                            .json()
                            .get("required")
                            .asBoolean())
                    .isTrue();
            assertThat(browser.api().get(TwoFactorSignIn.ENROL_PAGE).status()).isEqualTo(200);
            // people who are not admins are not held
            assertThat(signedIn(viewer).api().get("/").status()).isEqualTo(200);

            Enrolled enrolled = enrol(admin);
            Browser after = Browser.open(port);
            after.signIn(admin.email(), admin.password());
            submitCode(after, code(enrolled.secret(), 0));
            assertThat(after.api().get("/api/v1/orgs").status()).isEqualTo(200);
            // and while the account requires it, it stays on
            var remove = after.api()
                    .post(
                            "/api/v1/me/two-factor/remove",
                            Map.of("code", enrolled.recoveryCodes().getFirst()),
                            "X-CSRF-TOKEN",
                            after.csrf());
            assertThat(remove.status()).isEqualTo(409);
        }

        @Test
        void onlyTheAccountsAdminsSetItAndOtherAccountsDoNotSeeIt() {
            Fixtures.Tenant tenant = fixtures.newTenant();
            Fixtures.Tenant other = fixtures.newTenant();
            Map<String, Object> body = Map.of("name", "Two factors", "requireAdminTwoFactor", true);
            Fixtures.Person viewer = fixtures.newPerson(tenant.accountId(), "viewer");

            assertThat(viewer.api(port)
                            .put("/api/v1/accounts/" + tenant.accountId(), body)
                            .status())
                    .isEqualTo(403);
            assertThat(new Api(port)
                            .withKey(other.adminKey())
                            .put("/api/v1/accounts/" + tenant.accountId(), body)
                            .status())
                    .isEqualTo(404);
            var malformed = new Api(port)
                    .withKey(tenant.adminKey())
                    .put(
                            "/api/v1/accounts/" + tenant.accountId(),
                            Map.of("name", "Two factors", "requireAdminTwoFactor", "sometimes"));
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(new Api(port)
                            .withKey(tenant.adminKey())
                            .get("/api/v1/accounts/" + tenant.accountId())
                            .json()
                            .get("requireAdminTwoFactor")
                            .asBoolean())
                    .isFalse();
        }
    }
}
