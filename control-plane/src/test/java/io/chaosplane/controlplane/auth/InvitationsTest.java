package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Browser;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.Fixtures.Person;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * People join an account only through an invitation they accept. The attack of issue 12 (an account of one's own
 * used to plant a victim's future address with one's own password) is replayed and refused.
 */
@IntegrationTest
class InvitationsTest {

    static final String PASSWORD = "a-password-of-my-own";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    Fixtures.Tenant tenant;
    Api admin;

    @BeforeEach
    void setUp() {
        tenant = fixtures.newTenant();
        admin = fixtures.newPerson(tenant.accountId(), "admin").api(port);
    }

    private Api.Response invite(Api who, String email, String role) {
        return who.post("/api/v1/invitations", Map.of("email", email, "role", role));
    }

    private static String tokenOf(Api.Response created) {
        String link = created.json().get("link").asString();
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private Api.Response acceptAsNew(String token, String name, String password) {
        Map<String, Object> body = new HashMap<>();
        body.put("token", token);
        body.put("displayName", name);
        body.put("password", password);
        return new Api(port).post("/api/v1/invitations/accept", body);
    }

    private String address(String who) {
        return who + "-" + tenant.accountId() + "@example.com";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void aPlantedIdentityGetsNothingInTheVictimsAccount() {
        // the attacker: admin of an account of their own
        Fixtures.Tenant attackers = fixtures.newTenant();
        Api attacker = fixtures.newPerson(attackers.accountId(), "admin").api(port);
        String victim = address("victim");
        // the old way in is gone: no endpoint makes a person with a password chosen by someone else
        assertThat(attacker.post(
                                "/api/v1/members",
                                Map.of("email", victim, "displayName", "x", "password", PASSWORD, "role", "admin"))
                        .status())
                .isIn(404, 405);
        // the attacker invites the victim's address to their own account and opens the link themselves
        Api.Response planted = invite(attacker, victim, "viewer");
        assertThat(planted.status()).as(planted.text()).isEqualTo(201);
        assertThat(acceptAsNew(tokenOf(planted), "Victim", PASSWORD).status()).isEqualTo(200);

        // later the victim's admin invites the victim: the answer tells nothing about the planted identity
        Api.Response invited = invite(admin, victim, "admin");
        Api.Response fresh = invite(admin, address("nobody-yet"), "admin");
        assertThat(invited.status()).isEqualTo(201);
        assertThat(fieldNames(invited.json())).isEqualTo(fieldNames(fresh.json()));
        assertThat(fieldNames(invited.json().get("invitation")))
                .isEqualTo(fieldNames(fresh.json().get("invitation")))
                .doesNotContain("userId", "displayName");
        assertThat(invited.json().get("invitation").get("status").asString()).isEqualTo("pending");

        // the attacker's password signs in, but gives nothing in the victim's account
        Person plantedPerson = new Person(null, victim, PASSWORD);
        Api asVictim = plantedPerson.api(port);
        assertThat(asVictim.get("/api/v1/me?accountIdentifier=" + tenant.accountId())
                        .status())
                .isEqualTo(404);
        assertThat(asVictim.get("/api/v1/orgs?accountIdentifier=" + tenant.accountId())
                        .status())
                .isEqualTo(404);
        // nor can they accept without the link's token
        assertThat(asVictim.post("/api/v1/invitations/accept", Map.of("token", "x".repeat(43)))
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/members").json().toString()).doesNotContain(victim);
    }

    @Test
    void aNewPersonSetsTheirOwnPasswordAndTheLinkWorksOnce() {
        String email = address("new");
        Api.Response created = invite(admin, email, "viewer");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode invitation = created.json().get("invitation");
        assertThat(created.json().get("emailed").asBoolean()).isFalse();
        assertThat(Duration.between(
                        Instant.parse(invitation.get("createdAt").asString()),
                        Instant.parse(invitation.get("expiresAt").asString())))
                .isEqualTo(Duration.ofHours(72));
        String token = tokenOf(created);
        assertThat(created.json().get("link").asString()).endsWith("/invitations/" + token);

        Api.Response accepted = acceptAsNew(token, "New Person", PASSWORD);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.json().get("newPerson").asBoolean()).isTrue();
        assertThat(acceptAsNew(token, "Again", "another-password-here").status())
                .isEqualTo(404);

        Browser browser = Browser.open(port);
        browser.signIn(email, PASSWORD);
        JsonNode me = browser.api().get("/api/v1/me").json();
        assertThat(me.get("accountIdentifier").asString()).isEqualTo(tenant.accountId());
        assertThat(me.get("grants").get(0).get("role").asString()).isEqualTo("viewer");
        JsonNode listed = admin.get("/api/v1/invitations").json();
        assertThat(listed.get("items").get(0).get("status").asString()).isEqualTo("accepted");
        assertThat(listed.toString()).doesNotContain(token);
        JsonNode audit = admin.get("/api/v1/audit?action=invitation.accept").json();
        assertThat(audit.get("items").get(0).get("target").asString()).isEqualTo(email);
        assertThat(audit.toString()).doesNotContain(PASSWORD, token);
    }

    @Test
    void someoneWhoSignsInAlreadyAcceptsSignedInAndKeepsTheirPassword() {
        Person known = fixtures.newPerson(fixtures.newTenant().accountId(), "viewer");
        String token = tokenOf(invite(admin, known.email(), "operator"));
        // a link holder cannot set a known person's password
        assertThat(acceptAsNew(token, "Impostor", PASSWORD).status()).isEqualTo(409);
        assertThat(new Person(null, known.email(), PASSWORD)
                        .api(port)
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(401);

        // someone else signed in cannot use it either
        Person other = fixtures.newPerson(tenant.accountId(), "viewer");
        assertThat(other.api(port)
                        .post("/api/v1/invitations/accept", Map.of("token", token))
                        .status())
                .isEqualTo(403);

        Api.Response accepted = known.api(port).post("/api/v1/invitations/accept", Map.of("token", token));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.json().get("newPerson").asBoolean()).isFalse();
        JsonNode me = known.api(port)
                .get("/api/v1/me?accountIdentifier=" + tenant.accountId())
                .json();
        assertThat(me.get("grants").get(0).get("role").asString()).isEqualTo("operator");
    }

    @Test
    void aRevokedOrExpiredLinkNoLongerWorks() {
        Api.Response revokedOne = invite(admin, address("revoked"), "viewer");
        String id = revokedOne.json().get("invitation").get("id").asString();
        assertThat(admin.delete("/api/v1/invitations/" + id)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("revoked");
        assertThat(acceptAsNew(tokenOf(revokedOne), "R", PASSWORD).status()).isEqualTo(404);

        String expiring = tokenOf(invite(admin, address("expiring"), "viewer"));
        try {
            clock.advance(Duration.ofHours(72).plusMinutes(1));
            Api.Response late = acceptAsNew(expiring, "Late", PASSWORD);
            assertThat(late.status()).isEqualTo(404);
            assertThat(late.json().get("error").asString()).contains("expired");
        } finally {
            clock.reset();
        }
    }

    @Nested
    class Refused {

        @Test
        void badInputNamesItsFields() {
            Api.Response noEmail = admin.post("/api/v1/invitations", Map.of("email", "not-an-email", "role", "viewer"));
            assertThat(noEmail.status()).isEqualTo(400);
            assertThat(noEmail.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("email");
            Api.Response projectAlone = admin.post(
                    "/api/v1/invitations",
                    Map.of("email", address("p"), "role", "viewer", "projectIdentifier", "default_project"));
            assertThat(projectAlone.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("organizationIdentifier");
            assertThat(admin.post(
                                    "/api/v1/invitations",
                                    Map.of("email", address("o"), "role", "viewer", "organizationIdentifier", "nope"))
                            .status())
                    .isEqualTo(404);

            String token = tokenOf(invite(admin, address("incomplete"), "viewer"));
            Api.Response incomplete = new Api(port).post("/api/v1/invitations/accept", Map.of("token", token));
            assertThat(incomplete.status()).isEqualTo(400);
            assertThat(incomplete.json().get("errors"))
                    .extracting(error -> error.get("field").asString())
                    .contains("displayName", "password");
            Api.Response shortPassword = acceptAsNew(token, "Short", "short");
            assertThat(shortPassword.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("password");
            assertThat(acceptAsNew("garbage", "G", PASSWORD).status()).isEqualTo(404);
        }

        @Test
        void keysAndWeakerRolesCannotInvite() {
            RoleMatrix keys = RoleMatrix.of(new Api(port), tenant);
            for (Api key : new Api[] {keys.viewer(), keys.operator(), keys.admin()}) {
                assertThat(invite(key, address("by-key"), "viewer").status()).isEqualTo(403);
            }
            Api viewer = fixtures.newPerson(tenant.accountId(), "viewer").api(port);
            assertThat(invite(viewer, address("by-viewer"), "viewer").status()).isEqualTo(403);
            assertThat(viewer.get("/api/v1/invitations").status()).isEqualTo(403);
            String token = tokenOf(invite(admin, address("for-a-key"), "viewer"));
            assertThat(keys.admin()
                            .post("/api/v1/invitations/accept", Map.of("token", token))
                            .status())
                    .isEqualTo(403);
        }

        @Test
        void anotherTenantsInvitationsAreInvisible() {
            String id = invite(admin, address("hidden"), "viewer")
                    .json()
                    .get("invitation")
                    .get("id")
                    .asString();
            Fixtures.Tenant other = fixtures.newTenant();
            Api otherAdmin = fixtures.newPerson(other.accountId(), "admin").api(port);
            assertThat(otherAdmin.delete("/api/v1/invitations/" + id).status()).isEqualTo(404);
            assertThat(otherAdmin.get("/api/v1/invitations").json().toString()).doesNotContain(id);
            // nor may it invite into the other account by naming it
            assertThat(otherAdmin
                            .post(
                                    "/api/v1/invitations?accountIdentifier=" + tenant.accountId(),
                                    Map.of("email", address("x"), "role", "admin"))
                            .status())
                    .isEqualTo(404);
        }
    }
}
