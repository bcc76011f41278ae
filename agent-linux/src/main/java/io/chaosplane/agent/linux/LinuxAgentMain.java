package io.chaosplane.agent.linux;

import io.chaosplane.agent.Agent;
import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.agent.config.ConfigLoader;
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

    private static final System.Logger LOG = System.getLogger(LinuxAgentMain.class.getName());

    private LinuxAgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String version = Optional.ofNullable(LinuxAgentMain.class.getPackage().getImplementationVersion())
                .orElse("dev");
        if (List.of(args).contains("--version")) {
            System.out.println(version);
            return;
        }
        // one line per record, before the first logger exists
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        System.out.println("chaosplane-agent-linux " + version + " starting, pid " + ProcessHandle.current().pid());
        AgentConfig config;
        try {
            ConfigLoader.Loaded loaded = new ConfigLoader(List.of(LinuxFaults.NETWORK_NAMESPACE))
                    .load(List.of(args), System.getenv());
            loaded.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, warning));
            config = loaded.config();
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = Agent.overHttp(config, version, hostname(config),
                LinuxFaults.all(config.setting(LinuxFaults.NETWORK_NAMESPACE)), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        try {
            agent.run();
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the agent failed: " + e.getMessage(), e);
            System.exit(1);
        }
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
