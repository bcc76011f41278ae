package io.chaosplane.controlplane.support;

import io.chaosplane.testsupport.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Issues API keys through the API, as an admin would; the role matrix every endpoint test reuses. */
public final class Keys {

    private Keys() {}

    public static String issue(Api admin, String role) {
        return issue(admin, role, null, null);
    }

    public static String issue(Api admin, String role, String organization, String project) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", role + " key");
        body.put("role", role);
        if (organization != null) {
            body.put("organizationIdentifier", organization);
        }
        if (project != null) {
            body.put("projectIdentifier", project);
        }
        Api.Response response = admin.post("/api/v1/apikeys", body);
        if (response.status() != 201) {
            throw new IllegalStateException("could not issue a " + role + " key: " + response);
        }
        JsonNode created = response.json();
        return created.get("key").asString();
    }

    /** A viewer, an operator and an admin key of the same account, each account-wide. */
    public record RoleMatrix(Api viewer, Api operator, Api admin) {

        public static RoleMatrix of(Api server, Fixtures.Tenant tenant) {
            Api admin = server.withKey(tenant.adminKey());
            return new RoleMatrix(
                    server.withKey(issue(admin, "viewer")), server.withKey(issue(admin, "operator")), admin);
        }
    }
}
