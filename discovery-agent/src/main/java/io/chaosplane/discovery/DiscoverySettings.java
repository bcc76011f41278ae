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

    public static DiscoverySettings load(List<String> args, Map<String, String> environment) {
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
        if (configFile != null) {
            Map<String, String> fromFile = readProperties(Path.of(configFile));
            if (fromFile.containsKey("token")) {
                throw new SettingsException("the token does not belong in " + configFile + "; use token.file");
            }
            checkKeys(fromFile, "in " + configFile);
            values.putAll(fromFile);
        }
        for (String key : DEFAULTS.keySet()) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                values.put(key, value);
            }
        }
        checkKeys(flags, "as an option");
        values.putAll(flags);
        return from(values, environment);
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

    private static DiscoverySettings from(Map<String, String> values, Map<String, String> environment) {
        String server = values.get("server.url").strip().replaceAll("/+$", "");
        if (server.isEmpty()) {
            throw new SettingsException("server.url is required (" + environmentName("server.url") + ")");
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
        String agentId = values.get("agent.id").strip();
        if (!agentId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new SettingsException("agent.id is required: letters, digits, '.', '_' or '-'");
        }
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
                token(values, environment),
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

    private static Token token(Map<String, String> values, Map<String, String> environment) {
        String fromEnvironment = environment.get(TOKEN_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Token(fromEnvironment);
        }
        Path file = Path.of(values.get("token.file").strip());
        try {
            return new Token(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SettingsException("no agent token: set " + TOKEN_ENV + " or write it to " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
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
