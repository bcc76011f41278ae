package io.chaosplane.protocol.catalog;

import static io.chaosplane.protocol.catalog.InputDefinition.duration;
import static io.chaosplane.protocol.catalog.InputDefinition.integer;
import static io.chaosplane.protocol.catalog.InputDefinition.list;
import static io.chaosplane.protocol.catalog.InputDefinition.oneOf;
import static io.chaosplane.protocol.catalog.InputDefinition.percentage;
import static io.chaosplane.protocol.catalog.InputDefinition.size;
import static io.chaosplane.protocol.catalog.InputDefinition.string;

import java.util.ArrayList;
import java.util.List;

/** The faults of Linux chaos infrastructures. */
final class LinuxFaults {

    static final String ABSOLUTE_PATH = "/.*";
    /** Interface names as the kernel allows them (IFNAMSIZ 16 with the terminating zero). */
    static final String INTERFACE_NAME = "[A-Za-z0-9_.:@-]{1,15}";

    static final String HOST = "[A-Za-z0-9_.:\\[\\]/-]+";

    private LinuxFaults() {}

    static List<FaultDefinition> all() {
        return List.of(
                cpuStress(),
                memoryStress(),
                diskFill(),
                ioStress(),
                processKill(),
                networkFault(
                        "linux-network-latency",
                        "Delays packets leaving an interface, optionally only those " + "to given hosts and ports.",
                        List.of(
                                integer("Latency", "Delay added to each packet")
                                        .asRequired()
                                        .withRange("1", "60000")
                                        .withUnit("ms"),
                                integer("Jitter", "Random variation of the delay")
                                        .withDefault("0")
                                        .withRange("0", "60000")
                                        .withUnit("ms"))),
                networkFault(
                        "linux-network-loss",
                        "Drops a share of the packets leaving an interface, optionally "
                                + "only those to given hosts and ports.",
                        List.of(percentage("LossPercentage", "Share of packets dropped")
                                .asRequired()
                                .withRange("0.01", "100"))),
                networkFault(
                        "linux-network-corruption",
                        "Flips a bit in a share of the packets leaving an "
                                + "interface, optionally only those to given hosts and ports.",
                        List.of(percentage("CorruptionPercentage", "Share of packets corrupted")
                                .asRequired()
                                .withRange("0.01", "100"))),
                networkBlackhole(),
                statusCheck());
    }

    /**
     * Injects nothing: its probes alone decide its verdict. A workflow's status check runs as this fault on the
     * infrastructure it checks, so that an HTTP or command probe runs where the system under test is reachable.
     */
    private static FaultDefinition statusCheck() {
        return linux(
                "linux-status-check",
                "Injects nothing and runs its probes (a status check): passes when they" + " pass.",
                List.of(duration("Duration", "How long the probes run")
                        .withDefault("1s")
                        .withRange("1s", "1h")));
    }

    private static FaultDefinition cpuStress() {
        return linux(
                "linux-cpu-stress",
                "Keeps CPU cores busy at a given load.",
                List.of(
                        percentage("Load", "Share of each worker's core kept busy")
                                .withDefault("100")
                                .withRange("1", "100"),
                        integer("Workers", "Busy workers, one core each; 0 means one per core")
                                .withDefault("1")
                                .withRange("0", "1024"),
                        chaosDuration()));
    }

    private static FaultDefinition memoryStress() {
        return linux(
                "linux-memory-stress",
                "Allocates and holds resident memory.",
                List.of(
                        size(
                                        "Memory",
                                        "Memory to hold, such as 256Mi or 1G, or a percentage of total memory such as 50%")
                                .asRequired()
                                .withPercentAllowed()
                                .withRange("1Mi", null),
                        integer("Workers", "Processes sharing the allocation")
                                .withDefault("1")
                                .withRange("1", "64"),
                        chaosDuration()));
    }

