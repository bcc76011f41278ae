package io.chaosplane.controlplane.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** PUT /api/v1/experiments/{namespace}/{name}: create or update without a run, and its dry run. */
@IntegrationTest
class ExperimentApplyTest {

    private static final String PATH = "/api/v1/experiments/ci/cpu";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api server;
    RoleMatrix roles;
    FakeAgent agent;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = RoleMatrix.of(server, fixtures.newTenant());
        agent = FakeAgent.install(server, roles.admin(), "applied");
    }

    private String manifest(String name, String load) {
        return """
                apiVersion: chaos.chaosplane.io/v1alpha1
                kind: ChaosExperiment
                metadata: {name: %s, namespace: ci}
                spec:
                  target: {infrastructure: %s}
                  action: {type: linux-cpu-stress, parameters: {Load: "%s"}}
                  duration: 30s
                """.formatted(name, agent.infraId(), load);
    }

    private Api.Response put(Api caller, String path, String body) {
        return caller.send("PUT", path, body, "application/yaml");
    }

    private int runsOf(Api caller) {
        return caller.get(PATH + "/runs").json().get("total").asInt();
    }

    @Test
    void createsThenUpdatesThenChangesNothingAndNeverStartsARun() {
        var created = put(roles.admin(), PATH, manifest("cpu", "50"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.header(ExperimentController.APPLIED)).isEqualTo("created");
        assertThat(created.json().get("status").get("phase").asString()).isEqualTo("Pending");

        var again = put(roles.admin(), PATH, manifest("cpu", "50"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header(ExperimentController.APPLIED)).isEqualTo("unchanged");

        var updated = put(roles.admin(), PATH, manifest("cpu", "90"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header(ExperimentController.APPLIED)).isEqualTo("updated");
        assertThat(roles.viewer()
                        .get(PATH)
                        .json()
                        .get("spec")
                        .get("action")
                        .get("parameters")
                        .get("Load")
                        .asString())
                .isEqualTo("90");
        assertThat(runsOf(roles.viewer())).isZero();

        var run = roles.operator().post(PATH + "/run", null);
        assertThat(run.status()).as(run.text()).isEqualTo(201);
        assertThat(runsOf(roles.viewer())).isEqualTo(1);
    }

    @Test
    void aDryRunChecksAndStoresNothing() {
        var dry = put(roles.admin(), PATH + "?dryRun=true", manifest("cpu", "50"));
        assertThat(dry.status()).as(dry.text()).isEqualTo(200);
        assertThat(dry.header(ExperimentController.APPLIED)).isEqualTo("created");
        assertThat(roles.admin().get(PATH).status()).isEqualTo(404);

        put(roles.admin(), PATH, manifest("cpu", "50"));
        var dryUpdate = put(roles.admin(), PATH + "?dryRun=true", manifest("cpu", "70"));
        assertThat(dryUpdate.header(ExperimentController.APPLIED)).isEqualTo("updated");
        assertThat(roles.admin()
                        .get(PATH)
                        .json()
                        .get("spec")
                        .get("action")
                        .get("parameters")
                        .get("Load")
                        .asString())
                .isEqualTo("50");

        var invalid = put(roles.admin(), PATH + "?dryRun=true", manifest("cpu", "500"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("field").asString())
                .isEqualTo("spec.action.parameters.Load");
    }

    @Test
    void badInputIsNamedAtItsField() {
        var otherName = put(roles.admin(), PATH, manifest("memory", "50"));
        assertThat(otherName.status()).isEqualTo(400);
        assertThat(otherName.json().get("errors").get(0).get("field").asString())
                .isEqualTo("metadata.name");

        var badFault = put(roles.admin(), PATH, manifest("cpu", "50").replace("linux-cpu-stress", "linux-teleport"));
        assertThat(badFault.status()).isEqualTo(400);
        assertThat(badFault.json().get("errors").toString()).contains("spec.action.type");

        var notYaml = put(roles.admin(), PATH, "kind: [");
        assertThat(notYaml.status()).isEqualTo(400);
        assertThat(roles.admin().get(PATH).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantNeitherSeesItNorTargetsItsInfrastructure() {
        put(roles.admin(), PATH, manifest("cpu", "50"));
        Api other = server.withKey(fixtures.newTenant().adminKey());

        assertThat(other.get(PATH).status()).isEqualTo(404);
        var theirs = put(other, PATH, manifest("cpu", "90"));
        assertThat(theirs.status()).as(theirs.text()).isEqualTo(400);
        assertThat(theirs.json().get("errors").toString()).contains("spec.target.infrastructure");
        assertThat(roles.viewer()
                        .get(PATH)
                        .json()
                        .get("spec")
                        .get("action")
                        .get("parameters")
                        .get("Load")
                        .asString())
                .isEqualTo("50");
    }

    @Test
    void onlyAdminsApply() {
        assertThat(put(roles.viewer(), PATH, manifest("cpu", "50")).status()).isEqualTo(403);
        assertThat(put(roles.operator(), PATH, manifest("cpu", "50")).status()).isEqualTo(403);
        assertThat(put(roles.operator(), PATH + "?dryRun=true", manifest("cpu", "50"))
                        .status())
                .isEqualTo(403);
        assertThat(put(server, PATH, manifest("cpu", "50")).status()).isEqualTo(401);
        assertThat(roles.admin().get(PATH).status()).isEqualTo(404);
    }
}
