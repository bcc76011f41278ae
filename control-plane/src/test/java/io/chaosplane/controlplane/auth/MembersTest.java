package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Browser;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class MembersTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Fixtures.Tenant tenant;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(new Api(port), tenant);
    }

    private Map<String, Object> person(String email, String role) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("displayName", "Person " + email);
        body.put("password", "a-long-enough-password");
        body.put("role", role);
        return body;
    }

    @Test
    void anAdminAddsAPersonWhoThenSignsInWithTheirRole() {
        String email = "viewer-" + tenant.accountId() + "@example.com";
        var added = roles.admin().post("/api/v1/members", person(email, "viewer"));
        assertThat(added.status()).as(added.text()).isEqualTo(201);

        Browser browser = Browser.open(port);
        browser.signIn(email, "a-long-enough-password");
        JsonNode me = browser.api().get("/api/v1/me").json();
        assertThat(me.get("accountIdentifier").asString()).isEqualTo(tenant.accountId());
        assertThat(me.get("grants").get(0).get("role").asString()).isEqualTo("viewer");
        assertThat(browser.api()
                        .post("/api/v1/orgs", Map.of("identifier", "x", "name", "X"), "X-CSRF-TOKEN", browser.csrf())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void rolesChangeAndTakeEffectAtOnce() {
        roles.admin().post("/api/v1/members", person("keeper-" + tenant.accountId() + "@example.com", "admin"));
        String email = "op-" + tenant.accountId() + "@example.com";
        String id = roles.admin()
                .post("/api/v1/members", person(email, "viewer"))
                .json()
                .get("id")
                .asString();
        var changed = roles.admin().put("/api/v1/members/" + id, Map.of("role", "admin"));
        assertThat(changed.json().get("role").asString()).isEqualTo("admin");

        Browser browser = Browser.open(port);
        browser.signIn(email, "a-long-enough-password");
        assertThat(browser.api()
                        .post(
                                "/api/v1/orgs",
                                Map.of("identifier", "by_member", "name", "X"),
                                "X-CSRF-TOKEN",
                                browser.csrf())
                        .status())
                .isEqualTo(201);

        assertThat(roles.admin().delete("/api/v1/members/" + id).status()).isEqualTo(204);
        assertThat(browser.api().get("/api/v1/orgs/by_member").status()).isEqualTo(404);
    }

    @Test
    void aNewPersonNeedsANameAndAPassword() {
        var response = roles.admin().post("/api/v1/members", Map.of("email", "new@example.com", "role", "viewer"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors"))
                .extracting(error -> error.get("field").asString())
                .contains("displayName", "password");
        var badEmail = roles.admin().post("/api/v1/members", person("not-an-email", "viewer"));
        assertThat(badEmail.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
    }

    @Test
    void addingTheSameScopeTwiceIsAConflict() {
        String email = "twice-" + tenant.accountId() + "@example.com";
        roles.admin().post("/api/v1/members", person(email, "viewer"));
        assertThat(roles.admin()
                        .post("/api/v1/members", person(email, "operator"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void viewersAndOperatorsCannotManageMembers() {
        for (Api weak : new Api[] {roles.viewer(), roles.operator()}) {
            assertThat(weak.get("/api/v1/members").status()).isEqualTo(403);
            assertThat(weak.post("/api/v1/members", person("x@example.com", "admin"))
                            .status())
                    .isEqualTo(403);
        }
    }

    @Test
    void theLastAccountAdminCannotBeDemoted() {
        String email = "only-admin-" + tenant.accountId() + "@example.com";
        String id = roles.admin()
                .post("/api/v1/members", person(email, "admin"))
                .json()
                .get("id")
                .asString();
        var demoted = roles.admin().put("/api/v1/members/" + id, Map.of("role", "viewer"));
        assertThat(demoted.status()).isEqualTo(409);
    }

    @Test
    void anotherTenantsMembersAreInvisible() {
        String id = roles.admin()
                .post("/api/v1/members", person("hidden-" + tenant.accountId() + "@example.com", "viewer"))
                .json()
                .get("id")
                .asString();
        Api other = new Api(port).withKey(fixtures.newTenant().adminKey());
        assertThat(other.put("/api/v1/members/" + id, Map.of("role", "admin")).status())
                .isEqualTo(404);
        assertThat(other.delete("/api/v1/members/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/members").json().toString()).doesNotContain(id);
    }

    @Test
    void memberChangesAreAudited() {
        String email = "audited-" + tenant.accountId() + "@example.com";
        roles.admin().post("/api/v1/members", person(email, "viewer"));
        JsonNode audit = roles.admin().get("/api/v1/audit?action=member.add").json();
        assertThat(audit.get("items").get(0).get("target").asString()).isEqualTo(email);
        assertThat(audit.toString()).doesNotContain("a-long-enough-password");
    }
}
