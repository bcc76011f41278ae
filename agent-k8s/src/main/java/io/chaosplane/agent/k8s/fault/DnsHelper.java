package io.chaosplane.agent.k8s.fault;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * {@code pod-dns-error} and {@code pod-dns-spoof}: LitmusChaos' DNS interceptor ({@code dns_interceptor}, in the
 * helper image) runs in the target pod's network namespace on {@link #PORT}, and an iptables rule there redirects the
 * pod's outgoing DNS queries (UDP port 53) to it. The interceptor answers the target names with an error, or with the
 * records of the names SPOOF_MAP maps them to, and forwards the rest upstream. Its own queries upstream leave
 * unredirected: it runs with group {@link #GROUP}, which the rule exempts. Undo removes the rule and stops it.
 */
final class DnsHelper implements HelperRecipe {

    /** Where the interceptor listens inside the pod. */
    static final int PORT = 53053;
    /** The interceptor's group, exempt from the redirect; a group the pod's own processes are unlikely to have. */
    static final int GROUP = 53053;

    static final String SCRIPT = FIND_PID + """
            rule() {
              nsenter -t "$pid" -n iptables -w -t nat "$1" OUTPUT -p udp --dport 53 \\
                -m owner ! --gid-owner "$INTERCEPTOR_GROUP" -j REDIRECT --to-ports "$PORT"
            }
            interceptor=
            undo() {
              rule -D 2>/dev/null || true
              if [ -n "$interceptor" ]; then kill "$interceptor" 2>/dev/null || true; fi
            }
            trap 'undo; exit 0' TERM INT
            trap undo EXIT
            nsenter -t "$pid" -n -G "$INTERCEPTOR_GROUP" dns_interceptor & interceptor=$!
            sleep 1
            kill -0 "$interceptor"
            rule -I
            """ + HOLD;

    private final String chaosType;

    /** @param fault {@code pod-dns-error} or {@code pod-dns-spoof} */
    DnsHelper(String fault) {
        this.chaosType = fault.equals("pod-dns-spoof") ? "spoof" : "error";
    }

    @Override
    public String script() {
        return SCRIPT;
    }

    @Override
    public String name() {
        return "chaosplane-dns-helper";
    }

    @Override
    public void check(FaultInputs inputs) throws HelperPods.HelperException {
        if (chaosType.equals("spoof")) {
            spoofMap(inputs);
        }
    }

    /** The interceptor's settings as it reads them (JSON for the names), built from parsed values, never pasted. */
    @Override
    public Map<String, String> environment(Target target, FaultInputs inputs, Duration duration) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RUNTIME", inputs.string("CONTAINER_RUNTIME"));
        environment.put("SOCKET_PATH", HelperPods.socketPath(inputs));
        environment.put("CONTAINER_ID", target.containerId());
        environment.put("PORT", Integer.toString(PORT));
        environment.put("INTERCEPTOR_GROUP", Integer.toString(GROUP));
        environment.put("CHAOS_TYPE", chaosType);
        environment.put("CHAOS_DURATION", Long.toString(duration.toSeconds()));
        if (chaosType.equals("spoof")) {
            environment.put("SPOOF_MAP", ProtocolJson.mapper().writeValueAsString(spoofMap(inputs)));
        } else {
            List<String> names = targetHostnames(inputs);
            if (!names.isEmpty()) {
                environment.put("TARGET_HOSTNAMES", ProtocolJson.mapper().writeValueAsString(names));
            }
            environment.put("MATCH_SCHEME", inputs.string("MATCH_SCHEME"));
        }
        inputs.optionalString("UPSTREAM_SERVER").ifPresent(server -> environment.put("UPSTREAM_SERVER", server));
        environment.put("DURATION_SECONDS", Long.toString(duration.toSeconds()));
        return environment;
    }

    /** TARGET_HOSTNAMES as names: {@code a.com,b.com}, or LitmusChaos' {@code ["a.com","b.com"]} split at its commas. */
    static List<String> targetHostnames(FaultInputs inputs) {
        return inputs.list("TARGET_HOSTNAMES", String.class).stream()
                .map(name -> name.replaceAll("[\\[\\]\"]", "").strip())
                .filter(name -> !name.isEmpty())
                .toList();
    }

    static Map<String, String> spoofMap(FaultInputs inputs) throws HelperPods.HelperException {
        Map<String, String> map;
        try {
            map = ProtocolJson.mapper()
                    .readValue(inputs.string("SPOOF_MAP"), new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (RuntimeException e) {
            throw new HelperPods.HelperException("SPOOF_MAP is not a JSON object of host names: " + e.getMessage());
        }
        if (map == null || map.isEmpty()) {
            throw new HelperPods.HelperException("SPOOF_MAP names no host");
        }
        return map;
    }
}
