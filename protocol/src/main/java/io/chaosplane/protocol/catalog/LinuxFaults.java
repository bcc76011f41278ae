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
    /** systemd unit names (backslash for systemd's escapes such as \x2d), with a type suffix. */
    static final String UNIT_NAME = "[A-Za-z0-9:_.\\\\@-]{1,250}\\.(service|socket|target|timer|mount)";

    /** A Java class's binary name: package, name, nested classes after {@code $}. */
    static final String JAVA_CLASS = "[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*){0,100}";

    /** Attaching to another user's JVM: root (its signal, its /proc files), else the JVM's own user. */
    private static final Permissions JVM_ATTACH = Permissions.rootWith("CAP_KILL", "CAP_SYS_PTRACE");

    private static final String NETWORK = "network";
    private static final String STRESS = "stress";
    private static final String STORAGE = "storage";
    private static final String PROCESS = "process";
    private static final String DNS = "dns";
    /** A host name as a DNS fault matches it, whole or as a part. */
    private static final String HOST_NAME = "[A-Za-z0-9_.-]{1,253}";
    /** A responder on port 53 and the host's resolver file rewritten. */
    private static final Permissions DNS_RESPONDER = Permissions.rootWith("CAP_NET_BIND_SERVICE");
    /** Traffic control: classes, filters and qdiscs every kernel with tc has. */
    private static final Permissions TC = Permissions.rootWith("CAP_NET_ADMIN").withCommands("tc", "ip");
    /** Traffic control with the netem qdisc, a module some kernels leave out. */
    private static final Permissions NETEM = TC.withKernelModules("sch_netem");

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
                        NETEM,
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
                        TC,
                        "Drops a share of the packets leaving an interface, optionally "
                                + "only those to given hosts and ports.",
                        List.of(percentage("LossPercentage", "Share of packets dropped")
                                .asRequired()
                                .withRange("0.01", "100"))),
                networkFault(
                        "linux-network-corruption",
                        NETEM,
                        "Flips a bit in a share of the packets leaving an "
                                + "interface, optionally only those to given hosts and ports.",
                        List.of(percentage("CorruptionPercentage", "Share of packets corrupted")
                                .asRequired()
                                .withRange("0.01", "100"))),
                networkFault(
                        "linux-network-duplication",
                        NETEM,
                        "Sends a share of the packets leaving an interface twice, "
                                + "optionally only those to given hosts and ports.",
                        List.of(percentage("DuplicationPercentage", "Share of packets duplicated")
                                .asRequired()
                                .withRange("0.01", "100"))),
                networkFault(
                        "linux-network-rate-limit",
                        TC,
                        "Limits the bandwidth of the packets leaving an interface "
                                + "(token bucket), optionally only those to given hosts and ports.",
                        List.of(
                                integer("Rate", "Bandwidth allowed")
                                        .asRequired()
                                        .withRange("8", "100000000")
                                        .withUnit("kbit"),
                                size("Burst", "Bytes that may leave at once above the rate (the bucket's size)")
                                        .withDefault("32Ki")
                                        .withRange("2Ki", "64Mi"),
                                size("Limit", "Bytes queued waiting for tokens; beyond them packets are dropped")
                                        .withDefault("64Ki")
                                        .withRange("2Ki", "1Gi"))),
                networkBlackhole(),
                dnsError(),
                dnsSpoof(),
                processStop(),
                serviceRestart(),
                fsFill(),
                timeChaos(),
                systemTimeChaos(),
                api(
                        "linux-api-block",
                        "Drops HTTP requests to a port of this host (the connection closes without an answer).",
                        List.of()),
                api(
                        "linux-api-latency",
                        "Delays HTTP requests to a port of this host before they reach it.",
                        List.of(integer("Latency", "Delay added to each request")
                                .asRequired()
                                .withRange("1", "600000")
                                .withUnit("ms"))),
                api(
                        "linux-api-status-code",
                        "Replaces the status code of HTTP responses from a port of this host.",
                        List.of(integer("StatusCode", "The status code the clients get")
                                .asRequired()
                                .withRange("100", "599"))),
                api(
                        "linux-api-modify-body",
                        "Replaces the body of HTTP responses from a port of this host.",
                        List.of(string("ResponseBody", "The body the clients get")
                                .asRequired()
                                .withPattern("(?s).{1,65536}"))),
                api(
                        "linux-api-modify-header",
                        "Sets a header on HTTP responses from a port of this host.",
                        List.of(
                                string("HeaderName", "Header to set (replacing one of that name)")
                                        .asRequired()
                                        .withPattern("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}"),
                                string("HeaderValue", "Its value").asRequired().withPattern("[^\\r\\n]{1,4096}"))),
                jvmMethodFault(
                        "linux-jvm-method-latency",
                        "Delays every call of a method in a running JVM by a fixed time.",
                        List.of(integer("Latency", "Delay added before each call of the method")
                                .withDefault("2000")
                                .withRange("1", "600000")
                                .withUnit("ms"))),
                jvmMethodFault(
                        "linux-jvm-method-exception",
                        "Makes every call of a method in a running JVM throw an exception instead of running.",
                        List.of(
                                string(
                                                "Exception",
                                                "Class of the exception thrown, found by the method's class loader; "
                                                        + "it needs a public constructor taking a message")
                                        .withDefault("java.lang.RuntimeException")
                                        .withPattern(JAVA_CLASS),
                                string("ExceptionMessage", "The exception's message")
                                        .withDefault("injected by ChaosPlane")
                                        .withPattern("[^\\r\\n]{1,1024}"))),
                jvmMethodFault(
                        "linux-jvm-modify-return",
                        "Makes a method in a running JVM return another value.",
                        List.of(string(
                                        "Return",
                                        "The value returned: a number, true/false or a character for primitive "
                                                + "types and their wrappers, the text for String, null for any "
                                                + "object type")
                                .asRequired()
                                .withPattern("(?s).{1,4096}"))),
                jvm(
                        "linux-jvm-cpu-stress",
                        "Keeps threads inside a running JVM busy at a given load.",
                        List.of(
                                integer("CPU", "Busy threads started in the JVM")
                                        .withDefault("1")
                                        .withRange("1", "256"),
                                percentage("Load", "Share of each thread's core kept busy")
                                        .withDefault("100")
                                        .withRange("1", "100"))),
                jvm(
                        "linux-jvm-memory-stress",
                        "Allocates and holds heap inside a running JVM; refused when the heap lacks room for it.",
                        List.of(size("Memory", "Heap to hold, such as 256Mi")
                                .asRequired()
                                .withRange("1Mi", "64Gi"))),
                jvm(
                        "linux-jvm-trigger-gc",
                        "Makes a running JVM collect garbage (System.gc()) again and again.",
                        List.of(duration("Interval", "Between two collections")
                                .withDefault("1s")
                                .withRange("100ms", "1h"))),
                statusCheck());
    }

    private static FaultDefinition jvmMethodFault(String name, String description, List<InputDefinition> specific) {
        List<InputDefinition> inputs = new ArrayList<>();
        inputs.add(string("Class", "The class, with its package, such as com.example.shop.CartService")
                .asRequired()
                .withPattern(JAVA_CLASS));
        inputs.add(string("Method", "The method's name; every overload gets the fault")
                .asRequired()
                .withPattern("[A-Za-z_$][A-Za-z0-9_$]{0,255}"));
        inputs.addAll(specific);
        return jvm(name, description, inputs);
    }

    /**
     * A JVM fault: an agent loaded into the JVMs chosen by PID, process name or command line (the attach API), which
     * removes what it did when the fault ends.
     */
    private static FaultDefinition jvm(String name, String description, List<InputDefinition> specific) {
        List<InputDefinition> inputs = new ArrayList<>(specific);
        inputs.add(integer("PID", "The JVM's process id").withRange("2", null));
        inputs.add(string("ProcessName", "Process name as in /proc/<pid>/comm (15 characters at most), such as java")
                .withPattern("[^/\\s]{1,15}"));
        inputs.add(string(
                        "CommandPattern",
                        "A regular expression found in the JVM's command line (arguments joined by spaces), "
                                + "such as shop-service\\.jar")
                .withPattern(".{1,256}"));
        inputs.add(chaosDuration());
        return linux(
                name,
                "jvm",
                JVM_ATTACH,
                description + " Needs a HotSpot JVM that allows attaching and agents (Java 11 or later).",
                inputs,
                InputRule.exactlyOne("PID", "ProcessName", "CommandPattern"));
    }

    /**
     * Injects nothing: its probes alone decide its verdict. A workflow's status check runs as this fault on the
     * infrastructure it checks, so that an HTTP or command probe runs where the system under test is reachable.
     */
    private static FaultDefinition statusCheck() {
        return linux(
                "linux-status-check",
                "check",
                Permissions.none(),
                "Injects nothing and runs its probes (a status check): passes when they" + " pass.",
                List.of(duration("Duration", "How long the probes run")
                        .withDefault("1s")
                        .withRange("1s", "1h")));
    }

    private static FaultDefinition cpuStress() {
        return linux(
                "linux-cpu-stress",
                STRESS,
                Permissions.none(),
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
                STRESS,
                Permissions.none(),
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
        return linux(
                "linux-disk-fill",
                STORAGE,
                Permissions.none().withCommands("fallocate"),
                "Fills a filesystem with a file.",
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
                InputRule.exactlyOne("Size", "Percentage"));
    }

    private static FaultDefinition ioStress() {
        return linux(
                "linux-io-stress",
                STORAGE,
                Permissions.none(),
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
                        percentage(
                                        "FilesystemUtilizationPercentage",
                                        "Share of the filesystem's free space the workers write together; "
                                                + "replaces Size when given")
                                .withRange("1", "90"),
                        chaosDuration()));
    }

    private static FaultDefinition processKill() {
        return linux(
                "linux-process-kill",
                PROCESS,
                Permissions.rootWith("CAP_KILL").withCommands("kill"),
                "Sends a signal to processes chosen by name or id; with a "
                        + "Duration, keeps doing so to matching processes that start again.",
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
                InputRule.exactlyOne("ProcessName", "PID"));
    }

    private static FaultDefinition dnsError() {
        return linux(
                "linux-dns-error",
                DNS,
                DNS_RESPONDER,
                "Makes name resolution fail for given host names (or all) by pointing the host's resolver at "
                        + "a DNS responder inside the agent; other names are answered by the upstream server.",
                List.of(
                        list(
                                        "HostNames",
                                        InputType.STRING,
                                        "Names that fail, comma-separated; every name when not given")
                                .withPattern(HOST_NAME),
                        matchScheme(),
                        oneOf("ErrorCode", "The answer a failing name gets", "NXDOMAIN", "SERVFAIL", "REFUSED")
                                .withDefault("NXDOMAIN"),
                        upstream(),
                        chaosDuration()));
    }

    private static FaultDefinition dnsSpoof() {
        return linux(
                "linux-dns-spoof",
                DNS,
                DNS_RESPONDER,
                "Answers given host names with other addresses by pointing the host's resolver at a DNS "
                        + "responder inside the agent; other names are answered by the upstream server.",
                List.of(
                        list(
                                        "SpoofMap",
                                        InputType.STRING,
                                        "name=address pairs, comma-separated, such as shop.example.com=10.0.0.9")
                                .asRequired()
                                .withPattern(HOST_NAME + "=[0-9a-fA-F.:]+"),
                        matchScheme(),
                        upstream(),
                        chaosDuration()));
    }

    private static InputDefinition matchScheme() {
        return oneOf(
                        "MatchScheme",
                        "exact: the whole name must be equal; substring: the name must contain it",
                        "exact",
                        "substring")
                .withDefault("exact");
    }

    private static InputDefinition upstream() {
        return string(
                        "Upstream",
                        "DNS server for the other names, an IP with an optional port (10.0.0.2:53, [fd00::2]:53); "
                                + "the first nameserver of /etc/resolv.conf when not given")
                .withPattern("[0-9.]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?|[0-9a-fA-F:]+");
    }

    private static FaultDefinition processStop() {
        return linux(
                "linux-process-stop",
                PROCESS,
                Permissions.rootWith("CAP_KILL").withCommands("kill"),
                "Freezes processes chosen by name, id or command line with SIGSTOP for the "
                        + "duration, then resumes them with SIGCONT.",
                List.of(
                        string("ProcessName", "Process name as in /proc/<pid>/comm (15 characters at most)")
                                .withPattern("[^/\\s]{1,15}"),
                        integer("PID", "Process id; 1 and the agent itself are refused")
                                .withRange("2", null),
                        string(
                                        "CommandPattern",
                                        "A regular expression found in the process's command line "
                                                + "(arguments joined by spaces)")
                                .withPattern(".{1,256}"),
                        chaosDuration()),
                InputRule.exactlyOne("ProcessName", "PID", "CommandPattern"));
    }

    private static FaultDefinition serviceRestart() {
        return linux(
                "linux-service-restart",
                PROCESS,
                Permissions.rootWith().withCommands("systemctl"),
                "Stops systemd services (or kills them, for services systemd restarts by "
                        + "itself) and starts again, at revert, those it stopped that are not running.",
                List.of(
                        list("Services", InputType.STRING, "systemd units, comma-separated, such as nginx.service")
                                .asRequired()
                                .withPattern(UNIT_NAME),
                        oneOf("Sequence", "Stop the services all at once or one after the other", "parallel", "serial")
                                .withDefault("parallel"),
                        oneOf(
                                        "SelfHealingServices",
                                        "true: kill the services' processes and let systemd restart them "
                                                + "(Restart=); false: stop them for the duration",
                                        "true",
                                        "false")
                                .withDefault("false"),
                        duration("Interval", "Between two services when serial")
                                .withDefault("1s")
                                .withRange("1s", "1h"),
                        chaosDuration()));
    }

    /**
     * An API fault: traffic to TargetPort redirected (nftables) to a proxy in the agent, which disturbs the requests
     * whose path starts with PathFilter.
     */
    private static FaultDefinition api(String name, String description, List<InputDefinition> specific) {
        List<InputDefinition> inputs = new ArrayList<>();
        inputs.add(integer("TargetPort", "TCP port of the HTTP service on this host")
                .asRequired()
                .withRange("1", "65535"));
        inputs.add(string("PathFilter", "Only requests whose path starts with this; all when not given")
                .withPattern("/[^\\s]{0,2047}"));
        inputs.addAll(specific);
        inputs.add(chaosDuration());
        return linux(
                name,
                "api",
                Permissions.rootWith("CAP_NET_ADMIN").withCommands("nft"),
                description + " Requests are redirected to a proxy inside the agent; plain HTTP over IPv4.",
                inputs);
    }

    private static FaultDefinition timeChaos() {
        return linux(
                "linux-time-chaos",
                "time",
                Permissions.rootWith().withCommands("systemctl", "faketime"),
                "Moves the clock of systemd services' processes by an offset (libfaketime, preloaded through a "
                        + "runtime drop-in and a restart); the rest of the host keeps the true time.",
                List.of(
                        list("Services", InputType.STRING, "systemd services, comma-separated, such as app.service")
                                .asRequired()
                                .withPattern("[A-Za-z0-9:_.\\\\@-]{1,250}\\.service"),
                        string("Offset", "How far the services' clock is moved: +90s, -2h, +1d")
                                .asRequired()
                                .withPattern("[+-][0-9]{1,9}[smhd]"),
                        chaosDuration()));
    }

    private static FaultDefinition systemTimeChaos() {
        return linux(
                "linux-system-time-chaos",
                "time",
                Permissions.rootWith("CAP_SYS_TIME").withCommands("date", "timedatectl"),
                "Moves the whole host's wall clock by an offset (NTP synchronisation off for the duration, so "
                        + "that it does not undo the move); revert moves it back and turns NTP on again if it was.",
                List.of(
                        string("Offset", "How far the host's clock is moved: +90s, -2h, +1d")
                                .asRequired()
                                .withPattern("[+-][0-9]{1,9}[smhd]"),
                        oneOf(
                                        "DisableNtp",
                                        "true: turn NTP synchronisation off while the clock is moved; "
                                                + "false: leave it as it is (it may move the clock back)",
                                        "true",
                                        "false")
                                .withDefault("true"),
                        chaosDuration()));
    }

    private static FaultDefinition fsFill() {
        return linux(
                "linux-fs-fill",
                STORAGE,
                Permissions.none(),
                "Uses up a filesystem's inodes with empty files in a directory of the fault's own.",
                List.of(
                        string("Path", "Directory on the filesystem to fill")
                                .asRequired()
                                .withPattern(ABSOLUTE_PATH),
                        integer("Inodes", "Files to create, capped by the free inodes")
                                .withRange("1", "100000000"),
                        percentage("Percentage", "Share of the filesystem's inodes in use when filled")
                                .withRange("1", "100"),
                        chaosDuration()),
                InputRule.exactlyOne("Inodes", "Percentage"));
    }

    private static FaultDefinition networkFault(
            String name, Permissions permissions, String description, List<InputDefinition> specific) {
        List<InputDefinition> inputs = new ArrayList<>();
        inputs.add(networkInterface());
        inputs.addAll(specific);
        inputs.add(destinationHosts());
        inputs.add(destinationPorts());
        inputs.add(chaosDuration());
        return linux(name, NETWORK, permissions, description, inputs);
    }

    private static FaultDefinition networkBlackhole() {
        return linux(
                "linux-network-blackhole",
                NETWORK,
                TC,
                "Drops every packet leaving an interface for given hosts or ports.",
                List.of(networkInterface(), destinationHosts(), destinationPorts(), chaosDuration()),
                InputRule.atLeastOne("DestinationHosts", "DestinationPorts"));
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

    private static FaultDefinition linux(
            String name,
            String category,
            Permissions permissions,
            String description,
            List<InputDefinition> inputs,
            InputRule... rules) {
        return new FaultDefinition(name, description, Platform.LINUX, category, inputs, List.of(rules), permissions);
    }
}
