package io.chaosplane.agent.linux;

import io.chaosplane.agent.Agent;
import io.chaosplane.agent.AgentLauncher;
import io.chaosplane.agent.AgentPlatform;
import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.config.ConfigLoader;
import io.chaosplane.protocol.catalog.FaultCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The Linux agent's entry point: {@code java -jar chaosplane-agent-linux.jar [--config=FILE] [--key=value...]}.
 * Exit codes: 2 for a configuration error (including a refused install token: restarting will not help), 1 for any
 * other fatal error.
 */
public final class LinuxAgentMain {

    private LinuxAgentMain() {}

    public static void main(String[] args) throws InterruptedException {
        AgentLauncher launcher = AgentLauncher.of("chaosplane-agent-linux", LinuxAgentMain.class);
        if (launcher.printVersionOrAnnounce(args)) {
            return;
        }
        AgentConfig config = launcher.loadOrExit(
                new ConfigLoader(List.of(LinuxFaults.NETWORK_NAMESPACE)), List.of(args), System.getenv());
        Agent agent = Agent.overHttp(
                config,
                launcher.version(),
                hostname(config),
                LinuxFaults.all(config.setting(LinuxFaults.NETWORK_NAMESPACE)),
                Clock.systemUTC(),
                AgentPlatform.linux()
                        .withCapabilities(() -> HostCapabilities.ofThisHost().find(FaultCatalog.standard())));
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        launcher.runOrExit(agent);
    }

    /** The host's name from the kernel, without a DNS look-up that could stall the start. */
    private static String hostname(AgentConfig config) {
        return config.hostname().orElseGet(() -> {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException e) {
                return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
            }
        });
    }
}
