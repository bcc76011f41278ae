package io.chaosplane.agent.k8s;

import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.k8s.workflow.RunnerPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runner's own settings, from the environment its manifest gives it (seed 001's ConfigMap and Secret names),
 * and the runtime's settings derived from the same: {@code KUBERNETES_INFRA_SERVICE_ENDPOINT} is the control plane's
 * {@code .../chaos/kserver/api}, {@code INFRA_ID} the infrastructure, {@code INSTALL_TOKEN} or {@code ACCESS_KEY} its
 * credential. Runtime keys given as {@code CHAOSPLANE_*} variables or {@code --key=value} flags still win.
 *
 * @param namespace the runner's own namespace, where its helper pods and Secret are
 * @param namespaced installed with a Role only: targets in its own namespace, no node faults
 * @param helperImage the image of the privileged helper pods ({@code HELPER_IMAGE}): the runner's to choose, since
 *     they run as root on the nodes; an experiment's {@code LIB_IMAGE} is ignored
 * @param nodeRestartCommand {@code NODE_RESTART_COMMAND} split at white space (no shell reads it): what node-restart
 *     runs, with the node's name and address appended as two more arguments; empty for a helper pod on the node
 */
record RunnerSettings(
        String namespace,
        String secretName,
        String helperServiceAccount,
        String helperImage,
        boolean namespaced,
        Optional<String> accessKey,
        Map<String, String> tenant,
        int healthPort,
        List<String> nodeRestartCommand) {

    static final String KSERVER_PATH = "/chaos/kserver/api";
    /** tc, nsenter and crictl, as LitmusChaos' own helper has them. */
    static final String DEFAULT_HELPER_IMAGE = "docker.io/litmuschaos/go-runner:3.10.0";

    static RunnerSettings from(Map<String, String> environment) {
        Map<String, String> tenant = new LinkedHashMap<>();
        tenant.put("accountIdentifier", environment.getOrDefault("ACCOUNT_ID", ""));
        tenant.put("organizationIdentifier", environment.getOrDefault("ORG_ID", ""));
        tenant.put("projectIdentifier", environment.getOrDefault("PROJECT_ID", ""));
        tenant.put("environmentIdentifier", environment.getOrDefault("ENVIRONMENT_ID", ""));
        return new RunnerSettings(
                value(environment, "CHAOS_NAMESPACE").orElse("default"),
                value(environment, "SECRET_NAME").orElse(""),
                value(environment, "HELPER_SERVICE_ACCOUNT").orElse("default"),
                value(environment, "HELPER_IMAGE").orElse(DEFAULT_HELPER_IMAGE),
                value(environment, "CHAOS_NAMESPACED")
                        .map(Boolean::parseBoolean)
                        .orElse(false),
                value(environment, "ACCESS_KEY"),
                tenant,
                value(environment, "HEALTH_PORT").map(Integer::parseInt).orElse(8000),
                value(environment, "NODE_RESTART_COMMAND")
                        .map(command -> List.of(command.split("\\s+")))
                        .orElse(List.of()));
    }

    /** The runtime's {@code --key=value} flags the manifest's variables stand for; the command line's come after. */
    static List<String> runtimeFlags(Map<String, String> environment, List<String> commandLine) {
        List<String> flags = new ArrayList<>();
        value(environment, "KUBERNETES_INFRA_SERVICE_ENDPOINT")
                .ifPresent(endpoint -> flags.add(
                        "--server.url=" + endpoint.replaceAll("/+$", "").replaceAll(KSERVER_PATH + "$", "")));
        value(environment, "INFRA_ID").ifPresent(id -> flags.add("--infra.id=" + id));
        value(environment, "INSTALL_TOKEN").ifPresent(token -> flags.add("--install.token=" + token));
        flags.addAll(commandLine);
        return flags;
    }

    /** The runtime's settings with the chart policy's probe destinations and redirects as its host policy. */
    static AgentConfig withProbePolicy(AgentConfig config, RunnerPolicy policy) {
        return new AgentConfig(
                config.serverUrl(),
                config.infraId(),
                config.installToken(),
                config.stateDir(),
                config.livenessInterval(),
                config.pollWait(),
                config.gracePeriod(),
                config.taskSlots(),
                config.statusInterval(),
                config.requestTimeout(),
                config.commandProbes(),
                config.hostname(),
                policy.probes(),
                config.settings());
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
