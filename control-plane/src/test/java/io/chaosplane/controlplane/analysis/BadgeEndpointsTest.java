package io.chaosplane.controlplane.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class BadgeEndpointsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    RoleMatrix roles;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = RoleMatrix.of(server, fixtures.newTenant());
        // the chain A → B → C scores 50 with two SPOFs (B and C)
        Api.Response imported = roles.admin().send("PUT", "/api/v1/topology", """
                components: [{id: A}, {id: B}, {id: C}]
                edges: [{source: A, target: B}, {source: B, target: C}]
                """, "application/yaml");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
    }

    private String newToken() {
        Api.Response made = roles.admin().postRaw("/api/badge-tokens", "", "application/json");
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        return made.json().get("token").asString();
    }

    private static Element svg(Api.Response response) throws Exception {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("image/svg+xml");
        return BadgeSvgTest.parse(response.text()).getDocumentElement();
    }

    @Test
    void eachBadgeShowsItsFigureAndAReloadWithTheETagIs304() throws Exception {
        String token = newToken();
        Element score = svg(server.get("/badge/resilience_score.svg?token=" + token));
        assertThat(score.getAttribute("aria-label")).isEqualTo("resilience: 50.0");
        assertThat(svg(server.get("/badge/grade.svg?style=plastic&token=" + token))
                        .getAttribute("aria-label"))
                .isEqualTo("resilience grade: F");
        assertThat(svg(server.get("/badge/spof_count.svg?style=flat-square&token=" + token))
                        .getAttribute("aria-label"))
                .isEqualTo("SPOFs: 2");
        assertThat(svg(server.get("/badge/component_count.svg?style=for-the-badge&token=" + token))
                        .getAttribute("aria-label"))
                .isEqualTo("components: 3");
        assertThat(svg(server.get("/badge/run_score.svg?token=" + token)).getAttribute("aria-label"))
                .isEqualTo("chaos runs: no runs");
        // 0.99³ = 0.970299: 97.02 %
        assertThat(svg(server.get("/badge/sla_estimate.svg?token=" + token)).getAttribute("aria-label"))
                .isEqualTo("SLA estimate: 97.02%");

        Api.Response first = server.get("/badge/resilience_score.svg?token=" + token);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        assertThat(first.header("Cache-Control")).contains("max-age=60").contains("must-revalidate");
        Api.Response again = server.get("/badge/resilience_score.svg?token=" + token, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.text()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(etag);
        // another style is another image
        Api.Response other =
                server.get("/badge/resilience_score.svg?style=flat-square&token=" + token, "If-None-Match", etag);
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void badInputIsNamedAndTokensAreRevocable() {
        String token = newToken();
        Api.Response style = server.get("/badge/grade.svg?style=round&token=" + token);
        assertThat(style.status()).isEqualTo(400);
        assertThat(style.json().get("errors").get(0).get("field").asString()).isEqualTo("style");
        assertThat(server.get("/badge/nonsense.svg?token=" + token).status()).isEqualTo(404);
        assertThat(server.get("/badge/grade.svg").status()).isEqualTo(401);
        assertThat(server.get("/badge/grade.svg?token=" + "x".repeat(32)).status())
                .isEqualTo(404);

        JsonNode tokens = roles.admin().get("/api/badge-tokens").json();
        String id = tokens.get(0).get("id").asString();
        assertThat(roles.operator().delete("/api/badge-tokens/" + id).status()).isEqualTo(403);
        assertThat(roles.admin().delete("/api/badge-tokens/" + id).status()).isEqualTo(204);
        assertThat(server.get("/badge/grade.svg?token=" + token).status()).isEqualTo(404);
        assertThat(roles.admin()
                        .get("/api/badge-tokens")
                        .json()
                        .get(0)
                        .get("revoked_at")
                        .isNull())
                .isFalse();
    }

    @Test
    void theMarkdownCarriesTheNewestLiveTokenAndNeedsOne() {
        Api.Response none = roles.viewer().get("/api/badge-markdown?base_url=https://chaos.example.com/");
        assertThat(none.status()).isEqualTo(404);
        String token = newToken();
        Api.Response markdown = roles.viewer().get("/api/badge-markdown?base_url=https://chaos.example.com/");
        assertThat(markdown.status()).as(markdown.text()).isEqualTo(200);
        JsonNode first = markdown.json().get("badges").get(0);
        assertThat(first.get("type").asString()).isEqualTo("resilience_score");
        assertThat(first.get("markdown").asString())
                .isEqualTo("![resilience score](https://chaos.example.com/badge/resilience_score.svg?style=flat&token="
                        + token + ")");
        assertThat(markdown.json().get("badges")).hasSize(6);
        Api.Response bad = roles.viewer().get("/api/badge-markdown?base_url=javascript:alert(1)");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("base_url");
        assertThat(roles.viewer()
                        .postRaw("/api/badge-tokens", "", "application/json")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anotherTenantCannotSeeOrRevokeOurTokensAndOurTokenShowsOnlyOurProject() throws Exception {
        String token = newToken();
        String id =
                roles.admin().get("/api/badge-tokens").json().get(0).get("id").asString();
        Api other = server.withKey(fixtures.newTenant().adminKey());
        assertThat(other.get("/api/badge-tokens").json()).isEmpty();
        assertThat(other.delete("/api/badge-tokens/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/badge-tokens?organizationIdentifier=default&projectIdentifier=nope")
                        .status())
                .isEqualTo(404);
        // the other tenant's own badge shows its own empty project, ours still ours
        Api.Response made = other.postRaw("/api/badge-tokens", "", "application/json");
        String theirs = made.json().get("token").asString();
        assertThat(svg(server.get("/badge/component_count.svg?token=" + theirs)).getAttribute("aria-label"))
                .isEqualTo("components: 0");
        assertThat(svg(server.get("/badge/component_count.svg?token=" + token)).getAttribute("aria-label"))
                .isEqualTo("components: 3");
    }
}
