package io.chaosplane.agent.linux;

import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.protocol.catalog.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What this host lets the agent do, found by reading files only (no command runs, nothing is loaded): whether the
 * agent runs as root, which kernel modules and commands the catalogue's Linux faults name are here. A module counts
 * when it is loaded ({@code /proc/modules}, {@code /sys/module}), built in, or loadable ({@code modules.dep}: tc loads
 * it on first use, as {@code modprobe -n} would find it). {@code systemctl} counts only where systemd runs the host
 * ({@code /run/systemd/system}, as sd_booted checks), since on a host without it the command is there but useless.
 */
public final class HostCapabilities {

    private static final System.Logger LOG = System.getLogger(HostCapabilities.class.getName());
    private static final Pattern EFFECTIVE_UID = Pattern.compile("(?m)^Uid:\\s+\\d+\\s+(\\d+)");

    private final Path proc;
    private final Path sys;
    private final Path libModules;
    private final Path systemdRuntime;
    private final List<Path> path;

    /**
     * @param proc {@code /proc}
     * @param sys {@code /sys}
     * @param libModules {@code /lib/modules}
     * @param systemdRuntime {@code /run/systemd/system}
     * @param path the directories commands are looked up in, as the agent's {@code PATH} gives them
     */
    HostCapabilities(Path proc, Path sys, Path libModules, Path systemdRuntime, List<Path> path) {
        this.proc = proc;
        this.sys = sys;
        this.libModules = libModules;
        this.systemdRuntime = systemdRuntime;
        this.path = List.copyOf(path);
    }

    /** This host, commands looked up on the agent's own {@code PATH}. */
    public static HostCapabilities ofThisHost() {
        String searchPath = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/sbin:/usr/bin:/sbin:/bin");
        return new HostCapabilities(
                Path.of("/proc"),
                Path.of("/sys"),
                Path.of("/lib/modules"),
                Path.of("/run/systemd/system"),
                Stream.of(searchPath.split(":"))
                        .filter(dir -> !dir.isBlank())
                        .map(Path::of)
                        .toList());
    }

    /** What the catalogue's Linux faults need that this host has. */
    public AgentCapabilities find(FaultCatalog catalog) {
        TreeSet<String> modules = new TreeSet<>();
        TreeSet<String> commands = new TreeSet<>();
        for (FaultDefinition fault : catalog.faults()) {
            if (fault.platform() == Platform.LINUX) {
                modules.addAll(fault.permissions().kernelModules());
                commands.addAll(fault.permissions().commands());
            }
        }
        AgentCapabilities found = new AgentCapabilities(
                root(),
                modules.stream().filter(this::hasModule).toList(),
                commands.stream().filter(this::hasCommand).toList(),
                null);
        LOG.log(System.Logger.Level.INFO, "capabilities: {0}", found);
        return found;
    }

    private boolean root() {
        try {
            var uid = EFFECTIVE_UID.matcher(Files.readString(proc.resolve("self/status")));
            return uid.find() && uid.group(1).equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    boolean hasModule(String name) {
        String module = name.replace('-', '_');
        if (Files.isDirectory(sys.resolve("module").resolve(module))) {
            return true;
        }
        if (lines(proc.resolve("modules")).anyMatch(line -> line.startsWith(module + " "))) {
            return true;
        }
        Optional<Path> release = kernelRelease().map(libModules::resolve);
        if (release.isEmpty()) {
            return false;
        }
        // file names may spell _ as - and be compressed: sch_netem.ko, sch-netem.ko.xz
        Pattern file = Pattern.compile("(^|/)" + module.replace("_", "[_-]") + "\\.ko(\\.[a-z]+)?(:|$)");
        return lines(release.get().resolve("modules.builtin"))
                        .anyMatch(line -> file.matcher(line).find())
                || lines(release.get().resolve("modules.dep"))
                        .anyMatch(line -> file.matcher(line).find());
    }

    boolean hasCommand(String name) {
        if (name.equals("systemctl") && !Files.isDirectory(systemdRuntime)) {
            return false;
        }
        return path.stream()
                .map(dir -> dir.resolve(name))
                .anyMatch(file -> Files.isRegularFile(file) && Files.isExecutable(file));
    }

    private Optional<String> kernelRelease() {
        try {
            return Optional.of(
                    Files.readString(proc.resolve("sys/kernel/osrelease")).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
