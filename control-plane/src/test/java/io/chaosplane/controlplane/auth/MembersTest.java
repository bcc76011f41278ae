package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Browser;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.Fixtures.Person;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Members and their roles: changed by people who administer their scope, never by API keys. */
@IntegrationTest
class MembersTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Fixtures.Tenant tenant;
    RoleMatrix roles;
    Person adminPerson;
    Api admin;

    @BeforeEach
    void setUp() {
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(new Api(port), tenant);
        adminPerson = fixtures.newPerson(tenant.accountId(), "admin");
        admin = adminPerson.api(port);
    }

    private String memberIdOf(String email) {
        for (JsonNode member : admin.get("/api/v1/members").json().get("items")) {
            if (member.get("email").asString().equals(email)) {
                return member.get("id").asString();
            }
        }
        throw new AssertionError(email + " is not a member");
    }

    @Test
    void rolesChangeAndTakeEffectAtOnce() {
        Person person = fixtures.newPerson(tenant.accountId(), "viewer");
        String id = memberIdOf(person.email());
        var changed = admin.put("/api/v1/members/" + id, Map.of("role", "admin"));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("role").asString()).isEqualTo("admin");

        Browser browser = Browser.open(port);
        browser.signIn(person.email(), person.password());
        assertThat(browser.api()
                        .post(
                                "/api/v1/orgs",
                                Map.of("identifier", "by_member", "name", "X"),
                                "X-CSRF-TOKEN",
                                browser.csrf())
                        .status())
                .isEqualTo(201);

        assertThat(admin.delete("/api/v1/members/" + id).status()).isEqualTo(204);
        assertThat(browser.api().get("/api/v1/orgs/by_member").status()).isEqualTo(404);
    }

    @Test
    void anApiKeyCannotChangeRolesButMayRemove() {
        Person person = fixtures.newPerson(tenant.accountId(), "viewer");
        String id = memberIdOf(person.email());
        var raised = roles.admin().put("/api/v1/members/" + id, Map.of("role", "admin"));
        assertThat(raised.status()).isEqualTo(403);
        assertThat(raised.json().get("error").asString()).contains("API key");
        assertThat(roles.admin()
                        .post("/api/v1/members/" + id + "/disable", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(roles.admin().delete("/api/v1/members/" + id).status()).isEqualTo(204);
    }

    @Test
    void badInputIsRefusedAtItsField() {
        String id = memberIdOf(fixtures.newPerson(tenant.accountId(), "viewer").email());
        var response = admin.put("/api/v1/members/" + id, Map.of("role", "owner"));
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void viewersAndOperatorsCannotManageMembers() {
        for (Api weak : new Api[] {roles.viewer(), roles.operator()}) {
            assertThat(weak.get("/api/v1/members").status()).isEqualTo(403);
        }
        Api viewerPerson = fixtures.newPerson(tenant.accountId(), "viewer").api(port);
        String id = memberIdOf(adminPerson.email());
        assertThat(viewerPerson
                        .put("/api/v1/members/" + id, Map.of("role", "viewer"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theLastAccountAdminCannotBeDemotedNorDisabled() {
        String id = memberIdOf(adminPerson.email());
        var demoted = admin.put("/api/v1/members/" + id, Map.of("role", "viewer"));
        assertThat(demoted.status()).isEqualTo(409);
        assertThat(admin.post("/api/v1/members/" + id + "/disable", Map.of()).status())
                .isEqualTo(409);
    }

    @Test
    void anotherTenantsMembersAreInvisible() {
        String id = memberIdOf(fixtures.newPerson(tenant.accountId(), "viewer").email());
        Api other =
                fixtures.newPerson(fixtures.newTenant().accountId(), "admin").api(port);
        assertThat(other.put("/api/v1/members/" + id, Map.of("role", "admin")).status())
                .isEqualTo(404);
        assertThat(other.post("/api/v1/members/" + id + "/disable", Map.of()).status())
                .isEqualTo(404);
        assertThat(other.delete("/api/v1/members/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/members").json().toString()).doesNotContain(id);
    }

    @Test
    void aDisabledPersonsSessionsAndKeysStopAtOnce() {
        Person person = fixtures.newPerson(tenant.accountId(), "admin");
        Browser browser = Browser.open(port);
        browser.signIn(person.email(), person.password());
        assertThat(browser.api().get("/api/v1/orgs/default").status()).isEqualTo(200);
        String key = browser.api()
                .post("/api/v1/apikeys", Map.of("name", "theirs", "role", "operator"), "X-CSRF-TOKEN", browser.csrf())
                .json()
                .get("key")
                .asString();
        Api theirKey = new Api(port).withKey(key);
        assertThat(theirKey.get("/api/v1/orgs").status()).isEqualTo(200);

        String id = memberIdOf(person.email());
        var disabled = admin.post("/api/v1/members/" + id + "/disable", Map.of());
        assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        assertThat(browser.api().get("/api/v1/orgs/default").status()).isEqualTo(404);
        assertThat(person.api(port).get("/api/v1/orgs/default").status()).isEqualTo(404);
        assertThat(theirKey.get("/api/v1/orgs").status()).isEqualTo(401);

        assertThat(admin.post("/api/v1/members/" + id + "/enable", Map.of())
                        .json()
                        .get("disabled")
                        .asBoolean())
                .isFalse();
        assertThat(browser.api().get("/api/v1/orgs/default").status()).isEqualTo(200);
        assertThat(theirKey.get("/api/v1/orgs").status()).isEqualTo(401);
    }

    @Test
    void aPasswordChangeEndsThePersonsOtherSessions() {
        Person person = fixtures.newPerson(tenant.accountId(), "viewer");
        Browser other = Browser.open(port);
        other.signIn(person.email(), person.password());
        Browser changing = Browser.open(port);
        changing.signIn(person.email(), person.password());
        assertThat(other.api().get("/api/v1/me").status()).isEqualTo(200);

        var changed = changing.api()
                .put(
                        "/api/v1/me/password",
                        Map.of("currentPassword", person.password(), "newPassword", "a-brand-new-password"),
                        "X-CSRF-TOKEN",
                        changing.csrf());
        assertThat(changed.status()).as(changed.text()).isEqualTo(204);
        assertThat(other.api().get("/api/v1/me").status()).isEqualTo(401);
        assertThat(other.api().get("/").header("Location")).contains("/login");
        assertThat(changing.api().get("/api/v1/me").status()).isEqualTo(200);
        assertThat(person.api(port).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(new Person(null, person.email(), "a-brand-new-password")
                        .api(port)
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPersonRemovedFromEveryAccountStillChangesTheirOwnPassword() {
        Person person = fixtures.newPerson(tenant.accountId(), "viewer");
        Browser browser = Browser.open(port);
        browser.signIn(person.email(), person.password());
        assertThat(admin.delete("/api/v1/members/" + memberIdOf(person.email())).status())
                .isEqualTo(204);

        var changed = browser.api()
                .put(
                        "/api/v1/me/password",
                        Map.of("currentPassword", person.password(), "newPassword", "a-password-of-no-account"),
                        "X-CSRF-TOKEN",
                        browser.csrf());
        assertThat(changed.status()).as(changed.text()).isEqualTo(204);
        assertThat(new Person(null, person.email(), "a-password-of-no-account")
                        .api(port)
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void memberChangesAreAudited() {
        Person person = fixtures.newPerson(tenant.accountId(), "viewer");
        admin.put("/api/v1/members/" + memberIdOf(person.email()), Map.of("role", "operator"));
        JsonNode audit = admin.get("/api/v1/audit?action=member.role").json();
        assertThat(audit.get("items").get(0).get("target").asString()).isEqualTo(person.email());
    }
}
