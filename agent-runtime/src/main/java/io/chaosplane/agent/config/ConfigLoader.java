package io.chaosplane.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the agent's configuration: defaults, then the properties file ({@code --config=...}, else
 * {@code CHAOSPLANE_AGENT_CONFIG}, else {@code /etc/chaosplane-agent/agent.properties}), then environment variables
 * ({@code CHAOSPLANE_} and the key in upper case with dots as underscores), then {@code --key=value} flags.
 * A missing default file is fine (everything may come from the environment); a missing named file is an error.
 */
public final class ConfigLoader {

    public static final Path DEFAULT_FILE = Path.of("/etc/chaosplane-agent/agent.properties");
    static final String CONFIG_ENV = "CHAOSPLANE_AGENT_CONFIG";

    private final Set<String> keys;

    /** @param platformKeys keys a platform module reads besides the runtime's own */
    public ConfigLoader(Collection<String> platformKeys) {
        this.keys = new LinkedHashSet<>(AgentConfig.KEYS);
        this.keys.addAll(platformKeys);
    }

    /** The result of loading: the configuration and warnings worth a log line (unknown keys in the file). */
    public record Loaded(AgentConfig config, List<String> warnings) {}

    public Loaded load(List<String> args, Map<String, String> environment) {
        Map<String, String> flags = flags(args);
        Path file = flags.containsKey("config")
                ? Path.of(flags.remove("config"))
                : environment.containsKey(CONFIG_ENV) ? Path.of(environment.get(CONFIG_ENV)) : null;
        List<String> warnings = new ArrayList<>();
        Map<String, String> settings = new HashMap<>(AgentConfig.DEFAULTS);
        Map<String, String> fromFile = readFile(file == null ? DEFAULT_FILE : file, file != null);
        fromFile.keySet().stream()
                .filter(key -> !keys.contains(key))
                .sorted()
                .forEach(key -> warnings.add("unknown key '" + key + "' in the configuration file is ignored"));
        settings.putAll(fromFile);
        for (String key : keys) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                settings.put(key, value);
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (!keys.contains(flag.getKey())) {
                throw new ConfigException("unknown option --" + flag.getKey() + "; options are --config and --"
                        + String.join(", --", keys));
            }
            settings.put(flag.getKey(), flag.getValue());
        }
        settings.keySet().retainAll(keys);
        return new Loaded(AgentConfig.from(settings), List.copyOf(warnings));
    }

    /** The environment variable of a key: {@code probes.command.enabled} is {@code CHAOSPLANE_PROBES_COMMAND_ENABLED}. */
    public static String environmentName(String key) {
        return "CHAOSPLANE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> flags(List<String> args) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 3) {
                throw new ConfigException("options are written --key=value (was '" + arg + "')");
            }
            flags.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return flags;
    }

    private static Map<String, String> readFile(Path file, boolean mustExist) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new ConfigException("configuration file " + file + " does not exist", e);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }
}
