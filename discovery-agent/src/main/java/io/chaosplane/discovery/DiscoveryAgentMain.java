package io.chaosplane.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosplane.discovery.DiscoverySettings.Mode;
import io.chaosplane.discovery.DiscoverySettings.SettingsException;
import io.chaosplane.discovery.cluster.ClusterCollector;
import io.chaosplane.discovery.cluster.ClusterScope;
import io.chaosplane.discovery.cluster.Pages;
import io.chaosplane.discovery.cluster.SnapshotBatches;
import io.chaosplane.discovery.net.ConnectionReporter;
import io.chaosplane.discovery.net.ConnectionSampler;
import io.chaosplane.discovery.net.PodAddresses;
import io.chaosplane.discovery.net.ProcNetTcp;
import io.chaosplane.discovery.net.SocketOwners;
import io.chaosplane.discovery.net.SocketTables;
import io.chaosplane.discovery.upload.Uploader;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.http.HttpClient;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The discovery agent: {@code java -jar chaosplane-discovery-agent.jar [--key=value...]}. In {@code cluster} mode (one
 * pod with the manifest's service account) it sends snapshots of the cluster's workloads; in {@code node} mode (a
 * DaemonSet pod with the host's {@code /proc} and PID namespace) the connections of the pods on its node; in
 * {@code host} mode (a plain Linux host) the host's connections and their processes. Exit codes: 2 for a configuration
 * error, 1 when {@code once=true} and the data was not delivered.
 */
public final class DiscoveryAgentMain {

    private static final System.Logger LOG = System.getLogger(DiscoveryAgentMain.class.getName());

    private DiscoveryAgentMain() {}

    public static void main(String[] args) throws Exception {
        DiscoverySettings settings;
        try {
            settings = DiscoverySettings.load(List.of(args), System.getenv());
        } catch (SettingsException e) {
            System.err.println("chaosplane-discovery-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "chaosplane-discovery-agent starting: {0}", settings.describe());
        Uploader.Sleeper sleeper = duration -> Thread.sleep(duration);
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Uploader uploader = new Uploader(
                http,
                settings.serverUrl(),
                settings.agentId(),
                settings.token(),
                settings.maxAttempts(),
                settings.initialBackoff(),
                settings.requestTimeout(),
                sleeper);
        KubernetesClient client = settings.mode() == Mode.HOST ? null : new KubernetesClientBuilder().build();
        try {
            Collection collection = collection(settings, client, uploader, mapper, sleeper);
            if (settings.once()) {
                boolean delivered = CronLoop.runOnce(collection);
                System.exit(delivered ? 0 : 1);
                return;
            }
            new CronLoop(settings.cron(), collection, Clock.systemUTC(), sleeper).run();
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    static Collection collection(
            DiscoverySettings settings,
            KubernetesClient client,
            Uploader uploader,
            ObjectMapper mapper,
            Uploader.Sleeper sleeper) {
        ProcNetTcp parser = new ProcNetTcp(ByteOrder.nativeOrder());
        Duration window = Duration.ofMinutes(settings.collectionWindowMinutes());
        return switch (settings.mode()) {
            case CLUSTER ->
                new ClusterCollection(
                        new ClusterCollector(
                                client,
                                new ClusterScope(
                                        settings.namespace(),
                                        settings.namespaceSelector(),
                                        settings.observedNamespaces(),
                                        settings.blacklistedNamespaces(),
                                        settings.enableOrphanedPod(),
                                        settings.enableBatchResources()),
                                settings.pageSize()),
                        new SnapshotBatches(mapper, settings.maxBatchBytes()),
                        uploader,
                        mapper,
                        ClusterCollection.randomIds());
            case NODE -> {
                Pages pages = new Pages(settings.pageSize());
                yield new ConnectionCollection(
                        new ConnectionSampler(new SocketTables(settings.procRoot(), true), parser, null),
                        connections -> ConnectionReporter.node(
                                settings.nodeName(),
                                connections,
                                new PodAddresses(
                                        settings.nodeName(),
                                        pages.<Pod>all(
                                                "podList",
                                                options -> client.pods()
                                                        .inAnyNamespace()
                                                        .list(options)),
                                        pages.<Service>all(
                                                "serviceList",
                                                options -> client.services()
                                                        .inAnyNamespace()
                                                        .list(options)))),
                        window,
                        settings.sampleInterval(),
                        uploader,
                        sleeper,
                        mapper);
            }
            case HOST ->
                new ConnectionCollection(
                        new ConnectionSampler(
                                new SocketTables(settings.procRoot(), false),
                                parser,
                                new SocketOwners(settings.procRoot())),
                        connections -> ConnectionReporter.host(settings.nodeName(), connections),
                        window,
                        settings.sampleInterval(),
                        uploader,
                        sleeper,
                        mapper);
        };
    }
}
