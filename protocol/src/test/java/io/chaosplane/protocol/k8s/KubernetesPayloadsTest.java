package io.chaosplane.protocol.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FieldError;
import io.chaosplane.protocol.catalog.Platform;
import io.chaosplane.protocol.catalog.ProbeValidator;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.probe.K8sProbeInputs;
import io.chaosplane.protocol.probe.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Seed 001's "Experiment Execution" bodies, verbatim, read into the records and written back member for member. */
class KubernetesPayloadsTest {

    private final JsonMapper json = ProtocolJson.mapper();

    @Test
    void theWorkflowEventRoundTripsWithItsExecutionDataString() throws IOException {
        String original = fixture("v2-task-response.json");

        TaskResponse response = json.readValue(original, TaskResponse.class);

        assertThat(json.readTree(json.writeValueAsString(response))).isEqualTo(json.readTree(original));
        assertThat(response.taskType()).isEqualTo(TaskResponse.WORKFLOW_EVENT);
        ExecutionData data = json.readValue(response.args().executionData(), ExecutionData.class);
        assertThat(data.nodes())
                .containsOnlyKeys(
                        "api-payload-test", "api-payload-test-pod-cpu-hog-pys", "api-payload-test-pod-delete-wm3");
        ExecutionData.Node deleting = data.nodes().get("api-payload-test-pod-delete-wm3");
        assertThat(deleting.type()).isEqualTo(ExecutionData.K8S_TASK);
        assertThat(deleting.chaosData().experimentVerdict()).isEqualTo("Awaited");
        assertThat(deleting.children()).containsExactly("api-payload-test-pod-cpu-hog-pys");
        // the node tree written back is the string the runner sent, member for member
        assertThat(json.readTree(json.writeValueAsString(data)))
                .isEqualTo(json.readTree(response.args().executionData()));
    }

    @Test
    void theRunsExecutionDataAndExperimentYamlRoundTrip() throws IOException {
        JsonNode sample = json.readTree(fixture("experimentrun-response.json")).get("data");

        ExecutionData data = json.treeToValue(sample.get("executionData"), ExecutionData.class);
        KubernetesChaosExperiment experiment =
                json.treeToValue(sample.get("experimentYaml"), KubernetesChaosExperiment.class);

        assertThat((JsonNode) json.valueToTree(data)).isEqualTo(sample.get("executionData"));
        assertThat((JsonNode) json.valueToTree(experiment)).isEqualTo(sample.get("experimentYaml"));
        assertThat(experiment.spec().steps()).hasSize(2);
        assertThat(experiment
                        .task("pod-cpu-hog-pys")
                        .orElseThrow()
                        .definition()
                        .targets()
                        .workloads())
                .singleElement()
                .satisfies(workload -> {
                    assertThat(workload.kind()).isEqualTo("deployment");
                    assertThat(workload.names()).isEqualTo("podtato-left-leg");
                });
    }

    @Test
    void theSeedsTunablesAreValidForTheirFaults() throws IOException {
        KubernetesChaosExperiment experiment = json.treeToValue(
                json.readTree(fixture("experimentrun-response.json"))
                        .get("data")
                        .get("experimentYaml"),
                KubernetesChaosExperiment.class);
        FaultCatalog catalog = FaultCatalog.standard();

        for (KubernetesChaosExperiment.Task task : experiment.spec().tasks()) {
            List<ExperimentInput> inputs = task.definition().chaos().envList().stream()
                    .map(env -> new ExperimentInput(env.name(), env.value()))
                    .toList();
            assertThat(catalog.validateInputs(task.definition().chaos().experiment(), inputs))
                    .as(task.name())
                    .isEmpty();
            assertThat(catalog.find(task.definition().chaos().experiment())
                            .orElseThrow()
                            .platform())
                    .isEqualTo(Platform.KUBERNETES);
        }
        assertThat(catalog.resolve("pod-delete", List.of(new ExperimentInput("TOTAL_CHAOS_DURATION", "30")))
                        .chaosDuration())
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void aKubernetesProbeIsCheckedAndRefusedOnLinux() {
        Probe probe = new Probe(
                "pods-up",
                "k8sProbe",
                null,
                null,
                new K8sProbeInputs("", "v1", "pods", "shop", null, "app=cart", null, "present", null),
                null,
                "SOT");
        Probe creating = new Probe(
                "make",
                "k8sProbe",
                null,
                null,
                new K8sProbeInputs("", "v1", "configmaps", "shop", null, null, null, "create", null),
                null,
                "SOT");

        assertThat(ProbeValidator.validate(List.of(probe), Platform.KUBERNETES)).isEmpty();
        assertThat(ProbeValidator.validate(List.of(probe), Platform.LINUX))
                .extracting(FieldError::field)
                .containsExactly("probes[0].k8sProbe/inputs");
        assertThat(ProbeValidator.validate(List.of(creating), Platform.KUBERNETES))
                .extracting(FieldError::field)
                .containsExactly("probes[0].k8sProbe/inputs.data");
    }

    @Test
    void aWorkflowHandsEachTaskItsReferencedProbesWithTheReferencesMode() {
        Probe ping = new Probe("google-ping", "httpProbe", null, null, null, "Continuous");
        KubernetesChaosExperiment.Task task = new KubernetesChaosExperiment.Task(
                "pod-delete-wm3", null, List.of(new KubernetesChaosExperiment.ProbeRef("google-ping", "SOT")), null);
        KubernetesWorkflow workflow = new KubernetesWorkflow("n", null, List.of(ping), java.util.Map.of());

        assertThat(workflow.probesOf(task))
                .singleElement()
                .satisfies(probe -> assertThat(probe.mode()).isEqualTo("SOT"));
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = KubernetesPayloadsTest.class.getResourceAsStream("/seed001/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
