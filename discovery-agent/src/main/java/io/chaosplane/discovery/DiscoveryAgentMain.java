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
import io.chaosplane.discovery.upload.AgentSettingsClient;
import io.chaosplane.discovery.upload.Uploader;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
        Uploader.Sleeper sleeper = duration -> Thread.sleep(duration);
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        DiscoverySettings settings;
        try {
            settings = settings(List.of(args), System.getenv(), http, mapper, sleeper);
        } catch (SettingsException e) {
            System.err.println("chaosplane-discovery-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "chaosplane-discovery-agent starting: {0}", settings.describe());
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

    /**
     * The settings: the local ones, the agent token (from the environment, the token file, or else by exchanging the
     * install token once and keeping the answer in the token file, readable by its owner only), and the control
     * plane's settings for every key not set locally. A control plane that cannot be asked for them is logged and
     * the local settings are used; a refused exchange or token is a configuration error.
     */
    static DiscoverySettings settings(
            List<String> args,
            java.util.Map<String, String> environment,
            HttpClient http,
            ObjectMapper mapper,
            Uploader.Sleeper sleeper)
            throws InterruptedException {
        DiscoverySettings.Source source = DiscoverySettings.read(args, environment);
        AgentSettingsClient client =
                new AgentSettingsClient(http, source.serverUrl(), source.agentId(), Duration.ofSeconds(30), mapper);
        java.util.Optional<DiscoverySettings.Token> token = DiscoverySettings.token(source, environment);
        com.fasterxml.jackson.databind.JsonNode remote = null;
        if (token.isEmpty()) {
            Path installFile = source.installTokenFile()
                    .filter(Files::exists)
                    .orElseThrow(() -> new SettingsException("no agent token: set CHAOSPLANE_DISCOVERY_TOKEN, write it"
                            + " to " + source.tokenFile() + ", or give the install token's file"
                            + " (CHAOSPLANE_INSTALL_TOKEN_FILE)"));
            String installToken;
            try {
                // the exchange works once: where its answer goes must be writable before it is asked for
                Path directory = source.tokenFile().toAbsolutePath().getParent();
                Files.createDirectories(directory);
                if (!Files.isWritable(directory)) {
                    throw new IOException("not writable");
                }
            } catch (IOException e) {
                throw new SettingsException("cannot write the agent token file " + source.tokenFile()
                        + "; set token.file to a writable place (CHAOSPLANE_DISCOVERY_TOKEN_FILE)");
            }
            try {
                installToken =
                        Files.readString(installFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new SettingsException("cannot read the install token file " + installFile);
            }
            remote = withRetries(() -> client.exchange(installToken), sleeper)
                    .orElseThrow(() -> new SettingsException("the control plane could not be reached to exchange"
                            + " the install token; start again when it can"));
            DiscoverySettings.Token agentToken =
                    new DiscoverySettings.Token(remote.path("token").asText(""));
            keep(source.tokenFile(), agentToken);
            try {
                // used up: the control plane takes it once
                Files.deleteIfExists(installFile);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete the used install token file {0}", installFile);
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "install token exchanged; the agent token is kept in {0}",
                    source.tokenFile());
            token = java.util.Optional.of(agentToken);
        } else {
            DiscoverySettings.Token known = token.get();
            remote = withRetries(() -> client.config(known), sleeper).orElse(null);
            if (remote == null) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "the control plane's settings could not be read; using the local ones");
            }
        }
        DiscoverySettings.Source merged = remote == null ? source : source.withServerConfig(remote);
        return DiscoverySettings.from(merged, environment, token.get());
    }

    @FunctionalInterface
    interface Call {
        com.fasterxml.jackson.databind.JsonNode run()
                throws IOException, InterruptedException, AgentSettingsClient.RefusedException;
    }

    /** A few tries over about half a minute; a refusal (4xx) is a configuration error at once. */
    static java.util.Optional<com.fasterxml.jackson.databind.JsonNode> withRetries(Call call, Uploader.Sleeper sleeper)
            throws InterruptedException {
        Duration wait = Duration.ofSeconds(1);
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                return java.util.Optional.of(call.run());
            } catch (AgentSettingsClient.RefusedException e) {
                throw new SettingsException(e.getMessage());
            } catch (IOException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "control plane not reached (attempt {0} of 5): {1}",
                        attempt,
                        e.getClass().getSimpleName());
                if (attempt < 5) {
                    sleeper.sleep(wait);
                    wait = wait.multipliedBy(2);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static void keep(Path file, DiscoverySettings.Token token) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(
                        temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, token.value() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SettingsException("cannot keep the agent token in " + file + " ("
                    + e.getClass().getSimpleName()
                    + "): the install token is used up; delete the agent and create it again");
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
