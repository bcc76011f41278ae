package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * How a discovery agent is installed: on a cluster, a manifest (its own namespace, service account, a Secret with the
 * agent's token, a ClusterRole that only reads seed 001's eleven kinds, never ConfigMaps or Secrets, the cluster
 * collector's Deployment and, with {@code enableNodeAgent}, the node collector's DaemonSet); on a Linux host, one
 * command that downloads the jar from this control plane, checks its SHA-256 and runs it.
 */
@Component
class DiscoveryInstall {

    static final String TOKEN_FILE = "chaosplane-discovery-install-token";
    static final String NAME = "chaosplane-discovery";
    /** Seed 001's eleven kinds by API group: what the agent lists, and all it may read. */
    static final Map<String, List<String>> READABLE = orderedReadable();

    private static Map<String, List<String>> orderedReadable() {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put("", List.of("namespaces", "nodes", "services", "pods", "replicationcontrollers"));
        kinds.put("apps", List.of("replicasets", "deployments", "statefulsets", "daemonsets"));
        kinds.put("batch", List.of("jobs", "cronjobs"));
        return kinds;
    }

    private final DiscoveryProperties properties;
    private final DiscoveryAgentJar jar;
    private final YAMLMapper yaml = new YAMLMapper();

    DiscoveryInstall(DiscoveryProperties properties, DiscoveryAgentJar jar) {
        this.properties = properties;
        this.jar = jar;
    }

    String manifestUrl(String agentId, String installToken) {
        return properties.server() + "/servicediscovery/api/v1/agents/" + agentId + "/manifest?token=" + installToken;
    }

    String command(String agentId, String installToken) {
        String server = properties.server();
        String download = server + "/downloads/" + DiscoveryAgentJar.NAME;
        String curl = server.startsWith("https://") ? "curl -fsSL --proto '=https' --tlsv1.2" : "curl -fsSL";
        String check = jar.sha256()
                .map(sha256 -> "echo '" + sha256 + "  " + DiscoveryAgentJar.NAME + "' | sha256sum -c -")
                .orElse(curl + " " + download + ".sha256 | sha256sum -c -");
        return curl + " -o " + DiscoveryAgentJar.NAME + " " + download + " && " + check + " && "
                + "(umask 077 && printf '%s\\n' '" + installToken + "' > " + TOKEN_FILE + ") && "
                + "sudo CHAOSPLANE_SERVER_URL=" + server + " CHAOSPLANE_DISCOVERY_AGENT_ID=" + agentId
                + " CHAOSPLANE_DISCOVERY_MODE=host"
                + " CHAOSPLANE_INSTALL_TOKEN_FILE=\"$PWD/" + TOKEN_FILE + "\" java -jar " + DiscoveryAgentJar.NAME;
    }

    /** The whole manifest, with the agent's token (not the install token) in its Secret. */
    String manifest(String agentId, AgentConfig config, String agentToken) {
        String namespace = config.kubernetes().namespace();
        String serviceAccount = config.kubernetes().serviceAccount().isBlank()
                ? NAME
                : config.kubernetes().serviceAccount();
        Map<String, String> labels = Map.of("app.kubernetes.io/name", NAME, "chaosplane.io/discovery-agent", agentId);
        List<Map<String, Object>> objects = new ArrayList<>();
        if (!config.kubernetes().disableNamespaceCreation()) {
            objects.add(object("v1", "Namespace", metadata(namespace, null, labels), Map.of()));
        }
        objects.add(object("v1", "ServiceAccount", metadata(serviceAccount, namespace, labels), Map.of()));
        objects.add(object(
                "v1",
                "Secret",
                metadata(NAME, namespace, labels),
                Map.of("type", "Opaque", "stringData", Map.of("token", agentToken))));
        List<Map<String, Object>> rules = new ArrayList<>();
        READABLE.forEach((group, resources) -> rules.add(ordered(
                "apiGroups", List.of(group), "resources", resources, "verbs", List.of("get", "list", "watch"))));
        objects.add(object(
                "rbac.authorization.k8s.io/v1",
                "ClusterRole",
                metadata(NAME + "-" + agentId, null, labels),
                Map.of("rules", rules)));
        objects.add(object(
                "rbac.authorization.k8s.io/v1",
                "ClusterRoleBinding",
                metadata(NAME + "-" + agentId, null, labels),
                ordered(
                        "roleRef",
                        ordered(
                                "apiGroup",
                                "rbac.authorization.k8s.io",
                                "kind",
                                "ClusterRole",
                                "name",
                                NAME + "-" + agentId),
                        "subjects",
                        List.of(ordered("kind", "ServiceAccount", "name", serviceAccount, "namespace", namespace)))));
        objects.add(object(
                "apps/v1",
                "Deployment",
                metadata(NAME + "-cluster", namespace, labels),
                Map.of(
                        "spec",
                        ordered(
                                "replicas",
                                1,
                                "selector",
                                Map.of("matchLabels", Map.of("app.kubernetes.io/instance", NAME + "-cluster")),
                                "template",
                                pod(agentId, config, serviceAccount, "cluster", NAME + "-cluster")))));
        if (Boolean.TRUE.equals(config.data().enableNodeAgent())) {
            objects.add(object(
                    "apps/v1",
                    "DaemonSet",
                    metadata(NAME + "-node", namespace, labels),
                    Map.of(
                            "spec",
                            ordered(
                                    "selector",
                                    Map.of("matchLabels", Map.of("app.kubernetes.io/instance", NAME + "-node")),
                                    "template",
                                    pod(agentId, config, serviceAccount, "node", NAME + "-node")))));
        }
        StringBuilder manifest = new StringBuilder("# ChaosPlane discovery agent " + agentId
                + ": reads namespaces, nodes, services, pods, replica sets, replication controllers, deployments,"
                + " stateful sets, daemon sets, jobs and cron jobs; never ConfigMaps or Secrets\n");
        for (Map<String, Object> object : objects) {
            manifest.append(yaml.writeValueAsString(object));
        }
        return manifest.toString();
    }

