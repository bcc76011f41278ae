package io.chaosplane.agent.k8s.fault;

import io.chaosplane.protocol.catalog.FaultInputs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pod-network-partition}: iptables chains of the fault's own in the target pod's network namespace, jumped to
 * from INPUT (ingress) and OUTPUT (egress), drop its traffic but loopback's, to and from DESTINATION_IPS and the
 * addresses of DESTINATION_HOSTS only when given. Undo removes the jumps and the chains, and nothing else.
 */
final class PartitionHelper implements HelperRecipe {

    static final String SCRIPT = FIND_PID + """
            ipt() { nsenter -t "$pid" -n iptables -w "$@"; }
            undo() {
              for hook in INPUT OUTPUT; do
                ipt -D "$hook" -j "$CHAIN-$hook" 2>/dev/null || true
                ipt -F "$CHAIN-$hook" 2>/dev/null || true
                ipt -X "$CHAIN-$hook" 2>/dev/null || true
              done
            }
            trap 'undo; exit 0' TERM INT
            trap undo EXIT
            block() {
              ipt -N "$CHAIN-$1"
              ipt -A "$CHAIN-$1" "$2" lo -j RETURN
              if [ -z "$DESTINATION_IPS" ]; then
                ipt -A "$CHAIN-$1" -j DROP
              else
                for ip in $DESTINATION_IPS; do ipt -A "$CHAIN-$1" "$3" "$ip" -j DROP; done
              fi
              ipt -I "$1" -j "$CHAIN-$1"
            }
            if [ "$POLICY_TYPES" != egress ]; then block INPUT -i -s; fi
            if [ "$POLICY_TYPES" != ingress ]; then block OUTPUT -o -d; fi
            """ + HOLD;

    @Override
    public String script() {
        return SCRIPT;
    }

    @Override
    public String name() {
        return "chaosplane-partition-helper";
    }

    @Override
    public void check(FaultInputs inputs) throws Exception {
        ipv4Destinations(inputs);
    }

    @Override
    public Map<String, String> environment(Target target, FaultInputs inputs, Duration duration) throws Exception {
        List<String> destinations = ipv4Destinations(inputs);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RUNTIME", inputs.string("CONTAINER_RUNTIME"));
        environment.put("SOCKET_PATH", HelperPods.socketPath(inputs));
        environment.put("CONTAINER_ID", target.containerId());
        environment.put("CHAIN", chain(target.faultId()));
        environment.put("POLICY_TYPES", inputs.string("POLICY_TYPES"));
        environment.put("DESTINATION_IPS", String.join(" ", destinations));
        environment.put("DURATION_SECONDS", Long.toString(duration.toSeconds()));
        return environment;
    }

    private static List<String> ipv4Destinations(FaultInputs inputs) throws Exception {
        List<String> destinations = Destinations.of(inputs);
        for (String destination : destinations) {
            if (destination.contains(":")) {
                throw new HelperPods.HelperException(
                        "pod-network-partition blocks IPv4 destinations only; " + destination + " is not one");
            }
        }
        return destinations;
    }

    /**
     * The fault's chains are {@code CHAIN-INPUT} and {@code CHAIN-OUTPUT}: named after the fault, so that two
     * partitions of one pod each remove their own, and short enough for iptables (28 characters).
     */
    static String chain(String faultId) {
        String id = faultId.replaceAll("[^A-Za-z0-9]", "");
        return "CP" + id.substring(0, Math.min(12, id.length()));
    }
}
