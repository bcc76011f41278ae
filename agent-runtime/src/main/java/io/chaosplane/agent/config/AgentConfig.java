package io.chaosplane.agent.config;

import io.chaosplane.protocol.units.GoDuration;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's settings after the defaults, the properties file, the environment and the command line have been
 * merged (later ones win). Keys, their environment variables and defaults:
 *
 * <pre>
 * server.url              CHAOSPLANE_SERVER_URL              (required) control plane base URL
 * infra.id                CHAOSPLANE_INFRA_ID                (required) infrastructure id
 * install.token           CHAOSPLANE_INSTALL_TOKEN           one-time token, needed on the first start only
 * install.token.file      CHAOSPLANE_INSTALL_TOKEN_FILE      a file holding the install token (/dev/stdin reads standard
 *                                                            input), which keeps it off command lines and environments
 * state.dir               CHAOSPLANE_STATE_DIR               /var/lib/chaosplane-agent
 * liveness.interval       CHAOSPLANE_LIVENESS_INTERVAL       10s
 * poll.wait               CHAOSPLANE_POLL_WAIT               20s  (long-poll wait asked of the control plane)
 * grace.period            CHAOSPLANE_GRACE_PERIOD            30s  (after a fault's duration, before the watchdog reverts)
 * tasks.slots             CHAOSPLANE_TASKS_SLOTS             2    (tasks run at the same time)
 * status.interval         CHAOSPLANE_STATUS_INTERVAL         5s   (Running status, which also carries abort)
 * request.timeout         CHAOSPLANE_REQUEST_TIMEOUT         30s
 * probes.command.enabled  CHAOSPLANE_PROBES_COMMAND_ENABLED  false
 * probes.command.allow    CHAOSPLANE_PROBES_COMMAND_ALLOW    (empty) see {@link CommandProbePolicy}
 * agent.hostname          CHAOSPLANE_AGENT_HOSTNAME          the host's name
 * chaos.enabled.file      CHAOSPLANE_CHAOS_ENABLED_FILE      (none) a file whose content false refuses every task
 * policy.file             CHAOSPLANE_POLICY_FILE             (none) the host administrator's {@link HostPolicy}
 * </pre>
 *
 * Platform modules read their own keys from {@link #settings()}.
 */
public record AgentConfig(
        URI serverUrl,
        String infraId,
        Optional<Secret> installToken,
        Path stateDir,
        Duration livenessInterval,
        Duration pollWait,
        Duration gracePeriod,
        int taskSlots,
        Duration statusInterval,
        Duration requestTimeout,
        CommandProbePolicy commandProbes,
        Optional<String> hostname,
        HostPolicy hostPolicy,
        Map<String, String> settings) {

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("state.dir", "/var/lib/chaosplane-agent"),
            Map.entry("liveness.interval", "10s"),
            Map.entry("poll.wait", "20s"),
            Map.entry("grace.period", "30s"),
            Map.entry("tasks.slots", "2"),
            Map.entry("status.interval", "5s"),
            Map.entry("request.timeout", "30s"),
            Map.entry("probes.command.enabled", "false"));

    /** Every key the runtime itself reads. */
    static final List<String> KEYS = List.of(
            "server.url",
            "infra.id",
            "install.token",
            "install.token.file",
            "state.dir",
            "liveness.interval",
            "poll.wait",
            "grace.period",
            "tasks.slots",
            "status.interval",
            "request.timeout",
            "probes.command.enabled",
            "probes.command.allow",
            "agent.hostname",
            "chaos.enabled.file",
            HostPolicy.SETTING);

    private static final List<String> SECRET_KEYS = List.of("install.token");

    public AgentConfig {
        settings = Map.copyOf(settings);
    }

    /** Builds and checks the settings; every problem is a {@link ConfigException} naming its key. */
    static AgentConfig from(Map<String, String> settings) {
        return new AgentConfig(
                serverUrl(required(settings, "server.url")),
                required(settings, "infra.id"),
                optional(settings, "install.token")
                        .or(() -> optional(settings, "install.token.file").map(AgentConfig::readToken))
                        .map(Secret::new),
                Path.of(required(settings, "state.dir")),
                positiveDuration(settings, "liveness.interval"),
                positiveDuration(settings, "poll.wait"),
                positiveDuration(settings, "grace.period"),
                positiveInt(settings, "tasks.slots"),
                positiveDuration(settings, "status.interval"),
                positiveDuration(settings, "request.timeout"),
                new CommandProbePolicy(
                        bool(settings, "probes.command.enabled"),
                        optional(settings, "probes.command.allow")
                                .map(AgentConfig::items)
                                .orElse(List.of())),
                optional(settings, "agent.hostname"),
                optional(settings, HostPolicy.SETTING)
                        .map(file -> HostPolicy.load(Path.of(file)))
                        .orElseGet(HostPolicy::none),
                settings);
    }

    /** A platform key's value, if set. */
    public Optional<String> setting(String key) {
        return optional(settings, key);
    }

    /** The effective configuration for the start-up log, secrets masked. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        settings.keySet().stream()
                .sorted()
                .forEach(key -> out.append(out.isEmpty() ? "" : ", ")
                        .append(key)
                        .append('=')
                        .append(SECRET_KEYS.contains(key) ? "***" : settings.get(key)));
        return out.toString();
    }

    @Override
    public String toString() {
        return "AgentConfig[" + describe() + "]";
    }

    /** The first line of the token file; {@code /dev/stdin} reads standard input, as {@code <<<} or a pipe feed it. */
    private static String readToken(String file) {
        try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new ConfigException("install.token.file " + file + " holds no token");
            }
            return line.strip();
        } catch (IOException e) {
            throw new ConfigException("cannot read install.token.file " + file + ": " + e.getMessage(), e);
        }
    }

    private static URI serverUrl(String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
                throw new ConfigException("server.url must be an absolute http or https URL (was '" + value + "')");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("server.url is not a URL: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> settings, String key) {
        return optional(settings, key)
                .orElseThrow(() -> new ConfigException(key + " is required (set it in the " + "properties file, as "
                        + ConfigLoader.environmentName(key) + " or as --" + key + "=...)"));
    }

    private static Optional<String> optional(Map<String, String> settings, String key) {
        return Optional.ofNullable(settings.get(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Duration positiveDuration(Map<String, String> settings, String key) {
        String value = required(settings, key);
        try {
            Duration duration = GoDuration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new ConfigException(key + " must be a positive duration such as 10s (was '" + value + "')");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }

    private static int positiveInt(Map<String, String> settings, String key) {
        String value = required(settings, key);
        try {
            int number = Integer.parseInt(value);
            if (number < 1) {
                throw new ConfigException(key + " must be at least 1 (was " + number + ")");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number (was '" + value + "')", e);
        }
    }

    private static boolean bool(Map<String, String> settings, String key) {
        String value = required(settings, key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigException(key + " must be true or false (was '" + value + "')");
        }
        return Boolean.parseBoolean(value);
    }

    private static List<String> items(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
