package io.chaosplane.controlplane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What an agent reports at confirm that it can do is kept with its infrastructure, shown to the project's readers,
 * and a run with a fault it cannot run is refused (409) with the reason before anything reaches the agent.
 */
@IntegrationTest
class ReportedCapabilitiesTest {

    private static final Map<String, Object> NO_NETEM =
            Map.of("root", true, "kernelModules", List.of(), "commands", List.of("tc", "ip", "nft", "fallocate"));

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

    private record Created(String id, String token) {}

    private Created create(String identifier) {
        JsonNode body = roles.admin()
                .post("/api/v1/infrastructures", Map.of("identifier", identifier, "name", identifier))
                .json();
        return new Created(
                body.get("infrastructure").get("id").asString(),
                body.get("installToken").asString());
    }

    private Api.Response confirm(Created infra, Map<String, Object> body) {
        return server.post(
                "/chaos/lserver/api/infra/confirm", body, "X-Infra-ID", infra.id(), "X-Access-Key", infra.token());
    }

    private static Map<String, Object> confirmBody(Map<String, Object> capabilities) {
        return Map.of("hostname", "host-1", "version", "1.0.0", "capabilities", capabilities);
    }

    private static String networkExperiment(String name, String fault, String parameter, String infraId) {
        return """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"default"},
                 "spec":{"target":{"kind":"Linux","infrastructure":"%s"},
                         "action":{"type":"%s","parameters":{"%s":"10"}},
                         "duration":"30s"}}""".formatted(name, infraId, fault, parameter);
    }

    @Test
    void theyAreKeptWithTheInfrastructureAndShownToItsReaders() {
        Created infra = create("host_caps");

        assertThat(confirm(infra, confirmBody(NO_NETEM)).status()).isEqualTo(200);

        JsonNode capabilities = roles.viewer()
                .get("/api/v1/infrastructures/" + infra.id())
                .json()
                .get("capabilities");
        assertThat(capabilities.get("root").asBoolean()).isTrue();
        assertThat(capabilities.get("kernelModules")).isEmpty();
        assertThat(capabilities.get("commands"))
                .extracting(JsonNode::asString)
                .containsExactly("tc", "ip", "nft", "fallocate");
        assertThat(capabilities.has("kubernetes")).as("not reported, left out").isFalse();
    }

    @Test
    void aBadNameIsRefusedWithItsFieldAndTheTokenStaysUnspent() {
        Created infra = create("host_bad");

        Api.Response refused = confirm(
                infra,
                confirmBody(Map.of("kernelModules", List.of("sch_netem", "$(reboot)"), "commands", List.of(""))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors"))
                .extracting(error -> error.get("field").asString())
                .containsExactly("capabilities.kernelModules[1]", "capabilities.commands[0]");
        assertThat(confirm(infra, confirmBody(NO_NETEM)).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantSeesNoneOfThem() {
        Created infra = create("host_mine");
        confirm(infra, confirmBody(NO_NETEM));

        Api other = server.withKey(fixtures.newTenant().adminKey());

        Api.Response response = other.get("/api/v1/infrastructures/" + infra.id());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).doesNotContain("fallocate");
    }

    @Test
    void aRunWithAFaultTheAgentCannotRunIsRefusedWithTheReason() {
        Created infra = create("host_nonetem");
        confirm(infra, confirmBody(NO_NETEM));

        Api.Response refused = roles.admin()
                .postRaw(
                        "/api/v1/experiments",
                        networkExperiment("latency", "linux-network-latency", "Latency", infra.id()),
                        "application/json");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asString())
                .contains("linux-network-latency")
                .contains("kernel module sch_netem is missing");
        assertThat(roles.viewer().get("/api/v1/experiments/default/latency").status())
                .as("nothing of the refused experiment stays")
                .isEqualTo(404);
        Api.Response loss = roles.admin()
                .postRaw(
                        "/api/v1/experiments",
                        networkExperiment("loss", "linux-network-loss", "LossPercentage", infra.id()),
                        "application/json");
        assertThat(loss.status()).as(loss.text()).isEqualTo(201);
    }

    @Test
    void anAgentThatIsNotRootCannotRunARootFaultButMayStressTheHost() {
        Created infra = create("host_user");
        confirm(
                infra,
                confirmBody(Map.of("root", false, "kernelModules", List.of("sch_netem"), "commands", List.of())));

        Api.Response refused = roles.admin()
                .postRaw(
                        "/api/v1/experiments",
                        networkExperiment("loss", "linux-network-loss", "LossPercentage", infra.id()),
                        "application/json");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).contains("the agent does not run as root");
    }

    @Test
    void anAgentThatReportsAgainAfterAKeyResetIsHeldToItsNewReportWhenAnOperatorRunsTheExperiment() {
        Created infra = create("host_reset");
        confirm(infra, confirmBody(Map.of("root", true, "kernelModules", List.of("sch_netem"))));
        assertThat(roles.admin()
                        .postRaw(
                                "/api/v1/experiments",
                                networkExperiment("latency", "linux-network-latency", "Latency", infra.id()),
                                "application/json")
                        .status())
                .isEqualTo(201);
        roles.admin().post("/api/v1/experiments/default/latency/abort", null);
        String newToken = roles.admin()
                .post("/api/v1/infrastructures/" + infra.id() + "/reset-key", null)
                .json()
                .get("installToken")
                .asString();

        assertThat(confirm(new Created(infra.id(), newToken), confirmBody(NO_NETEM))
                        .status())
                .isEqualTo(200);

        Api.Response refused = roles.operator().post("/api/v1/experiments/default/latency/run", null);
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).contains("kernel module sch_netem is missing");
    }

    @Test
    void anAgentThatReportedNothingIsNotHeldToAnything() {
        Created infra = create("host_old");
        assertThat(confirm(infra, Map.of("hostname", "host-1", "version", "1.59.0"))
                        .status())
                .isEqualTo(200);

        assertThat(roles.viewer()
                        .get("/api/v1/infrastructures/" + infra.id())
                        .json()
                        .has("capabilities"))
                .isFalse();
        Api.Response accepted = roles.admin()
                .postRaw(
                        "/api/v1/experiments",
                        networkExperiment("latency", "linux-network-latency", "Latency", infra.id()),
                        "application/json");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(201);
    }
}