    private static FaultDefinition diskFill() {
        return new FaultDefinition(
                "linux-disk-fill",
                "Fills a filesystem with a file.",
                Platform.LINUX,
                List.of(
                        string("Path", "Directory on the filesystem to fill")
                                .asRequired()
                                .withPattern(ABSOLUTE_PATH),
                        size("Size", "Bytes to fill, such as 1G").withRange("1Mi", null),
                        percentage(
                                        "Percentage",
                                        "Share of the filesystem's total size to fill, capped by its free space")
                                .withRange("1", "100"),
                        chaosDuration()),
                List.of(InputRule.exactlyOne("Size", "Percentage")));
    }

    private static FaultDefinition ioStress() {
        return linux(
                "linux-io-stress",
                "Writes, syncs and reads files in a loop to load a filesystem.",
                List.of(
                        string("Path", "Directory on the filesystem to load")
                                .asRequired()
                                .withPattern(ABSOLUTE_PATH),
                        integer("Workers", "Writers, each with its own file")
                                .withDefault("1")
                                .withRange("1", "64"),
                        size("Size", "Bytes each worker writes before reading them back and starting over")
                                .withDefault("64Mi")
                                .withRange("1Mi", "64Gi"),
                        chaosDuration()));
    }

    private static FaultDefinition processKill() {
        return new FaultDefinition(
                "linux-process-kill",
                "Sends a signal to processes chosen by name or id; with a "
                        + "Duration, keeps doing so to matching processes that start again.",
                Platform.LINUX,
                List.of(
                        string("ProcessName", "Process name as in /proc/<pid>/comm (15 characters at most)")
                                .withPattern("[^/\\s]{1,15}"),
                        integer("PID", "Process id; 1 and the agent itself are refused")
                                .withRange("2", null),
                        oneOf(
                                        "Signal",
                                        "Signal to send",
                                        "SIGKILL",
                                        "SIGTERM",
                                        "SIGINT",
                                        "SIGHUP",
                                        "SIGQUIT",
                                        "SIGSTOP",
                                        "SIGCONT",
                                        "SIGUSR1",
                                        "SIGUSR2")
                                .withDefault("SIGKILL"),
                        duration("Duration", "How long to keep killing matching processes that start again")
                                .withRange("1s", "24h")),
                List.of(InputRule.exactlyOne("ProcessName", "PID")));
    }

    private static FaultDefinition networkFault(String name, String description, List<InputDefinition> specific) {
        List<InputDefinition> inputs = new ArrayList<>();
        inputs.add(networkInterface());
        inputs.addAll(specific);
        inputs.add(destinationHosts());
        inputs.add(destinationPorts());
        inputs.add(chaosDuration());
        return linux(name, description, inputs);
    }

    private static FaultDefinition networkBlackhole() {
        return new FaultDefinition(
                "linux-network-blackhole",
                "Drops every packet leaving an interface for given " + "hosts or ports.",
                Platform.LINUX,
                List.of(networkInterface(), destinationHosts(), destinationPorts(), chaosDuration()),
                List.of(InputRule.atLeastOne("DestinationHosts", "DestinationPorts")));
    }

    private static InputDefinition networkInterface() {
        return string("Interface", "Network interface; the interface of the default route when not given")
                .withPattern(INTERFACE_NAME);
    }

    private static InputDefinition destinationHosts() {
        return list(
                        "DestinationHosts",
                        InputType.STRING,
                        "Only packets to these hosts (names, IPs or CIDRs), "
                                + "comma-separated; all packets when not given")
                .withPattern(HOST);
    }

    private static InputDefinition destinationPorts() {
        return list("DestinationPorts", InputType.INTEGER, "Only packets to these TCP or UDP ports, comma-separated")
                .withRange("1", "65535");
    }

    private static InputDefinition chaosDuration() {
        return duration("Duration", "How long the fault stays in force")
                .asRequired()
                .withRange("1s", "24h");
    }

    private static FaultDefinition linux(String name, String description, List<InputDefinition> inputs) {
        return new FaultDefinition(name, description, Platform.LINUX, inputs, List.of());
    }
}
