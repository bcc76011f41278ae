package io.chaosplane.agent.k8s.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.k8s.KubernetesChaosExperiment;
import io.chaosplane.protocol.k8s.KubernetesWorkflow;
import io.chaosplane.protocol.k8s.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's {@code policy} values bind the runner as the host policy file binds the Linux agent: a whole experiment
 * is judged before its first step, and a fault outside the policy fails the task with the reason.
 */
class RunnerPolicyTest {

    private static final FaultCatalog CATALOG = FaultCatalog.standard();

    private static KubernetesChaosExperiment.Task task(
            String name, String fault, Targets.Workload workload, String duration) {
        return new KubernetesChaosExperiment.Task(
                name,
                new KubernetesChaosExperiment.Definition(
                        Targets.of(List.of(workload)),
                        new KubernetesChaosExperiment.Chaos(
                                fault,
                                null,
                                null,
                                null,
                                List.of(new KubernetesChaosExperiment.EnvVar("TOTAL_CHAOS_DURATION", duration)),
                                null)),
                null,
                null);
    }

    /** An experiment of one step per task. */
    private static KubernetesWorkflow workflow(KubernetesChaosExperiment.Task... tasks) {
        List<List<KubernetesChaosExperiment.StepTask>> steps = java.util.Arrays.stream(tasks)
                .map(task -> List.of(new KubernetesChaosExperiment.StepTask(task.name(), null)))
                .toList();
        return new KubernetesWorkflow(
                "notify",
                new KubernetesChaosExperiment(
                        "KubernetesChaosExperiment",
                        "v1",
                        null,
                        new KubernetesChaosExperiment.Spec(List.of(tasks), "e", "r", steps, null, null),
                        null),
                List.of(),
                Map.of());
    }

    private static Targets.Workload cart(String namespace) {
        return new Targets.Workload("deployment", namespace, null, "app=cart");
    }

    @Test
    void withoutPolicyValuesEverythingTheControlPlaneSendsIsLeftToIt() {
        RunnerPolicy none = RunnerPolicy.from(Map.of("POLICY_FAULTS", "", "POLICY_MAX_DURATION", " "));

        assertThat(none.refusal(workflow(task("a", "pod-delete", cart("anything"), "3600")), CATALOG))
                .isEmpty();
    }

    @Test
    void aFaultNotAllowedRefusesTheWholeExperimentNamingItsValue() {
        RunnerPolicy policy = RunnerPolicy.from(Map.of("POLICY_FAULTS", "pod-delete, pod-network-*"));
        KubernetesWorkflow experiment = workflow(
                task("first", "pod-network-loss", cart("shop"), "30"),
                task("second", "container-kill", cart("shop"), "30"));

        assertThat(policy.refusal(experiment, CATALOG))
                .contains("task refused by the runner's policy (chart values policy.*): fault container-kill is not"
                        + " in policy.faults [pod-delete, pod-network-*]");
        assertThat(policy.refusal(workflow(task("first", "pod-network-loss", cart("shop"), "30")), CATALOG))
                .isEmpty();
    }

    @Test
    void targetsOutsideTheAllowedNamespacesOrLabelsAreRefused() {
        RunnerPolicy policy =
                RunnerPolicy.from(Map.of("POLICY_NAMESPACES", "shop, staging-*", "POLICY_LABELS", "app=cart, tier=*"));

        assertThat(policy.refusal(workflow(task("a", "pod-delete", cart("staging-eu"), "30")), CATALOG))
                .isEmpty();
        assertThat(policy.refusal(workflow(task("a", "pod-delete", cart("kube-system"), "30")), CATALOG))
                .get()
                .asString()
                .contains("namespace 'kube-system' is not in policy.namespaces [shop, staging-*]");
        var byNameOnly = new Targets.Workload("deployment", "shop", "payments", null);
        assertThat(policy.refusal(workflow(task("a", "pod-delete", byNameOnly, "30")), CATALOG))
                .get()
                .asString()
                .contains("carries none of the label terms in policy.labels");
        var otherApp = new Targets.Workload("deployment", "shop", null, "app=payments");
        assertThat(policy.refusal(workflow(task("a", "pod-delete", otherApp, "30")), CATALOG))
                .isPresent();
    }

    @Test
    void chaosLongerThanTheMaximumIsRefused() {
        RunnerPolicy policy = RunnerPolicy.from(Map.of("POLICY_MAX_DURATION", "10m"));

        assertThat(policy.refusal(workflow(task("a", "pod-delete", cart("shop"), "600")), CATALOG))
                .isEmpty();
        assertThat(policy.refusal(workflow(task("a", "pod-delete", cart("shop"), "601")), CATALOG))
                .get()
                .asString()
                .endsWith("it lasts 10m1s, more than policy.maxDuration 10m0s");
    }

    @Test
    void probesNeverReachCloudMetadataAndAnAllowListNarrowsThem() {
        RunnerPolicy none = RunnerPolicy.from(Map.of());
        assertThat(none.probes().destinationRefusal("http://169.254.169.254/latest/meta-data/"))
                .isPresent();
        assertThat(none.probes().destinationRefusal("http://metadata.google.internal/"))
                .isPresent();
        assertThat(none.probes().destinationRefusal("http://10.0.0.7:8080/health"))
                .isEmpty();
        assertThat(none.probes().followRedirects()).isTrue();

        RunnerPolicy listed =
                RunnerPolicy.from(Map.of("POLICY_PROBE_DESTINATIONS", "10.0.0.0/8", "POLICY_PROBE_REDIRECTS", "false"));
        assertThat(listed.probes().destinationRefusal("http://10.0.0.7:8080/health"))
                .isEmpty();
        assertThat(listed.probes().destinationRefusal("http://192.168.1.1/")).isPresent();
        assertThat(listed.probes().followRedirects()).isFalse();
    }

    @Test
    void malformedValuesStopTheRunnerNamingTheValue() {
        assertThatThrownBy(() -> RunnerPolicy.from(Map.of("POLICY_MAX_DURATION", "ten minutes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.maxDuration");
        assertThatThrownBy(() -> RunnerPolicy.from(Map.of("POLICY_PROBE_REDIRECTS", "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.probeRedirects");
    }

    @Test
    void theChartCarriesEveryPolicyValueIntoTheRunnersEnvironment() throws Exception {
        Path chart = Path.of("..", "deploy", "helm", "chaosplane-agent-k8s");
        String values = Files.readString(chart.resolve("values.yaml"));
        String configMap = Files.readString(chart.resolve("templates/configmap.yaml"));
        Map<String, String> keys = Map.of(
                "faults", "POLICY_FAULTS",
                "namespaces", "POLICY_NAMESPACES",
                "labels", "POLICY_LABELS",
                "maxDuration", "POLICY_MAX_DURATION",
                "probeDestinations", "POLICY_PROBE_DESTINATIONS",
                "probeRedirects", "POLICY_PROBE_REDIRECTS");
        keys.forEach((value, variable) -> {
            assertThat(values).contains("  " + value + ": ");
            assertThat(configMap).contains(variable + ": {{ .Values.policy." + value + " | quote }}");
        });
    }
}
