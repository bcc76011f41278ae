package io.chaosplane.controlplane.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class TenancyEndpointsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Fixtures.Tenant tenant;
    RoleMatrix roles;
    Api otherTenantAdmin;

    @BeforeEach
    void setUp() {
        Api server = new Api(port);
        tenant = fixtures.newTenant();
        roles = RoleMatrix.of(server, tenant);
        otherTenantAdmin = server.withKey(fixtures.newTenant().adminKey());
    }

    @Nested
    class Accounts {

        @Test
        void anApiKeySeesItsOwnAccountWithItsPlan() {
            JsonNode account =
                    roles.viewer().get("/api/v1/accounts/" + tenant.accountId()).json();
            assertThat(account.get("accountIdentifier").asString()).isEqualTo(tenant.accountId());
            assertThat(account.get("plan").asString()).isEqualTo("enterprise");
            assertThat(account.get("requestsPerMinute").asInt()).isEqualTo(3000);
            JsonNode list = roles.viewer().get("/api/v1/accounts").json();
            assertThat(list.get("items")).hasSize(1);
        }

        @Test
        void anotherTenantsAccountIsNotFound() {
            assertThat(otherTenantAdmin
                            .get("/api/v1/accounts/" + tenant.accountId())
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void onlyAnAdminMayRenameAndNobodyButThePlatformChangesThePlan() {
            assertThat(roles.operator()
                            .put("/api/v1/accounts/" + tenant.accountId(), Map.of("name", "x"))
                            .status())
                    .isEqualTo(403);
            var renamed = roles.admin().put("/api/v1/accounts/" + tenant.accountId(), Map.of("name", "Renamed"));
            assertThat(renamed.json().get("name").asString()).isEqualTo("Renamed");
            var planChange = roles.admin()
                    .put("/api/v1/accounts/" + tenant.accountId(), Map.of("name", "Renamed", "plan", "free"));
            assertThat(planChange.status()).isEqualTo(403);
        }

        @Test
        void peopleCannotCreateAccountsWhileSelfSignUpIsOff() {
            Api person = fixtures.newPerson(tenant.accountId(), "admin").api(port);
            var created = person.post("/api/v1/accounts", Map.of("name", "Mine"));
            assertThat(created.status()).isEqualTo(403);
            assertThat(created.json().get("error").asString()).contains("closed");
        }

        @Test
        void anAccountTheCallerIsNotAMemberOfIsNotFoundBeforeAnythingRuns() {
            Api person = fixtures.newPerson(tenant.accountId(), "admin").api(port);
            String other = fixtures.newTenant().accountId();
            for (String path : new String[] {"/api/v1/accounts/" + other, "/api/v1/me", "/api/v1/orgs"}) {
                var response = person.get(path + "?accountIdentifier=" + other);
                assertThat(response.status()).as(path).isEqualTo(404);
                assertThat(response.json().get("error").asString()).contains(other);
            }
            assertThat(roles.admin()
                            .get("/api/v1/orgs?accountIdentifier=" + other)
                            .status())
                    .isEqualTo(404);
            assertThat(person.get("/api/v1/accounts/" + tenant.accountId() + "?accountIdentifier=" + tenant.accountId())
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void apiKeysCannotCreateAccounts() {
            assertThat(roles.admin()
                            .post("/api/v1/accounts", Map.of("name", "New"))
                            .status())
                    .isEqualTo(403);
        }
    }

    @Nested
    class Organizations {

        @Test
        void anAdminCreatesAndEveryRoleReads() {
            var created = roles.admin().post("/api/v1/orgs", Map.of("identifier", "payments", "name", "Payments"));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("accountIdentifier").asString()).isEqualTo(tenant.accountId());
            for (Api reader : new Api[] {roles.viewer(), roles.operator(), roles.admin()}) {
                assertThat(reader.get("/api/v1/orgs/payments")
                                .json()
                                .get("name")
                                .asString())
                        .isEqualTo("Payments");
            }
        }

        @Test
        void viewersAndOperatorsMayNotCreateChangeOrDelete() {
            for (Api weak : new Api[] {roles.viewer(), roles.operator()}) {
                assertThat(weak.post("/api/v1/orgs", Map.of("identifier", "x", "name", "X"))
                                .status())
                        .isEqualTo(403);
                assertThat(weak.put("/api/v1/orgs/default", Map.of("name", "X")).status())
                        .isEqualTo(403);
                assertThat(weak.delete("/api/v1/orgs/default").status()).isEqualTo(403);
            }
        }

        @Test
        void aDuplicateIdentifierIsAConflict() {
            var duplicate = roles.admin().post("/api/v1/orgs", Map.of("identifier", "default", "name", "Again"));
            assertThat(duplicate.status()).isEqualTo(409);
        }

        @Test
        void anotherTenantsOrganizationIsNotFoundEvenWithTheSameIdentifier() {
            roles.admin().post("/api/v1/orgs", Map.of("identifier", "secret_org", "name", "Secret"));
            assertThat(otherTenantAdmin.get("/api/v1/orgs/secret_org").status()).isEqualTo(404);
            assertThat(otherTenantAdmin
                            .put("/api/v1/orgs/secret_org", Map.of("name", "Mine"))
                            .status())
                    .isEqualTo(404);
            assertThat(otherTenantAdmin.delete("/api/v1/orgs/secret_org").status())
                    .isEqualTo(404);
            assertThat(roles.viewer()
                            .get("/api/v1/orgs/secret_org")
                            .json()
                            .get("name")
                            .asString())
                    .isEqualTo("Secret");
        }

        @Test
        void updateAndDelete() {
            roles.admin().post("/api/v1/orgs", Map.of("identifier", "temp", "name", "Temp"));
            var updated = roles.admin().put("/api/v1/orgs/temp", Map.of("name", "Temporary", "description", "d"));
            assertThat(updated.json().get("description").asString()).isEqualTo("d");
            assertThat(roles.admin().delete("/api/v1/orgs/temp").status()).isEqualTo(204);
            assertThat(roles.admin().get("/api/v1/orgs/temp").status()).isEqualTo(404);
        }
    }

    @Nested
    class Projects {

        @Test
        void createListGetUpdateDelete() {
            var created = roles.admin()
                    .post("/api/v1/orgs/default/projects", Map.of("identifier", "checkout", "name", "Checkout"));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("organizationIdentifier").asString()).isEqualTo("default");
            JsonNode list = roles.viewer().get("/api/v1/orgs/default/projects").json();
            assertThat(list.get("items"))
                    .extracting(item -> item.get("identifier").asString())
                    .contains("checkout", "default_project");
            assertThat(roles.admin()
                            .put("/api/v1/orgs/default/projects/checkout", Map.of("name", "Check-out"))
                            .status())
                    .isEqualTo(200);
            assertThat(roles.admin()
                            .delete("/api/v1/orgs/default/projects/checkout")
                            .status())
                    .isEqualTo(204);
        }

        @Test
        void aProjectInAMissingOrganizationIsNotFound() {
            assertThat(roles.admin()
                            .post("/api/v1/orgs/nope/projects", Map.of("identifier", "p", "name", "P"))
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void aKeyScopedToOneProjectSeesOnlyThatProject() {
            roles.admin().post("/api/v1/orgs/default/projects", Map.of("identifier", "hidden", "name", "Hidden"));
            Api person = fixtures.newPerson(tenant.accountId(), "admin").api(port);
            Api scoped = new Api(port).withKey(Keys.issue(person, "admin", "default", "default_project"));
            assertThat(scoped.get("/api/v1/orgs/default/projects/default_project")
                            .status())
                    .isEqualTo(200);
            assertThat(scoped.get("/api/v1/orgs/default/projects/hidden").status())
                    .isEqualTo(404);
            JsonNode visible = scoped.get("/api/v1/orgs/default/projects").json();
            assertThat(visible.get("items"))
                    .extracting(item -> item.get("identifier").asString())
                    .containsExactly("default_project");
            // admin of its project, it may not create projects in the organization
            assertThat(scoped.post("/api/v1/orgs/default/projects", Map.of("identifier", "x", "name", "X"))
                            .status())
                    .isEqualTo(403);
        }

        @Test
        void badInputNamesTheField() {
            var response = roles.admin().post("/api/v1/orgs/default/projects", Map.of("identifier", "ok", "name", ""));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("name");
        }
    }

    @Nested
    class Environments {

        static final String PATH = "/api/v1/orgs/default/projects/default_project/environments";

        @Test
        void createListGetUpdateDelete() {
            var created =
                    roles.admin().post(PATH, Map.of("identifier", "prod", "name", "Production", "type", "Production"));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("environmentIdentifier")).isNull();
            assertThat(created.json().get("identifier").asString()).isEqualTo("prod");
            assertThat(created.json().get("projectIdentifier").asString()).isEqualTo("default_project");
            assertThat(roles.viewer().get(PATH).json().get("items")).hasSize(1);
            var updated = roles.admin().put(PATH + "/prod", Map.of("name", "Prod", "type", "PreProduction"));
            assertThat(updated.json().get("type").asString()).isEqualTo("PreProduction");
            assertThat(roles.viewer().delete(PATH + "/prod").status()).isEqualTo(403);
            assertThat(roles.admin().delete(PATH + "/prod").status()).isEqualTo(204);
        }

        @Test
        void anotherTenantCannotSeeThem() {
            roles.admin().post(PATH, Map.of("identifier", "qa", "name", "QA", "type", "PreProduction"));
            assertThat(otherTenantAdmin.get(PATH + "/qa").status()).isEqualTo(404);
            assertThat(otherTenantAdmin.get(PATH).json().get("items")).isEmpty();
        }

        @Test
        void theTypeIsRequired() {
            var response = roles.admin().post(PATH, Map.of("identifier", "x", "name", "X"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("type");
        }
    }
}
