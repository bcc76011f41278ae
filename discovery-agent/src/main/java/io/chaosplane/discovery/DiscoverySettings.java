package io.chaosplane.discovery;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The discovery agent's configuration, seed 001's {@code config.data} and what the agent itself needs. Read from
 * defaults, then a properties file ({@code --config=...}, else {@code CHAOSPLANE_DISCOVERY_CONFIG}), then environment
 * variables ({@code CHAOSPLANE_DISCOVERY_} and the key in upper case, dots as underscores), then {@code --key=value}
 * flags. The token is never a flag (a command line is visible to every user of the host in {@code ps}): it comes from
 * {@code CHAOSPLANE_DISCOVERY_TOKEN} or from the file named by {@code token.file}.
 *
 * @param serverUrl the control plane, without the {@code /servicediscovery} path
 * @param namespace the agent's own namespace (seed 001's {@code namespace} field)
 * @param namespaceSelector a label selector on namespaces; empty: all
 * @param observedNamespaces when not empty, only these namespaces are collected
 * @param blacklistedNamespaces never collected
 * @param enableOrphanedPod also pods that no workload owns
 * @param enableBatchResources also Jobs and CronJobs (and the pods of Jobs)
 * @param pageSize the {@code limit} of each list call
 * @param maxBatchBytes a cluster snapshot larger than this (uncompressed JSON) is sent in batches
 * @param sampleInterval how often {@code /proc/net/tcp} is read during the collection window
 * @param procRoot {@code /proc}, or the host's mounted into the node agent's pod ({@code /host/proc})
 * @param nodeName the node's name (node mode: {@code NODE_NAME} from the downward API; host mode: the host name)
 * @param once collect once now, send, and exit (for install checks and tests)
 */