    private Map<String, Object> pod(
            String agentId, AgentConfig config, String serviceAccount, String mode, String instance) {
        String jarPath = "/opt/chaosplane/" + DiscoveryAgentJar.NAME;
        String download = properties.server() + "/downloads/" + DiscoveryAgentJar.NAME;
        String fetch = "curl -fsSL -o " + jarPath + " " + download + " && "
                + jar.sha256()
                        .map(sha -> "echo '" + sha + "  " + jarPath + "' | sha256sum -c -")
                        .orElse("true");
        List<Map<String, Object>> env = new ArrayList<>(List.of(
                ordered("name", "CHAOSPLANE_SERVER_URL", "value", properties.server()),
                ordered("name", "CHAOSPLANE_DISCOVERY_AGENT_ID", "value", agentId),
                ordered("name", "CHAOSPLANE_DISCOVERY_MODE", "value", mode),
                ordered("name", "CHAOSPLANE_DISCOVERY_TOKEN_FILE", "value", "/etc/chaosplane/token"),
                ordered("name", "NODE_NAME", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "spec.nodeName")))));
        Map<String, Object> securityContext = ordered(
                "runAsUser",
                config.kubernetes().runAsUser(),
                "runAsGroup",
                config.kubernetes().runAsGroup(),
                "runAsNonRoot",
                config.kubernetes().runAsUser() != 0,
                "allowPrivilegeEscalation",
                false,
                "readOnlyRootFilesystem",
                true);
        String image =
                config.collectorImage() == null || config.collectorImage().isBlank()
                        ? properties.image()
                        : config.collectorImage();
        Map<String, Object> container = ordered(
                "name",
                "agent",
                "image",
                image,
                "command",
                List.of("java", "-jar", jarPath),
                "env",
                env,
                "securityContext",
                securityContext,
                "volumeMounts",
                List.of(
                        ordered("name", "agent", "mountPath", "/opt/chaosplane", "readOnly", true),
                        ordered("name", "token", "mountPath", "/etc/chaosplane", "readOnly", true),
                        ordered("name", "tmp", "mountPath", "/tmp")));
        if (!config.kubernetes().imagePullPolicy().isBlank()) {
            container.put("imagePullPolicy", config.kubernetes().imagePullPolicy());
        }
        if (config.kubernetes().resources() != null) {
            container.put("resources", config.kubernetes().resources());
        }
        Map<String, Object> spec = ordered(
                "serviceAccountName",
                serviceAccount,
                "automountServiceAccountToken",
                true,
                "initContainers",
                List.of(ordered(
                        "name",
                        "fetch-agent",
                        "image",
                        properties.downloaderImage(),
                        "command",
                        List.of("sh", "-c", fetch),
                        "securityContext",
                        securityContext,
                        "volumeMounts",
                        List.of(ordered("name", "agent", "mountPath", "/opt/chaosplane")))),
                "containers",
                List.of(container),
                "volumes",
                List.of(
                        ordered("name", "agent", "emptyDir", Map.of()),
                        ordered("name", "tmp", "emptyDir", Map.of()),
                        ordered("name", "token", "secret", Map.of("secretName", NAME, "defaultMode", 0400))));
        if ("node".equals(mode)) {
            // the node collector reads every pod's /proc/<pid>/net/tcp{,6}: it needs the host's process table
            spec.put("hostPID", true);
            spec.put("tolerations", List.of(Map.of("operator", "Exists")));
            if (!config.data().nodeAgentSelector().isBlank()) {
                spec.put("nodeSelector", selector(config.data().nodeAgentSelector()));
            }
        } else if (config.kubernetes().nodeSelector() != null) {
            spec.put("nodeSelector", config.kubernetes().nodeSelector());
        }
        if (!"node".equals(mode) && config.kubernetes().tolerations() != null) {
            spec.put("tolerations", config.kubernetes().tolerations());
        }
        if (config.imagePullSecrets() != null && !config.imagePullSecrets().isEmpty()) {
            spec.put(
                    "imagePullSecrets",
                    config.imagePullSecrets().stream()
                            .map(name -> Map.of("name", name))
                            .toList());
        }
        return ordered("metadata", Map.of("labels", Map.of("app.kubernetes.io/instance", instance)), "spec", spec);
    }

    /** {@code a=b,c=d} as a node selector. */
    static Map<String, String> selector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2 && !parts[0].isBlank()) {
                selector.put(parts[0].strip(), parts[1].strip());
            }
        }
        return selector;
    }

    private static Map<String, Object> metadata(String name, String namespace, Map<String, String> labels) {
        Map<String, Object> metadata = ordered("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("labels", labels);
        return metadata;
    }

    private static Map<String, Object> object(
            String apiVersion, String kind, Map<String, Object> metadata, Map<String, Object> rest) {
        Map<String, Object> object = ordered("apiVersion", apiVersion, "kind", kind, "metadata", metadata);
        object.putAll(rest);
        return object;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
