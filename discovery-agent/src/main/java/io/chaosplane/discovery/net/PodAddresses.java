package io.chaosplane.discovery.net;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pod or Service an address belongs to, for the node collector. A pod on the host network has the node's
 * address, shared by everything there, so it names nothing (as in seed 001's log, where such sources are skipped).
 */
public final class PodAddresses {

    private final Map<String, String> podsOnNode = new HashMap<>();
    private final Map<String, String> pods = new HashMap<>();
    private final Map<String, String> services = new HashMap<>();

    public PodAddresses(String nodeName, List<Pod> allPods, List<Service> allServices) {
        for (Pod pod : allPods) {
            if (pod.getSpec() == null
                    || Boolean.TRUE.equals(pod.getSpec().getHostNetwork())
                    || pod.getStatus() == null) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            for (String ip : podIps(pod)) {
                pods.put(ip, uid);
                if (nodeName.equals(pod.getSpec().getNodeName())) {
                    podsOnNode.put(ip, uid);
                }
            }
        }
        for (Service service : allServices) {
            if (service.getSpec() == null) {
                continue;
            }
            List<String> ips = new ArrayList<>();
            if (service.getSpec().getClusterIPs() != null) {
                ips.addAll(service.getSpec().getClusterIPs());
            }
            if (service.getSpec().getClusterIP() != null) {
                ips.add(service.getSpec().getClusterIP());
            }
            ips.stream()
                    .flatMap(ip -> Addresses.normalize(ip).stream())
                    .forEach(ip -> services.put(ip, service.getMetadata().getUid()));
        }
    }

    private static List<String> podIps(Pod pod) {
        List<String> ips = new ArrayList<>();
        if (pod.getStatus().getPodIPs() != null) {
            pod.getStatus().getPodIPs().stream().map(PodIP::getIp).forEach(ips::add);
        }
        if (pod.getStatus().getPodIP() != null) {
            ips.add(pod.getStatus().getPodIP());
        }
        return ips.stream().flatMap(ip -> Addresses.normalize(ip).stream()).toList();
    }

    /** The pod on this node with this address. */
    public Optional<String> sourcePod(String ip) {
        return Optional.ofNullable(podsOnNode.get(ip));
    }

    public Optional<String> service(String ip) {
        return Optional.ofNullable(services.get(ip));
    }

    public Optional<String> pod(String ip) {
        return Optional.ofNullable(pods.get(ip));
    }
}
