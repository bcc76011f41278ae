package io.chaosplane.agent.linux.network;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The network faults, with {@code tc} on one interface. Only the traffic to DestinationHosts and DestinationPorts (all
 * traffic when neither is given) is touched:
 * <pre>
 *   root   H:   htb, no default class: traffic no filter picks passes straight through, unshaped
 *   class  H:1  htb at 100gbit, picked by u32 filters on destination address and port
 *   leaf        latency     netem delay L [J]
 *               corruption  netem corrupt P%
 *               duplication netem duplicate P%
 *               rate limit  tbf rate R burst B limit L (a token bucket: R on average, B at once, L queued)
 *               blackhole   pfifo limit 0 (every packet is dropped)
 *               loss        a classic-BPF filter on H:1 sends a random P% to H:2, whose pfifo limit 0 drops them
 * </pre>
 * HTB rather than prio, and BPF rather than netem for loss and blackhole, because HTB, u32, cls_bpf, tbf and fifo
 * are in every kernel built with traffic control, while prio and netem are options some kernels leave out (latency,
 * corruption and duplication cannot be had without netem; their injection then fails with an error naming the
 * module). The root qdisc is only added where the interface has the kernel's default one: a root qdisc someone configured is never replaced. Revert
 * deletes the root qdisc by its handle, which removes the classes and filters under it.
 */
public final class TrafficFault implements Fault<TrafficState> {

    /** The network faults of the catalogue. */
    public enum Kind {
        LATENCY("linux-network-latency"),
        LOSS("linux-network-loss"),
        CORRUPTION("linux-network-corruption"),
        DUPLICATION("linux-network-duplication"),
        RATE_LIMIT("linux-network-rate-limit"),
        BLACKHOLE("linux-network-blackhole");

        private final String faultName;

        Kind(String faultName) {
            this.faultName = faultName;
        }
    }

    private static final String CLASS_RATE = "100gbit";
    /** The largest quantum HTB takes; it keeps HTB from warning about the high rate. */
    private static final String QUANTUM = "200000";

    private final Kind kind;
    private final TrafficControl tc;
    private final SecureRandom random = new SecureRandom();

    public TrafficFault(Kind kind, TrafficControl tc) {
        this.kind = kind;
        this.tc = tc;
    }

    /** The network faults, sharing one {@code tc}. */
    public static List<TrafficFault> all(TrafficControl tc) {
        return Arrays.stream(Kind.values())
                .map(kind -> new TrafficFault(kind, tc))
                .toList();
    }

    @Override
    public String name() {
        return kind.faultName;
    }

    @Override
    public Class<TrafficState> stateType() {
        return TrafficState.class;
    }

    @Override
    public TrafficState plan(FaultInputs inputs, FaultContext context) throws Exception {
        String device = inputs.optionalString("Interface").orElse(null);
        if (device == null) {
            device = tc.defaultRouteDevice();
        }
        // a handle of our own, below 0x8000 so that handle + 1 is one too
        return new TrafficState(tc.namespace().orElse(null), device, 0x1000 + random.nextInt(0x7000));
    }

