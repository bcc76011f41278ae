package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ApiKeysTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Autowired
    ApiKeyUsage usage;

    Api server;
    Fixtures.Tenant tenant;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
    }

    @Nested
    class Issuing {

        @Test
        void theSecretIsShownOnceAndOnlyItsHashIsKept() {
            var created = roles.admin().post("/api/v1/apikeys", Map.of("name", "ci", "role", "viewer"));
            assertThat(created.status()).isEqualTo(201);
            String key = created.json().get("key").asString();
            assertThat(key).startsWith("cp_live_").hasSize(48);
            String id = created.json().get("apiKey").get("id").asString();

            JsonNode listed = roles.admin().get("/api/v1/apikeys").json();
            assertThat(listed.toString()).doesNotContain(key);
            JsonNode fetched = roles.admin().get("/api/v1/apikeys/" + id).json();
            assertThat(fetched.get("key")).isNull();
            assertThat(fetched.get("prefix").asString()).isEqualTo(key.substring(0, 14));
            assertThat(fetched.get("status").asString()).isEqualTo("active");

            fixtures.asOwner(connection -> {
                try (var rows = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM api_keys WHERE encode(secret_hash, 'escape') LIKE '%"
                                + key.substring(8) + "%'")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isZero();
                }
            });
        }

        @Test
        void onlyAdminsIssueKeys() {
            assertThat(roles.operator()
                            .post("/api/v1/apikeys", Map.of("name", "x", "role", "viewer"))
                            .status())
                    .isEqualTo(403);
            assertThat(roles.viewer()
                            .post("/api/v1/apikeys", Map.of("name", "x", "role", "viewer"))
                            .status())
                    .isEqualTo(403);
        }

        @Test
        void anAdminKeyCannotMintAdminKeysButAPersonCan() {
            var minted = roles.admin().post("/api/v1/apikeys", Map.of("name", "escalate", "role", "admin"));
            assertThat(minted.status()).isEqualTo(403);
            assertThat(minted.json().get("error").asString()).contains("admin keys");
            Api person = fixtures.newPerson(tenant.accountId(), "admin").api(port);
            assertThat(person.post("/api/v1/apikeys", Map.of("name", "by-a-person", "role", "admin"))
                            .status())
                    .isEqualTo(201);
            // a key of another tenant's person cannot issue keys here
            Api stranger = fixtures.newPerson(fixtures.newTenant().accountId(), "admin")
                    .api(port);
            assertThat(stranger.post(
                                    "/api/v1/apikeys?accountIdentifier=" + tenant.accountId(),
                                    Map.of("name", "x", "role", "viewer"))
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void keysLiveAtMostTheAccountsLongestLifetime() {
            Instant before = clock.instant();
            JsonNode unbounded = roles.admin()
                    .post("/api/v1/apikeys", Map.of("name", "no-end-given", "role", "viewer"))
                    .json()
                    .get("apiKey");
            assertThat(Duration.between(
                            before, Instant.parse(unbounded.get("expiresAt").asString())))
                    .isBetween(Duration.ofDays(365), Duration.ofDays(365).plusMinutes(1));
            var tooLong = roles.admin()
                    .post(
                            "/api/v1/apikeys",
                            Map.of(
                                    "name",
                                    "forever",
                                    "role",
                                    "viewer",
                                    "expiresAt",
                                    before.plus(Duration.ofDays(400)).toString()));
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("expiresAt");

            var shortened = roles.admin()
                    .put(
                            "/api/v1/accounts/" + tenant.accountId(),
                            Map.of("name", "Short-lived keys", "apiKeyMaxLifetimeDays", 30));
            assertThat(shortened.status()).as(shortened.text()).isEqualTo(200);
            assertThat(shortened.json().get("apiKeyMaxLifetimeDays").asInt()).isEqualTo(30);
            JsonNode monthly = roles.admin()
                    .post("/api/v1/apikeys", Map.of("name", "monthly", "role", "viewer"))
                    .json()
                    .get("apiKey");
            assertThat(Instant.parse(monthly.get("expiresAt").asString())).isBefore(before.plus(Duration.ofDays(31)));
            assertThat(roles.admin()
                            .put(
                                    "/api/v1/accounts/" + tenant.accountId(),
                                    Map.of("name", "x", "apiKeyMaxLifetimeDays", 0))
                            .status())
                    .isEqualTo(400);
            assertThat(roles.operator()
                            .put(
                                    "/api/v1/accounts/" + tenant.accountId(),
                                    Map.of("name", "x", "apiKeyMaxLifetimeDays", 3650))
                            .status())
                    .isEqualTo(403);
        }

        @Test
        void badInputNamesTheField() {
            var unknownRole = roles.admin().post("/api/v1/apikeys", Map.of("name", "x", "role", "root"));
            assertThat(unknownRole.status()).isEqualTo(400);
            assertThat(unknownRole.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("role");

            var pastExpiry = roles.admin()
                    .post(
                            "/api/v1/apikeys",
                            Map.of("name", "x", "role", "viewer", "expiresAt", "2001-01-01T00:00:00Z"));
            assertThat(pastExpiry.status()).isEqualTo(400);
            assertThat(pastExpiry.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("expiresAt");

            var projectWithoutOrg = roles.admin()
                    .post(
                            "/api/v1/apikeys",
                            Map.of("name", "x", "role", "viewer", "projectIdentifier", "default_project"));
            assertThat(projectWithoutOrg.status()).isEqualTo(400);
            assertThat(projectWithoutOrg
                            .json()
                            .get("errors")
                            .get(0)
                            .get("field")
                            .asString())
                    .isEqualTo("organizationIdentifier");
        }

        @Test
        void aKeyForAMissingProjectIsNotFound() {
            var response = roles.admin()
                    .post(
                            "/api/v1/apikeys",
                            Map.of(
                                    "name",
                                    "x",
                                    "role",
                                    "viewer",
                                    "organizationIdentifier",
                                    "default",
                                    "projectIdentifier",
                                    "nope"));
            assertThat(response.status()).isEqualTo(404);
        }

        @Test
        void anotherTenantsKeysAreNotFound() {
            var created = roles.admin()
                    .post("/api/v1/apikeys", Map.of("name", "mine", "role", "viewer"))
                    .json();
            String id = created.get("apiKey").get("id").asString();
            Api other = server.withKey(fixtures.newTenant().adminKey());
            assertThat(other.get("/api/v1/apikeys/" + id).status()).isEqualTo(404);
            assertThat(other.delete("/api/v1/apikeys/" + id).status()).isEqualTo(404);
            assertThat(other.get("/api/v1/apikeys").json().toString()).doesNotContain(id);
        }
    }

    @Nested
    class Authenticating {

        @Test
        void aKeyWorksAsBearerAndAsXApiKey() {
            String key = Keys.issue(roles.admin(), "viewer");
            assertThat(server.get("/api/v1/orgs", "Authorization", "Bearer " + key)
                            .status())
                    .isEqualTo(200);
            assertThat(server.get("/api/v1/orgs", "X-API-Key", key).status()).isEqualTo(200);
        }

        @Test
        void anUnknownKeyIs401() {
            var response = server.get("/api/v1/orgs", "X-API-Key", "cp_live_" + "A".repeat(40));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().get("code").asInt()).isEqualTo(401);
            assertThat(server.get("/api/v1/orgs", "X-API-Key", "garbage").status())
                    .isEqualTo(401);
        }

        @Test
        void aRevokedKeyIs401FromThenOn() {
            var created = roles.admin()
                    .post("/api/v1/apikeys", Map.of("name", "ci", "role", "viewer"))
                    .json();
            Api ci = server.withKey(created.get("key").asString());
            assertThat(ci.get("/api/v1/orgs").status()).isEqualTo(200);

            var revoked = roles.admin()
                    .delete("/api/v1/apikeys/" + created.get("apiKey").get("id").asString());
            assertThat(revoked.json().get("status").asString()).isEqualTo("revoked");
            var refused = ci.get("/api/v1/orgs");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").asString()).contains("revoked");
        }

        @Test
        void anExpiredKeyIs401() {
            var created = roles.admin()
                    .post(
                            "/api/v1/apikeys",
                            Map.of(
                                    "name",
                                    "short",
                                    "role",
                                    "viewer",
                                    "expiresAt",
                                    Instant.now().plus(Duration.ofMinutes(10)).toString()))
                    .json();
            Api shortLived = server.withKey(created.get("key").asString());
            assertThat(shortLived.get("/api/v1/orgs").status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(11));
            var refused = shortLived.get("/api/v1/orgs");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").asString()).contains("expired");
        }

        @Test
        void theRightKeyWithTheWrongRoleIs403() {
            var response = roles.viewer().post("/api/v1/orgs", Map.of("identifier", "x", "name", "X"));
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().get("error").asString())
                    .contains("viewer")
                    .contains("admin");
        }

        @Test
        void lastUseIsRecordedInBatches() {
            var created = roles.admin()
                    .post("/api/v1/apikeys", Map.of("name", "used", "role", "viewer"))
                    .json();
            String id = created.get("apiKey").get("id").asString();
            server.withKey(created.get("key").asString()).get("/api/v1/orgs");
            usage.flush();
            assertThat(roles.admin().get("/api/v1/apikeys/" + id).json().get("lastUsedAt"))
                    .isNotNull();
        }
    }

    @Test
    void issuingAndRevokingIsAudited() {
        var created = roles.admin()
                .post("/api/v1/apikeys", Map.of("name", "audited", "role", "operator"))
                .json();
        String id = created.get("apiKey").get("id").asString();
        roles.admin().delete("/api/v1/apikeys/" + id);
        JsonNode audit = roles.admin().get("/api/v1/audit").json();
        assertThat(audit.get("items"))
                .extracting(item ->
                        item.get("action").asString() + " " + item.get("target").asString())
                .contains("apikey.create " + id, "apikey.revoke " + id);
        assertThat(audit.toString()).doesNotContain(created.get("key").asString());
        assertThat(roles.viewer().get("/api/v1/audit").status()).isEqualTo(403);
    }
}
