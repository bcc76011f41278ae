package io.chaosplane.protocol.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What an agent found it can do when it confirmed: whether it runs as root, which of the kernel modules and commands
 * the catalogue's faults need it found, and (for a Kubernetes runner) the verbs its service account holds. A member
 * left out (null) was not reported and is not held against a fault: an older agent, or a runner that cannot tell, is
 * given the benefit of the doubt and its fault fails at the agent with the reason instead.
 *
 * @param root whether the agent runs as root (effective user id 0)
 * @param kernelModules the modules the catalogue names that are loaded, built in, or loadable by the agent
 * @param commands the commands the catalogue names that the agent found on its PATH ({@code systemctl} only where
 *     systemd runs the host)
 * @param kubernetes verbs on resources ({@code "delete pods"}) the runner's service account may use
 */
public record AgentCapabilities(
        Boolean root, List<String> kernelModules, List<String> commands, List<String> kubernetes) {

    public AgentCapabilities {
        kernelModules = copy(kernelModules);
        commands = copy(commands);
        kubernetes = copy(kubernetes);
    }

    /** Unmodifiable; a null entry is kept for the receiver's validation to name rather than failing the read. */
    private static List<String> copy(List<String> names) {
        return names == null ? null : Collections.unmodifiableList(new ArrayList<>(names));
    }

    /** Why a fault with these needs cannot run here, one reason per need that is missing; empty when it can. */
    public List<String> shortfalls(Permissions needs) {
        List<String> reasons = new ArrayList<>();
        if (needs.root() && Boolean.FALSE.equals(root)) {
            reasons.add("the agent does not run as root");
        }
        if (kernelModules != null) {
            needs.kernelModules().stream()
                    .filter(module -> !kernelModules.contains(module))
                    .forEach(module -> reasons.add("kernel module " + module + " is missing"));
        }
        if (commands != null) {
            needs.commands().stream()
                    .filter(command -> !commands.contains(command))
                    .forEach(command -> reasons.add("command " + command + " is missing"));
        }
        if (kubernetes != null) {
            needs.kubernetes().stream()
                    .filter(verb -> !kubernetes.contains(verb))
                    .forEach(verb -> reasons.add("the service account may not " + verb));
        }
        return List.copyOf(reasons);
    }

    /** The reasons a fault cannot run here, joined for a person to read; empty when it can. */
    public Optional<String> refusal(FaultDefinition fault) {
        List<String> reasons = shortfalls(fault.permissions());
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }
}
