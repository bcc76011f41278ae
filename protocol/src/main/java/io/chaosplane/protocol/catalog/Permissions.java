package io.chaosplane.protocol.catalog;

import java.util.List;

/**
 * What a fault needs of the infrastructure that runs it, so that a UI can tell before a run whether it can: root, Linux
 * capabilities, kernel modules and commands on the host, or Kubernetes verbs ({@code "delete pods"}) of the runner's
 * service account.
 */
public record Permissions(
        boolean root,
        List<String> capabilities,
        List<String> kernelModules,
        List<String> commands,
        List<String> kubernetes) {

    public Permissions {
        capabilities = List.copyOf(capabilities);
        kernelModules = List.copyOf(kernelModules);
        commands = List.copyOf(commands);
        kubernetes = List.copyOf(kubernetes);
    }

    /** Nothing beyond what every agent has. */
    public static Permissions none() {
        return new Permissions(false, List.of(), List.of(), List.of(), List.of());
    }

    /** Root with these capabilities, on a Linux host. */
    public static Permissions rootWith(String... capabilities) {
        return new Permissions(true, List.of(capabilities), List.of(), List.of(), List.of());
    }

    /** The runner's service account may do these ({@code "delete pods"}). */
    public static Permissions kubernetes(String... verbsOnResources) {
        return new Permissions(false, List.of(), List.of(), List.of(), List.of(verbsOnResources));
    }

    public Permissions withCommands(String... names) {
        return new Permissions(root, capabilities, kernelModules, List.of(names), kubernetes);
    }

    public Permissions withKernelModules(String... names) {
        return new Permissions(root, capabilities, List.of(names), commands, kubernetes);
    }
}
