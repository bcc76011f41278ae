package io.chaosplane.agent.k8s;

import io.chaosplane.agent.Agent;
import io.chaosplane.agent.AgentLauncher;
import io.chaosplane.agent.AgentPlatform;
import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.agent.config.ConfigLoader;
import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.k8s.fault.Cluster;
import io.chaosplane.agent.k8s.fault.KubernetesFault;
import io.chaosplane.agent.k8s.fault.KubernetesFaultSet;
import io.chaosplane.agent.k8s.probe.K8sProbeCheck;
import io.chaosplane.agent.k8s.target.TargetResolver;
import io.chaosplane.agent.k8s.workflow.RunnerPolicy;
import io.chaosplane.agent.k8s.workflow.WorkflowEventClient;
import io.chaosplane.agent.k8s.workflow.WorkflowRunner;
import io.chaosplane.agent.remote.AgentIdentity;
import io.chaosplane.agent.remote.IdentityStore;
import io.chaosplane.protocol.probe.ProbeType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Kubernetes chaos runner's entry point: {@code java -jar chaosplane-agent-k8s.jar [--key=value...]}, in the
 * cluster with the manifest's ConfigMap and Secret as its environment and its service account, or anywhere with a
 * kubeconfig. Exit codes as the Linux agent's: 2 for a configuration error, 1 for any other fatal error.
 */
public final class KubernetesRunnerMain {

    private KubernetesRunnerMain() {}

    public static void main(String[] args) throws Exception {
        AgentLauncher launcher = AgentLauncher.of("chaosplane-agent-k8s", KubernetesRunnerMain.class);
        if (launcher.printVersionOrAnnounce(args)) {
            return;
        }
        Map<String, String> environment = System.getenv();
        RunnerSettings settings = RunnerSettings.from(environment);
        AgentConfig loaded = launcher.loadOrExit(
                new ConfigLoader(List.of()), RunnerSettings.runtimeFlags(environment, List.of(args)), environment);
        RunnerPolicy policy;
        try {
            policy = RunnerPolicy.from(environment);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        // the chart's probe destinations and redirects bind the probe engine as a host policy file binds the agent's
        AgentConfig config = RunnerSettings.withProbePolicy(loaded, policy);
        // A key the Secret already holds (written by an earlier start, which also emptied INSTALL_TOKEN) is used;
        // a token beside it is a new one, applied after the key was reset, and wins.
        if (config.installToken().isEmpty()) {
            settings.accessKey()
                    .ifPresent(key -> new IdentityStore(config.stateDir())
                            .save(new AgentIdentity(config.infraId(), new Secret(key))));
        }
        Clock clock = Clock.systemUTC();
        KubernetesClient client = new KubernetesClientBuilder().build();
        Cluster cluster = new Cluster(
                client,
                new TargetResolver(
                        client,
                        new TargetResolver.Scope(settings.namespace(), settings.namespaced()),
                        new SecureRandom()),
                settings.namespace(),
                settings.helperServiceAccount(),
                settings.helperImage(),
                Duration.ofSeconds(90),
                Duration.ofSeconds(1));
        List<KubernetesFault<?>> faults =
                KubernetesFaultSet.all(cluster, clock, config.gracePeriod(), settings.nodeRestartCommand());
        SecretIdentity secretIdentity = new SecretIdentity(client, settings.namespace(), settings.secretName());
        URI infraApi = URI.create(config.serverUrl() + RunnerSettings.KSERVER_PATH + "/infra");
        AtomicBoolean running = new AtomicBoolean();
        AgentPlatform platform = new AgentPlatform(
                RunnerSettings.KSERVER_PATH + "/infra",
                services -> new WorkflowRunner(
                        services,
                        faults,
                        new WorkflowEventClient(
                                infraApi, settings.tenant(), services.identity(), config.requestTimeout()),
                        policy),
                Map.of(ProbeType.K8S, probe -> new K8sProbeCheck(client, probe.k8sProbeInputs())),
                identity -> {
                    secretIdentity.store(identity);
                    running.set(true);
                });
        Agent agent = Agent.overHttp(
                config,
                launcher.version(),
                config.hostname()
                        .orElseGet(() ->
                                Optional.ofNullable(environment.get("HOSTNAME")).orElse("chaosplane-agent-k8s")),
                faults,
                clock,
                platform);
        HealthServer health = settings.healthPort() > 0 ? new HealthServer(settings.healthPort(), running::get) : null;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            agent.close();
                            if (health != null) {
                                health.close();
                            }
                            client.close();
                        },
                        "runner-shutdown"));
        launcher.runOrExit(agent);
    }
}
