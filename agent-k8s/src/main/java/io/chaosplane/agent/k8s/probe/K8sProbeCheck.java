package io.chaosplane.agent.k8s.probe;

import io.chaosplane.agent.probe.CheckResult;
import io.chaosplane.agent.probe.ProbeCheck;
import io.chaosplane.protocol.probe.K8sProbeInputs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code k8sProbe}: looks at resources of any group, version and resource (no discovery needed) with the probe's
 * selectors and names, and judges them present or absent; or creates or deletes them.
 */
public final class K8sProbeCheck implements ProbeCheck {

    private final KubernetesClient client;
    private final K8sProbeInputs inputs;

    public K8sProbeCheck(KubernetesClient client, K8sProbeInputs inputs) {
        this.client = client;
        this.inputs = inputs;
    }

    @Override
    public CheckResult attempt(Duration timeout) {
        try {
            return switch (inputs.operation()) {
                case "present" -> {
                    List<String> found = matching();
                    yield found.isEmpty()
                            ? CheckResult.fail(describe() + " matches nothing")
                            : CheckResult.pass(describe() + " matches " + found);
                }
                case "absent" -> {
                    List<String> found = matching();
                    yield found.isEmpty()
                            ? CheckResult.pass(describe() + " matches nothing")
                            : CheckResult.fail(describe() + " still matches " + found);
                }
                case "create" -> {
                    GenericKubernetesResource made = resources()
                            .resource(Serialization.unmarshal(inputs.data(), GenericKubernetesResource.class))
                            .create();
                    yield CheckResult.pass("created " + inputs.resource() + " "
                            + made.getMetadata().getName());
                }
                case "delete" -> {
                    List<String> found = matching();
                    for (String name : found) {
                        resources().withName(name).delete();
                    }
                    yield found.isEmpty()
                            ? CheckResult.fail(describe() + " matches nothing to delete")
                            : CheckResult.pass("deleted " + found);
                }
                default -> CheckResult.fail("unknown operation " + inputs.operation());
            };
        } catch (KubernetesClientException e) {
            return CheckResult.fail(inputs.operation() + " " + describe() + " failed: " + e.getMessage());
        }
    }

    private List<String> matching() {
        var resources = resources();
        var filtered = resources.withLabelSelector(blank(inputs.labelSelector()) ? null : inputs.labelSelector());
        if (!blank(inputs.fieldSelector())) {
            filtered = filtered.withFields(fields(inputs.fieldSelector()));
        }
        List<String> names = blank(inputs.resourceNames())
                ? List.of()
                : Arrays.stream(inputs.resourceNames().split(","))
                        .map(String::strip)
                        .toList();
        return filtered.list().getItems().stream()
                .map(item -> item.getMetadata().getName())
                .filter(name -> names.isEmpty() || names.contains(name))
                .toList();
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            resources() {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(blank(inputs.group()) ? "" : inputs.group())
                .withVersion(inputs.version())
                .withPlural(inputs.resource())
                .withNamespaced(!blank(inputs.namespace()))
                .build();
        var all = client.genericKubernetesResources(context);
        return blank(inputs.namespace()) ? all : all.inNamespace(inputs.namespace());
    }

    private String describe() {
        return inputs.resource()
                + (blank(inputs.namespace()) ? "" : " in " + inputs.namespace())
                + (blank(inputs.labelSelector()) ? "" : " [" + inputs.labelSelector() + "]")
                + (blank(inputs.fieldSelector()) ? "" : " {" + inputs.fieldSelector() + "}")
                + (blank(inputs.resourceNames()) ? "" : " named " + inputs.resourceNames());
    }

    private static Map<String, String> fields(String selector) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : selector.split(",")) {
            String[] parts = pair.split("=", 2);
            fields.put(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
        }
        return fields;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