public record DiscoverySettings(
        URI serverUrl,
        String agentId,
        Token token,
        Mode mode,
        Cron cron,
        int collectionWindowMinutes,
        String namespace,
        String namespaceSelector,
        List<String> observedNamespaces,
        List<String> blacklistedNamespaces,
        boolean enableOrphanedPod,
        boolean enableBatchResources,
        int pageSize,
        int maxBatchBytes,
        Duration sampleInterval,
        Path procRoot,
        String nodeName,
        int maxAttempts,
        Duration initialBackoff,
        Duration requestTimeout,
        boolean once) {

    /** Where the agent runs: the cluster collector, the node collector of a DaemonSet, or a plain Linux host. */
    public enum Mode {
        CLUSTER,
        NODE,
        HOST
    }

    /** The agent token: its value never reaches a log line or {@code toString}. */
    public record Token(String value) {
        public Token {
            if (value == null || value.isBlank()) {
                throw new SettingsException("the agent token is empty");
            }
            value = value.strip();
        }

        @Override
        public String toString() {
            return "***";
        }
    }

    /** A configuration error: the agent exits with status 2 and this message. */
    public static final class SettingsException extends RuntimeException {
        public SettingsException(String message) {
            super(message);
        }
    }

    static final String ENV_PREFIX = "CHAOSPLANE_DISCOVERY_";
    static final String TOKEN_ENV = "CHAOSPLANE_DISCOVERY_TOKEN";
    static final String CONFIG_ENV = "CHAOSPLANE_DISCOVERY_CONFIG";

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("server.url", "");
        defaults.put("agent.id", "");
        defaults.put("token.file", "/etc/chaosplane-discovery/token");
        defaults.put("install.token.file", "");
        defaults.put("mode", "cluster");
        defaults.put("cron.expression", "*/15 * * * *");
        defaults.put("collection.window.minutes", "1");
        defaults.put("namespace", "");
        defaults.put("namespace.selector", "");
        defaults.put("observed.namespaces", "");
        defaults.put("blacklisted.namespaces", "");
        defaults.put("enable.orphaned.pod", "false");
        defaults.put("enable.batch.resources", "false");
        defaults.put("page.size", "500");
        defaults.put("max.batch.bytes", String.valueOf(4 * 1024 * 1024));
        defaults.put("sample.interval.seconds", "5");
        defaults.put("proc.root", "/proc");
        defaults.put("node.name", "");
        defaults.put("upload.max.attempts", "6");
        defaults.put("upload.initial.backoff.millis", "1000");
        defaults.put("upload.timeout.seconds", "30");
        defaults.put("once", "false");
        return Map.copyOf(defaults);
    }

    /** Seed 001's cron expressions are Unix ones ({@code "15 * * * *"}), as the control plane checks them. */
    static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Environment variables the install manifest and command set, besides {@code CHAOSPLANE_DISCOVERY_*}. */
    static final Map<String, String> ALIASES =
            Map.of("CHAOSPLANE_SERVER_URL", "server.url", "CHAOSPLANE_INSTALL_TOKEN_FILE", "install.token.file");

    /** The keys seed 001's {@code config} sets when the control plane hands the agent its settings. */
    static final List<String> SERVER_KEYS = List.of(
            "namespace",
            "namespace.selector",
            "observed.namespaces",
            "blacklisted.namespaces",
            "enable.orphaned.pod",
            "enable.batch.resources",
            "collection.window.minutes",
            "cron.expression");

    /**
     * The raw configuration before the token is known and the control plane's settings are merged in.
     *
     * @param explicit the keys set by the file, the environment or a flag: these win over the control plane's
     */
    public record Source(Map<String, String> values, java.util.Set<String> explicit) {

        public Source {
            values = Map.copyOf(values);
            explicit = java.util.Set.copyOf(explicit);
        }

        public URI serverUrl() {
            return DiscoverySettings.serverUrl(values);
        }

        public String agentId() {
            return DiscoverySettings.agentId(values);
        }

        public Path tokenFile() {
            return Path.of(values.get("token.file").strip());
        }

        public Optional<Path> installTokenFile() {
            return Optional.of(values.get("install.token.file").strip())
                    .filter(file -> !file.isEmpty())
                    .map(Path::of);
        }

        /**
         * The control plane's settings ({@code GET .../agents/{id}/config}: {@code config.data} and
         * {@code config.kubernetes.namespace}) for every key not set here.
         */
        public Source withServerConfig(com.fasterxml.jackson.databind.JsonNode settings) {
            com.fasterxml.jackson.databind.JsonNode data =
                    settings.path("config").path("data");
            Map<String, String> remote = new HashMap<>();
            text(settings.path("config").path("kubernetes").path("namespace"))
                    .ifPresent(value -> remote.put("namespace", value));
            text(data.path("namespaceSelector")).ifPresent(value -> remote.put("namespace.selector", value));
            joined(data.path("observedNamespaces")).ifPresent(value -> remote.put("observed.namespaces", value));
            joined(data.path("blacklistedNamespaces")).ifPresent(value -> remote.put("blacklisted.namespaces", value));
            if (data.path("enableOrphanedPod").isBoolean()) {
                remote.put("enable.orphaned.pod", data.path("enableOrphanedPod").asText());
            }
            if (data.path("enableBatchResources").isBoolean()) {
                remote.put(
                        "enable.batch.resources",
                        data.path("enableBatchResources").asText());
            }
            if (data.path("collectionWindowInMin").isIntegralNumber()) {
                remote.put(
                        "collection.window.minutes",
                        data.path("collectionWindowInMin").asText());
            }
            text(data.path("cron").path("expression"))
                    .filter(value -> !value.isBlank())
                    .ifPresent(value -> remote.put("cron.expression", value));
            Map<String, String> merged = new HashMap<>(values);
            remote.forEach((key, value) -> {
                if (!explicit.contains(key)) {
                    merged.put(key, value);
                }
            });
            return new Source(merged, explicit);
        }

        private static Optional<String> text(com.fasterxml.jackson.databind.JsonNode node) {
            return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        }

        private static Optional<String> joined(com.fasterxml.jackson.databind.JsonNode node) {
            if (!node.isArray()) {
                return Optional.empty();
            }
            List<String> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            return Optional.of(String.join(",", items));
        }
    }

    /** The configuration with the token from the environment or the token file (no exchange, no control plane). */
    public static DiscoverySettings load(List<String> args, Map<String, String> environment) {
        Source source = read(args, environment);
        return from(
                source,
                environment,
                token(source, environment)
                        .orElseThrow(() -> new SettingsException(
                                "no agent token: set " + TOKEN_ENV + " or write it to " + source.tokenFile())));
    }

    public static Source read(List<String> args, Map<String, String> environment) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 3) {
                throw new SettingsException("options are written --key=value (was '" + arg + "')");
            }
            flags.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        if (flags.containsKey("token")) {
            // said without the value: the flag itself may already be in a shell history, not in our log too
            throw new SettingsException("the token is never an option (others can read a command line): write it to"
                    + " the file of --token.file or set " + TOKEN_ENV);
        }
        String configFile = flags.remove("config");
        if (configFile == null) {
            configFile = environment.get(CONFIG_ENV);
        }
        Map<String, String> values = new HashMap<>(DEFAULTS);
        java.util.Set<String> explicit = new java.util.HashSet<>();
        if (configFile != null) {
            Map<String, String> fromFile = readProperties(Path.of(configFile));
            if (fromFile.containsKey("token")) {
                throw new SettingsException("the token does not belong in " + configFile + "; use token.file");
            }
            checkKeys(fromFile, "in " + configFile);
            values.putAll(fromFile);
            explicit.addAll(fromFile.keySet());
        }
        ALIASES.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null) {
                values.put(key, value);
                explicit.add(key);
            }
        });
        for (String key : DEFAULTS.keySet()) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                values.put(key, value);
                explicit.add(key);
            }
        }
        checkKeys(flags, "as an option");
        values.putAll(flags);
        explicit.addAll(flags.keySet());
        return new Source(values, explicit);
    }

    static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static void checkKeys(Map<String, String> given, String where) {
        for (String key : given.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                throw new SettingsException("unknown key '" + key + "' " + where + "; keys are "
                        + String.join(", ", DEFAULTS.keySet().stream().sorted().toList()));
            }
        }
    }

    public static DiscoverySettings from(Source source, Map<String, String> environment, Token token) {
        Map<String, String> values = source.values();
        URI serverUrl = serverUrl(values);
        String agentId = agentId(values);
        Mode mode;
        try {
            mode = Mode.valueOf(values.get("mode").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("mode must be cluster, node or host (was '" + values.get("mode") + "')");
        }
        Cron cron;
        try {
            cron = CRON.parse(values.get("cron.expression").strip());
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new SettingsException("cron.expression is not a cron expression: " + e.getMessage());
        }
        int window = integer(values, "collection.window.minutes", 1, 60);
        String nodeName = values.get("node.name").strip();
        if (nodeName.isEmpty()) {
            nodeName = Optional.ofNullable(environment.get("NODE_NAME"))
                    .map(String::strip)
                    .filter(name -> !name.isEmpty())
                    .orElseGet(DiscoverySettings::hostName);
        }
        return new DiscoverySettings(
                serverUrl,
                agentId,
                token,
                mode,
                cron,
                window,
                values.get("namespace").strip(),
                values.get("namespace.selector").strip(),
                list(values.get("observed.namespaces")),
                list(values.get("blacklisted.namespaces")),
                bool(values, "enable.orphaned.pod"),
                bool(values, "enable.batch.resources"),
                integer(values, "page.size", 1, 10_000),
                integer(values, "max.batch.bytes", 64 * 1024, 256 * 1024 * 1024),
                Duration.ofSeconds(integer(values, "sample.interval.seconds", 1, 3600)),
                Path.of(values.get("proc.root").strip()),
                nodeName,
                integer(values, "upload.max.attempts", 1, 100),
                Duration.ofMillis(integer(values, "upload.initial.backoff.millis", 1, 600_000)),
                Duration.ofSeconds(integer(values, "upload.timeout.seconds", 1, 3600)),
                bool(values, "once"));
    }

    /** The agent token from {@code CHAOSPLANE_DISCOVERY_TOKEN} or, if it exists, the token file. */
    public static Optional<Token> token(Source source, Map<String, String> environment) {
        String fromEnvironment = environment.get(TOKEN_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(new Token(fromEnvironment));
        }
        Path file = source.tokenFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Token(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SettingsException("cannot read the agent token file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static URI serverUrl(Map<String, String> values) {
        String server = values.get("server.url").strip().replaceAll("/+$", "");
        if (server.isEmpty()) {
            throw new SettingsException(
                    "server.url is required (" + environmentName("server.url") + " or CHAOSPLANE_SERVER_URL)");
        }
        URI serverUrl;
        try {
            serverUrl = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("server.url is not a URL: " + server);
        }
        if (!"http".equals(serverUrl.getScheme()) && !"https".equals(serverUrl.getScheme())) {
            throw new SettingsException("server.url must be http or https: " + server);
        }
        return serverUrl;
    }

    static String agentId(Map<String, String> values) {
        String agentId = values.get("agent.id").strip();
        if (!agentId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new SettingsException("agent.id is required: letters, digits, '.', '_' or '-'");
        }
        return agentId;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .distinct()
                .toList();
    }

    private static boolean bool(Map<String, String> values, String key) {
        String value = values.get(key).strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SettingsException(key + " must be true or false (was '" + value + "')");
        };
    }

    private static int integer(Map<String, String> values, String key, int min, int max) {
        try {
            int value = Integer.parseInt(values.get(key).strip());
            if (value < min || value > max) {
                throw new SettingsException(key + " must be between " + min + " and " + max + " (was " + value + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be a number (was '" + values.get(key) + "')");
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SettingsException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    /** What the agent logs at start: everything but the token. */
    public String describe() {
        return "server=" + serverUrl + " agent=" + agentId + " mode="
                + mode.name().toLowerCase(Locale.ROOT) + " cron='"
                + cron.asString() + "' window=" + collectionWindowMinutes + "min namespaceSelector='"
                + namespaceSelector + "' observedNamespaces=" + observedNamespaces + " blacklistedNamespaces="
                + blacklistedNamespaces + " enableOrphanedPod=" + enableOrphanedPod + " enableBatchResources="
                + enableBatchResources + " node=" + nodeName + " proc=" + procRoot;
    }
}
