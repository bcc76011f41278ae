package io.chaosplane.controlplane.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class TopologyDiffEndpointTest {

    private static final String BOUNDARY = "diff-boundary-7d1f";

    private static final String CHAIN = """
            components:
              - {id: A}
              - {id: B}
              - {id: C, type: database}
            edges:
              - {source: A, target: B}
              - {source: B, target: C}
            """;

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
    }

    private static String multipart(Map<String, String> files) {
        StringBuilder body = new StringBuilder();
        files.forEach((field, content) -> body.append("--")
                .append(BOUNDARY)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(field)
                .append("\"; filename=\"")
                .append(field)
                .append(".yaml\"\r\nContent-Type: application/yaml\r\n\r\n")
                .append(content)
                .append("\r\n"));
        return body.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    private static Map<String, String> files(String before, String after) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("before_file", before);
        files.put("after_file", after);
        return files;
    }

    private Api.Response diff(Api caller, String path, Map<String, String> files) {
        return caller.postRaw(path, multipart(files), "multipart/form-data; boundary=" + BOUNDARY);
    }

    @Test
    void namesWhatChangedWithBothScoresAndAMermaidChart() {
        String after = CHAIN.replace("{id: C, type: database}", "{id: C, type: database, replicas: 2}")
                        .replace("  - {source: A, target: B}\n", "  - {source: A, target: B, dependency_type: soft}\n")
                + "  - {source: D, target: C}\n";
        after = after.replace("edges:", "  - {id: D}\nedges:");
        Api.Response response = diff(roles.viewer(), "/api/topology-diff", files(CHAIN, after));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("components", "edges", "score_before", "score_after", "delta", "mermaid");
        assertThat(body.get("components").get("added"))
                .extracting(JsonNode::asString)
                .containsExactly("D");
        assertThat(body.get("components").get("removed")).isEmpty();
        JsonNode changed = body.get("components").get("changed").get(0);
        assertThat(changed.get("id").asString()).isEqualTo("C");
        assertThat(changed.get("changes").get(0).get("field").asString()).isEqualTo("replicas");
        assertThat(changed.get("changes").get(0).get("before").asInt()).isEqualTo(1);
        assertThat(changed.get("changes").get(0).get("after").asInt()).isEqualTo(2);
        assertThat(body.get("edges").get("added").get(0).get("source").asString())
                .isEqualTo("D");
        assertThat(body.get("edges")
                        .get("changed")
                        .get(0)
                        .get("changes")
                        .get(0)
                        .get("after")
                        .asString())
                .isEqualTo("soft");
        // the chain scores 50; after, C's second replica carries it and A's soft call has no breaker on B:
        // B lost takes A down (1/3), the others hurt nobody: 100·(1 − (1/3)/4) = 91.7
        assertThat(body.get("score_before").asDouble()).isEqualTo(50.0);
        assertThat(body.get("score_after").asDouble()).isEqualTo(91.7);
        assertThat(body.get("delta").asDouble()).isEqualTo(41.7);
        assertThat(body.get("mermaid").asString()).startsWith("flowchart LR\n").contains(":::added");

        assertThat(diff(roles.admin(), "/api/v1/topology-diff", files(CHAIN, CHAIN))
                        .json()
                        .get("delta")
                        .asDouble())
                .isZero();
    }

    @Test
    void aBadFileIs400NamingItsField() {
        Api.Response broken = diff(roles.viewer(), "/api/topology-diff", files(CHAIN, "components: [ {id: A"));
        assertThat(broken.status()).as(broken.text()).isEqualTo(400);
        assertThat(broken.json().get("errors").get(0).get("field").asString()).isEqualTo("after_file");

        Api.Response invalid =
                diff(roles.viewer(), "/api/topology-diff", files("components: [{id: A, replicas: 0}]", CHAIN));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("field").asString())
                .isEqualTo("before_file.components[0].replicas");

        Api.Response noBoundary =
                roles.viewer().postRaw("/api/topology-diff", multipart(files(CHAIN, CHAIN)), "multipart/form-data");
        assertThat(noBoundary.status()).as(noBoundary.text()).isEqualTo(400);
        assertThat(noBoundary.json().get("errors").get(0).get("field").asString())
                .isEqualTo("body");
        Api.Response cutShort = roles.viewer()
                .postRaw(
                        "/api/topology-diff",
                        "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"before_file\"\r\n\r\nabc",
                        "multipart/form-data; boundary=" + BOUNDARY);
        assertThat(cutShort.status()).as(cutShort.text()).isEqualTo(400);

        Api.Response missing = diff(roles.viewer(), "/api/topology-diff", Map.of("before_file", CHAIN));
        assertThat(missing.status()).as(missing.text()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("after_file");
    }

    @Test
    void aBodyPastTheLimitIs413AndMultipartElsewhereIsStill415() {
        String huge = "# " + "x".repeat(3 * 1024 * 1024) + "\n" + CHAIN;
        Api.Response tooLarge = diff(roles.viewer(), "/api/topology-diff", files(CHAIN, huge));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("code").asInt()).isEqualTo(413);

        Api.Response elsewhere = diff(roles.admin(), "/api/v1/topology", files(CHAIN, CHAIN));
        assertThat(elsewhere.status()).isEqualTo(415);
        Api.Response notPost = roles.viewer()
                .send("PUT", "/api/topology-diff", multipart(files(CHAIN, CHAIN)), "multipart/form-data; boundary=x");
        assertThat(notPost.status()).isEqualTo(415);
    }

    @Test
    void needsAKeyAndAProjectOfTheCallersOwnAccount() {
        assertThat(diff(server, "/api/topology-diff", files(CHAIN, CHAIN)).status())
                .isEqualTo(401);
        Api.Response otherProject = diff(
                roles.viewer(),
                "/api/topology-diff?organizationIdentifier=default&projectIdentifier=no_such_project",
                files(CHAIN, CHAIN));
        assertThat(otherProject.status()).isEqualTo(404);
    }
}
