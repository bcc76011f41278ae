package io.chaosplane.agent.linux.network;

import io.chaosplane.agent.process.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tc} and {@code ip} from iproute2, optionally inside a named network namespace (config key
 * {@code network.namespace}: the agent runs in the host's namespace but the traffic to disturb is in another, such as
 * a container's).
 */
public final class TrafficControl {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(10);
    private static final Pattern DEFAULT_ROUTE_DEVICE = Pattern.compile("\\bdev (\\S+)");

    private final Optional<String> namespace;

    public TrafficControl(Optional<String> namespace) {
        this.namespace = namespace;
    }

    public Optional<String> namespace() {
        return namespace;
    }

    /** Runs {@code tc ARGS}; a refusal is an {@link IOException} carrying tc's own words. */
    public String tc(String... args) throws IOException, InterruptedException {
        return run("tc", args);
    }

    /** The device of the default route, IPv4 first. */
    public String defaultRouteDevice() throws IOException, InterruptedException {
        for (String family : List.of("-4", "-6")) {
            Matcher device = DEFAULT_ROUTE_DEVICE.matcher(run("ip", family, "route", "show", "default"));
            if (device.find()) {
                return device.group(1);
            }
        }
        throw new IOException("there is no default route to take the interface from; give Interface");
    }

    private String run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool));
        namespace.ifPresent(ns -> command.addAll(List.of("-n", ns)));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.run(command, TIME_LIMIT);
        if (!result.succeeded()) {
            String why = (result.stderr() + result.stdout()).strip();
            throw new IOException(String.join(" ", command) + " failed: "
                    + (result.timedOut() ? "no answer within " + TIME_LIMIT.toSeconds() + "s" : why));
        }
        return result.stdout();
    }
}
