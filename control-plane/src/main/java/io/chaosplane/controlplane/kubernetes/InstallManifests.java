package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.protocol.install.ChartTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The runner's install manifest of one infrastructure: the Helm chart in {@code deploy/helm/chaosplane-agent-k8s}
 * (on the classpath as {@code helm/chaosplane-agent-k8s}), rendered with its own values.yaml and this
 * infrastructure's ids, endpoints and install token. One source: {@code helm template} of the same chart with the same
 * values makes the same objects.
 */
@Component
class InstallManifests {

    static final String CHART = "helm/chaosplane-agent-k8s/";
    /** Every template of the chart, in the order objects must be applied (namespace first). */
    static final List<String> TEMPLATES = List.of(
            "namespace.yaml",
            "serviceaccount.yaml",
            "secret.yaml",
            "configmap.yaml",
            "rbac.yaml",
            "service.yaml",
            "deployment.yaml");

    /** How the person installing wants it: which namespace, and whether without cluster-wide rights. */
    record Options(String namespace, boolean namespaced, boolean createNamespace) {}

    private final KubernetesProperties properties;
    private final Map<String, Object> chartValues;
    private final Map<String, String> templates = new LinkedHashMap<>();

    InstallManifests(KubernetesProperties properties) {
        this.properties = properties;
        this.chartValues =
                new YAMLMapper().readValue(resource("values.yaml"), new TypeReference<Map<String, Object>>() {});
        TEMPLATES.forEach(name -> templates.put(name, resource("templates/" + name)));
    }

    /** The chart's values for this infrastructure. */
    Map<String, Object> values(InfrastructureView infrastructure, String installToken, Options options) {
        Map<String, Object> values = new LinkedHashMap<>(chartValues);
        values.put("namespace", options.namespace());
        values.put("namespaced", options.namespaced());
        values.put("createNamespace", options.createNamespace());
        if (properties.image() != null && !properties.image().isBlank()) {
            values.put("image", properties.image());
        }
        values.put(
                "infra",
                Map.of(
                        "id", infrastructure.id().toString(),
                        "accountId", infrastructure.accountIdentifier(),
                        "orgId", infrastructure.organizationIdentifier(),
                        "projectId", infrastructure.projectIdentifier(),
                        "environmentId", Objects.requireNonNullElse(infrastructure.environmentIdentifier(), "")));
        values.put(
                "controlPlane",
                Map.of(
                        "endpoint", properties.infraServiceEndpoint(),
                        "logServiceEndpoint", properties.logServiceUrl()));
        values.put("credentials", Map.of("installToken", installToken, "accessKey", ""));
        return values;
    }

    /** The whole manifest: every template rendered, as one multi-document YAML. */
    String render(InfrastructureView infrastructure, String installToken, Options options) {
        Map<String, Object> values = values(infrastructure, installToken, options);
        StringBuilder manifest = new StringBuilder("# ChaosPlane Kubernetes chaos runner for infrastructure ")
                .append(infrastructure.identifier())
                .append(" (")
                .append(infrastructure.id())
                .append(")\n");
        templates.forEach((name, template) -> manifest.append("# Source: chaosplane-agent-k8s/templates/")
                .append(name)
                .append('\n')
                .append(ChartTemplate.render(template, values)));
        return manifest.toString();
    }

    private static String resource(String name) {
        try (InputStream in = InstallManifests.class.getClassLoader().getResourceAsStream(CHART + name)) {
            if (in == null) {
                throw new IllegalStateException("the runner's chart lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