    @Override
    public TrafficState inject(FaultInputs inputs, TrafficState planned, FaultContext context) throws Exception {
        List<Destinations.Match> matches = Destinations.matches(
                inputs.list("DestinationHosts", String.class), inputs.list("DestinationPorts", Long.class));
        String device = planned.device();
        String root = handle(planned.handle(), 0);
        context.log().info("[Chaos]: Injecting " + kind.faultName + " with tc", describe(inputs, planned));
        try {
            tc.tc("qdisc", "add", "dev", device, "root", "handle", root, "htb");
        } catch (IOException e) {
            throw new IOException(
                    "cannot add a root qdisc to " + device + " (an interface with a root qdisc of its "
                            + "own is left alone): " + e.getMessage(),
                    e);
        }
        String faultClass = handle(planned.handle(), 1);
        tc.tc(
                "class",
                "add",
                "dev",
                device,
                "parent",
                root,
                "classid",
                faultClass,
                "htb",
                "rate",
                CLASS_RATE,
                "quantum",
                QUANTUM);
        String leaf = handle(planned.handle() + 1, 0);
        switch (kind) {
            case LATENCY -> netem(device, faultClass, leaf, latency(inputs));
            case CORRUPTION ->
                netem(device, faultClass, leaf, List.of("corrupt", percent(inputs.percentage("CorruptionPercentage"))));
            case DUPLICATION ->
                netem(
                        device,
                        faultClass,
                        leaf,
                        List.of("duplicate", percent(inputs.percentage("DuplicationPercentage"))));
            case RATE_LIMIT ->
                tc.tc(
                        "qdisc",
                        "add",
                        "dev",
                        device,
                        "parent",
                        faultClass,
                        "handle",
                        leaf,
                        "tbf",
                        "rate",
                        inputs.integer("Rate") + "kbit",
                        "burst",
                        Long.toString(inputs.size("Burst").bytes()),
                        "limit",
                        Long.toString(inputs.size("Limit").bytes()));
            case BLACKHOLE ->
                tc.tc("qdisc", "add", "dev", device, "parent", faultClass, "handle", leaf, "pfifo", "limit", "0");
            case LOSS -> {
                String dropClass = handle(planned.handle(), 2);
                tc.tc(
                        "class",
                        "add",
                        "dev",
                        device,
                        "parent",
                        faultClass,
                        "classid",
                        dropClass,
                        "htb",
                        "rate",
                        CLASS_RATE,
                        "quantum",
                        QUANTUM);
                tc.tc("qdisc", "add", "dev", device, "parent", dropClass, "handle", leaf, "pfifo", "limit", "0");
                tc.tc(
                        "filter",
                        "add",
                        "dev",
                        device,
                        "parent",
                        faultClass,
                        "protocol",
                        "all",
                        "prio",
                        "1",
                        "bpf",
                        "bytecode",
                        RandomDrop.bytecode(inputs.percentage("LossPercentage")),
                        "classid",
                        dropClass);
            }
        }
        for (Destinations.Match match : matches) {
            List<String> filter = new ArrayList<>(List.of(
                    "filter",
                    "add",
                    "dev",
                    device,
                    "parent",
                    root,
                    "protocol",
                    match.protocol(),
                    "prio",
                    Integer.toString(match.priority()),
                    "u32"));
            filter.addAll(match.words());
            filter.addAll(List.of("flowid", faultClass));
            tc.tc(filter.toArray(String[]::new));
        }
        return planned;
    }

    @Override
    public void revert(TrafficState state, FaultContext context) throws Exception {
        String root = handle(state.handle(), 0);
        String qdiscs;
        try {
            qdiscs = tc.tc("qdisc", "show", "dev", state.device());
        } catch (IOException e) {
            if (e.getMessage().contains("Cannot find device")) {
                context.log().warn("[Chaos]: " + state.device() + " is gone; nothing to revert on it");
                return;
            }
            throw e;
        }
        if (!qdiscs.lines().anyMatch(line -> line.startsWith("qdisc htb " + root + " root"))) {
            return;
        }
        tc.tc("qdisc", "del", "dev", state.device(), "root", "handle", root);
        context.log().info("[Chaos]: Removed the root qdisc " + root + " from " + state.device());
    }

    private void netem(String device, String parent, String handle, List<String> options)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("qdisc", "add", "dev", device, "parent", parent, "handle", handle, "netem"));
        command.addAll(options);
        try {
            tc.tc(command.toArray(String[]::new));
        } catch (IOException e) {
            if (e.getMessage().contains("qdisc kind is unknown")) {
                throw new IOException(
                        "this kernel has no netem qdisc (sch_netem), which " + kind.faultName + " needs", e);
            }
            throw e;
        }
    }

    private static List<String> latency(FaultInputs inputs) {
        long jitter = inputs.integer("Jitter");
        List<String> options = new ArrayList<>(List.of("delay", inputs.integer("Latency") + "ms"));
        if (jitter > 0) {
            options.add(jitter + "ms");
        }
        return options;
    }

    private static String percent(double percent) {
        return BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + "%";
    }

    private static String handle(int major, int minor) {
        return Integer.toHexString(major) + ":" + (minor == 0 ? "" : Integer.toHexString(minor));
    }

    private Map<String, String> describe(FaultInputs inputs, TrafficState planned) {
        Map<String, String> args = new TreeMap<>(inputs.asText());
        args.put("Interface", planned.device());
        Optional.ofNullable(planned.namespace()).ifPresent(ns -> args.put("Namespace", ns));
        args.put("Handle", handle(planned.handle(), 0));
        return args;
    }
}
