package io.chaosplane.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * chaosctl's configuration: named contexts (a server, an API key, optionally an organization and a project) and the
 * one in use, in {@code $XDG_CONFIG_HOME/chaosctl/config.yaml} (else {@code ~/.config/chaosctl/config.yaml}). The file
 * holds API keys, so only its owner may read it (mode 600, in a directory of mode 700).
 */
final class ConfigFile {

    /** One context: where to connect and as whom. */
    record Context(String server, String apiKey, String organization, String project) {}

    /** The whole file. */
    record Config(String currentContext, Map<String, Context> contexts) {

        Config {
            contexts = contexts == null ? new TreeMap<>() : new TreeMap<>(contexts);
        }

        static Config empty() {
            return new Config(null, Map.of());
        }

        Config with(String name, Context context, boolean makeCurrent) {
            Map<String, Context> all = new TreeMap<>(contexts);
            all.put(name, context);
            return new Config(makeCurrent || currentContext == null ? name : currentContext, all);
        }

        Config using(String name) {
            if (!contexts.containsKey(name)) {
                throw new CliException(
                        ExitCode.USAGE, "no context '" + name + "'; the contexts are " + contexts.keySet());
            }
            return new Config(name, contexts);
        }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path path;

    ConfigFile(Path path) {
        this.path = path;
    }

    /** The file's place by the XDG base directory rules, from the environment given. */
    static ConfigFile locate(Map<String, String> env) {
        String explicit = env.get("CHAOSCTL_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigFile(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return new ConfigFile(base.resolve("chaosctl").resolve("config.yaml"));
    }

    Path path() {
        return path;
    }

    Config read() {
        if (!Files.exists(path)) {
            return Config.empty();
        }
        try {
            Config config = YAML.readValue(path.toFile(), Config.class);
            return config == null ? Config.empty() : config;
        } catch (RuntimeException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file whole: a new file of mode 600 moved over the old, so no reader sees half of it. */
    void write(Config config) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = Files.createTempFile(
                    dir,
                    ".config",
                    ".yaml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, YAML.writeValueAsString(config));
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
