package io.chaosplane.agent;

import io.chaosplane.agent.config.AgentConfig;
import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.agent.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every agent's {@code main} does around its own wiring: {@code --version}, a start line, one-line log records,
 * and its exit codes: 2 for a configuration error (including a refused install token: restarting will not help), 1
 * for any other fatal error.
 */
public final class AgentLauncher {

    private static final System.Logger LOG = System.getLogger(AgentLauncher.class.getName());

    private final String product;
    private final String version;

    private AgentLauncher(String product, String version) {
        this.product = product;
        this.version = version;
    }

    /** The launcher of the agent whose jar holds {@code mainClass}; its version is the jar's. */
    public static AgentLauncher of(String product, Class<?> mainClass) {
        return new AgentLauncher(
                product,
                Optional.ofNullable(mainClass.getPackage().getImplementationVersion())
                        .orElse("dev"));
    }

    public String version() {
        return version;
    }

    /**
     * Prints the version and answers true for {@code --version}; otherwise prints the start line and answers
     * false.
     */
    public boolean printVersionOrAnnounce(String[] args) {
        if (List.of(args).contains("--version")) {
            System.out.println(version);
            return true;
        }
        // one line per record, before the first logger exists
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        System.out.println(product + " " + version + " starting, pid "
                + ProcessHandle.current().pid());
        return false;
    }

    /** The configuration, its warnings logged; a configuration error ends the process with 2. */
    public AgentConfig loadOrExit(ConfigLoader loader, List<String> args, Map<String, String> environment) {
        try {
            ConfigLoader.Loaded loaded = loader.load(args, environment);
            loaded.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, warning));
            return loaded.config();
        } catch (ConfigException e) {
            throw exit(2, "configuration error: " + e.getMessage(), null);
        }
    }

    /** Runs the agent until it stops; a configuration error ends the process with 2, any other failure with 1. */
    public void runOrExit(Agent agent) throws InterruptedException {
        try {
            agent.run();
        } catch (ConfigException e) {
            throw exit(2, "configuration error: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            throw exit(1, product + " failed: " + e.getMessage(), e);
        }
    }

    private static IllegalStateException exit(int status, String message, Throwable cause) {
        if (cause == null) {
            System.err.println(message);
        } else {
            LOG.log(System.Logger.Level.ERROR, message, cause);
        }
        System.exit(status);
        return new IllegalStateException(message);
    }
}
