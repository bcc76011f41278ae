package io.chaosplane.agent.linux.api;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API faults: HTTP traffic to TargetPort on this host is redirected, by an nftables table of the fault's own, to an
 * {@link ApiProxy} inside the agent that forwards it to the port and disturbs the exchanges whose path starts with
 * PathFilter. Both incoming traffic (prerouting) and this host's own clients (output, to local addresses only) are
 * redirected; the proxy's connections to the target are exempt by their source address. Revert deletes the table,
 * which removes the redirect whole, then stops the proxy; after a restart the journal's table name is enough. IPv4 and
 * plain HTTP only; the target must accept connections on 127.0.0.1.
 */
public final class ApiFault implements Fault<ApiFault.State> {

    /** The five API faults of the catalogue. */
    public enum Kind {
        BLOCK("linux-api-block"),
        LATENCY("linux-api-latency"),
        STATUS_CODE("linux-api-status-code"),
        MODIFY_BODY("linux-api-modify-body"),
        MODIFY_HEADER("linux-api-modify-header");

        private final String faultName;

        Kind(String faultName) {
            this.faultName = faultName;
        }
    }

    /** The nftables table (family ip) holding the fault's redirect. */
    public record State(String table) {}

    private static final Duration NFT_TIME_LIMIT = Duration.ofSeconds(10);

    private final Kind kind;
    private final String nft;
    /** Proxies of faults in force, by fault id; none while no API fault runs. */
    private final Map<String, ApiProxy> proxies = new ConcurrentHashMap<>();

    /** @param nft the {@code nft} command to run */
    public ApiFault(Kind kind, String nft) {
        this.kind = kind;
        this.nft = nft;
    }

    public static List<ApiFault> all(String nft) {
        return Arrays.stream(Kind.values()).map(kind -> new ApiFault(kind, nft)).toList();
    }

    @Override
    public String name() {
        return kind.faultName;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) {
        return new State("chaosplane_api_" + context.faultId());
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        int targetPort = (int) inputs.integer("TargetPort");
        ApiProxy proxy = new ApiProxy(targetPort, disturbance(inputs));
        proxies.put(context.faultId(), proxy);
        Map<String, String> args = new TreeMap<>(inputs.asText());
        args.put("ProxyPort", Integer.toString(proxy.port()));
        args.put("Table", "ip " + planned.table());
        context.log().info("[Chaos]: Started the API proxy", args);
        String rule = "tcp dport " + targetPort + " redirect to :" + proxy.port();
        String ruleset = "table ip " + planned.table() + " {\n"
                + "  chain prerouting {\n    type nat hook prerouting priority -100; policy accept;\n    " + rule
                + "\n  }\n"
                + "  chain output {\n    type nat hook output priority -100; policy accept;\n"
                + "    fib daddr type local ip saddr != " + ApiProxy.UPSTREAM_SOURCE + " " + rule + "\n  }\n"
                + "}\n";
        Path file = Files.createTempFile("chaosplane-api-", ".nft");
        try {
            Files.writeString(file, ruleset);
            nft("-f", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
        context.log().info("[Chaos]: Redirected TCP port " + targetPort + " to the proxy");
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        if (tableExists(state.table())) {
            nft("delete", "table", "ip", state.table());
            context.log().info("[Chaos]: Removed the redirect (nftables table ip " + state.table() + ")");
        }
        ApiProxy proxy = proxies.remove(context.faultId());
        if (proxy != null) {
            proxy.close();
            context.log().info("[Chaos]: Stopped the API proxy");
        }
    }

    private ApiProxy.Disturbance disturbance(FaultInputs inputs) {
        return new ApiProxy.Disturbance(
                kind,
                inputs.optionalString("PathFilter"),
                kind == Kind.LATENCY ? Duration.ofMillis(inputs.integer("Latency")) : Duration.ZERO,
                kind == Kind.STATUS_CODE ? (int) inputs.integer("StatusCode") : 0,
                kind == Kind.MODIFY_BODY ? inputs.string("ResponseBody") : null,
                kind == Kind.MODIFY_HEADER ? inputs.string("HeaderName") : null,
                kind == Kind.MODIFY_HEADER ? inputs.string("HeaderValue") : null);
    }

    private boolean tableExists(String table) throws IOException, InterruptedException {
        ProcessRunner.Result result = ProcessRunner.run(List.of(nft, "list", "tables", "ip"), NFT_TIME_LIMIT);
        if (!result.succeeded()) {
            throw new IOException(nft + " list tables failed: " + (result.stderr() + result.stdout()).strip());
        }
        return result.stdout().lines().anyMatch(line -> line.strip().equals("table ip " + table));
    }

    private void nft(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(nft));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.run(command, NFT_TIME_LIMIT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: "
                    + (result.timedOut()
                            ? "no answer within " + NFT_TIME_LIMIT.toSeconds() + "s"
                            : (result.stderr() + result.stdout()).strip()));
        }
    }
}
