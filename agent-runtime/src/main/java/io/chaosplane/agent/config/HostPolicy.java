package io.chaosplane.agent.config;

import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultInputs;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.units.GoDuration;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the host's administrator lets chaos do on this host, whatever the control plane sends: a properties file
 * (agent setting {@value #SETTING}) that root or the agent's own user owns and that neither its group nor others may
 * write, else the agent refuses to load it. Every key is optional; a key that is set restricts, one that is not
 * leaves that dimension to the control plane's own policies:
 *
 * <pre>
 * faults.allow          fault names, {@code *} a wildcard: linux-cpu-stress, linux-network-*
 * paths.allow           directories a fault's Path input (disk fill, fs fill, io stress) must be in or under
 * processes.allow       process names ({@code *} a wildcard) a ProcessName target must match; a CommandPattern target
 *                       must be written exactly as one entry; PID targets are refused (name the process instead)
 * services.allow        systemd units ({@code *} a wildcard) for service restart and time chaos
 * duration.max          the longest chaos, such as 10m
 * probes.http.allow     httpProbe destinations: host names, *.domain, addresses, CIDRs
 * probes.http.redirects true (default: each hop is checked as a destination) or false (redirects are not followed)
 * </pre>
 *
 * The file is read again for every task, like the kill switch, so that an edit takes effect without a restart; a
 * file that can no longer be read or trusted refuses every task.
 */
public record HostPolicy(
        Optional<Path> source,
        Optional<List<String>> faults,
        Optional<List<Path>> paths,
        Optional<List<String>> processes,
        Optional<List<String>> services,
        Optional<Duration> maxDuration,
        ProbeDestinations probeDestinations,
        boolean followRedirects) {

    public static final String SETTING = "policy.file";

    private static final Set<String> KEYS = Set.of(
            "faults.allow",
            "paths.allow",
            "processes.allow",
            "services.allow",
            "duration.max",
            "probes.http.allow",
            "probes.http.redirects");

    /** No policy file: the built-in probe refusals only. */
    public static HostPolicy none() {
        return new HostPolicy(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ProbeDestinations.defaults(),
                true);
    }

    /** Reads and checks the policy file; a {@link ConfigException} says what is wrong with it. */
    public static HostPolicy load(Path file) {
        checkOwnership(file);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read the host policy file " + file + ": " + e.getMessage(), e);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                // a typo must not silently leave a dimension open
                throw new ConfigException("host policy file " + file + " has an unknown key '" + key + "'; keys are "
                        + KEYS.stream().sorted().toList());
            }
        }
        Optional<List<String>> probes = list(properties, "probes.http.allow");
        try {
            return new HostPolicy(
                    Optional.of(file),
                    list(properties, "faults.allow"),
                    list(properties, "paths.allow")
                            .map(paths -> paths.stream()
                                    .map(path -> directory(file, path))
                                    .toList()),
                    list(properties, "processes.allow"),
                    list(properties, "services.allow"),
                    Optional.ofNullable(properties.getProperty("duration.max"))
                            .map(String::strip)
                            .map(GoDuration::parse),
                    new ProbeDestinations(probes),
                    redirects(properties.getProperty("probes.http.redirects", "true")));
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ConfigException("host policy file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why the host's policy refuses this chaos, or empty when it allows it. Chaos whose inputs the catalogue refuses is
     * left to its runner, which refuses it as invalid.
     */
    public Optional<String> refusal(ChaosSpec chaos, FaultCatalog catalog) {
        String by = source.map(file -> "task refused by the host policy " + file + ": ")
                .orElse("task refused by this agent: ");
        for (Probe probe : chaos.probeList()) {
            if (probe.httpProbeInputs() != null && probe.httpProbeInputs().url() != null) {
                Optional<String> refused =
                        destinationRefusal(probe.httpProbeInputs().url());
                if (refused.isPresent()) {
                    return Optional.of(by + "httpProbe " + probe.name() + ": " + refused.get());
                }
            }
        }
        if (faults.isPresent() && faults.get().stream().noneMatch(glob -> matches(glob, chaos.experiment()))) {
            return Optional.of(by + "fault " + chaos.experiment() + " is not in faults.allow " + faults.get());
        }
        FaultInputs inputs;
        try {
            inputs = catalog.resolve(chaos.experiment(), chaos.inputs());
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
        return duration(inputs)
                .or(() -> path(inputs))
                .or(() -> process(inputs))
                .or(() -> service(inputs))
                .map(reason -> by + reason);
    }

    /** Why a probe may not send a request to this URL (its first one or a redirect's), or empty when it may. */
    public Optional<String> destinationRefusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("probe URL is not a URL");
        }
        return probeDestinations.refusal(uri);
    }

    private Optional<String> duration(FaultInputs inputs) {
        Optional<Duration> duration = inputs.chaosDuration();
        if (maxDuration.isPresent() && duration.isPresent() && duration.get().compareTo(maxDuration.get()) > 0) {
            return Optional.of("it lasts " + GoDuration.format(duration.get()) + ", more than duration.max "
                    + GoDuration.format(maxDuration.get()));
        }
        return Optional.empty();
    }

    private Optional<String> path(FaultInputs inputs) {
        if (paths.isEmpty() || !inputs.has("Path")) {
            return Optional.empty();
        }
        String given = inputs.string("Path");
        Path target = real(Path.of(given).toAbsolutePath().normalize());
        return paths.get().stream().anyMatch(target::startsWith)
                ? Optional.empty()
                : Optional.of("path " + given + " is not in or under paths.allow " + paths.get());
    }

    private Optional<String> process(FaultInputs inputs) {
        if (processes.isEmpty()) {
            return Optional.empty();
        }
        if (inputs.has("PID")) {
            return Optional.of("PID targets are refused while processes.allow is set; target the process by name");
        }
        Optional<String> name = inputs.optionalString("ProcessName");
        if (name.isPresent() && processes.get().stream().noneMatch(glob -> matches(glob, name.get()))) {
            return Optional.of("process " + name.get() + " is not in processes.allow " + processes.get());
        }
        // a regular expression cannot be judged against globs, so it must be one the administrator wrote
        Optional<String> pattern = inputs.optionalString("CommandPattern");
        if (pattern.isPresent() && !processes.get().contains(pattern.get())) {
            return Optional.of("command pattern " + pattern.get() + " is not written as such in processes.allow "
                    + processes.get());
        }
        return Optional.empty();
    }

    private Optional<String> service(FaultInputs inputs) {
        if (services.isEmpty()) {
            return Optional.empty();
        }
        return inputs.list("Services", String.class).stream()
                .filter(unit -> services.get().stream().noneMatch(glob -> matches(glob, unit)))
                .findFirst()
                .map(unit -> "service " + unit + " is not in services.allow " + services.get());
    }

    /** The real path of what exists of the path, so that a symbolic link cannot lead out of an allowed directory. */
    private static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    private static Path directory(Path file, String entry) {
        Path path = Path.of(entry);
        if (!path.isAbsolute()) {
            throw new ConfigException("paths.allow entry " + entry + " is not an absolute path");
        }
        return real(path.normalize());
    }

    static boolean matches(String glob, String value) {
        String regex = Arrays.stream(glob.split("\\*", -1))
                .map(Pattern::quote)
                .reduce((a, b) -> a + ".*" + b)
                .orElse("");
        return Pattern.matches(regex, value);
    }

    private static boolean redirects(String value) {
        if (!value.strip().equalsIgnoreCase("true") && !value.strip().equalsIgnoreCase("false")) {
            throw new ConfigException("probes.http.redirects must be true or false (was '" + value + "')");
        }
        return Boolean.parseBoolean(value.strip());
    }

    private static Optional<List<String>> list(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(key))
                .map(value -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(item -> !item.isEmpty())
                        .toList());
    }

    /**
     * Only whoever may change the host's chaos may write its policy: root or the agent's own user owns the file and
     * its directory, and neither group nor others may write either (a directory others may write lets them swap the
     * file).
     */
    private static void checkOwnership(Path file) {
        Path absolute = file.toAbsolutePath();
        for (Path path : List.of(absolute, absolute.getParent())) {
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new ConfigException("cannot read the host policy file " + file + ": " + e, e);
            } catch (UnsupportedOperationException e) {
                throw new ConfigException("host policy file " + file + " is on a file system without POSIX owners", e);
            }
            String owner = attributes.owner().getName();
            if (!owner.equals("root") && !owner.equals(System.getProperty("user.name"))) {
                throw new ConfigException("host policy file " + file + " is refused: " + path + " is owned by " + owner
                        + ", not by root or the agent's user");
            }
            Set<PosixFilePermission> permissions = attributes.permissions();
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new ConfigException("host policy file " + file + " is refused: " + path
                        + " is writable by its group or others (chmod go-w)");
            }
            if (path.equals(absolute) && attributes.isSymbolicLink()) {
                throw new ConfigException("host policy file " + file + " is refused: it is a symbolic link");
            }
        }
    }
}
