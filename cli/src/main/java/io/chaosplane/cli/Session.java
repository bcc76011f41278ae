package io.chaosplane.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What every command works with: the environment, the streams, the clock, whether standard output is a terminal, and
 * the config file. Tests make one of their own; {@link Chaosctl#main} makes the real one.
 */
record Session(
        Map<String, String> env,
        InputStream in,
        PrintWriter out,
        PrintWriter err,
        Clock clock,
        boolean terminal,
        ConfigFile configFile) {

    /** The connection of the options given, the environment and the config file. */
    Connection connection(ConnectionOptions options) {
        return Connection.resolve(configFile.read(), env, options.context, options.organization, options.project);
    }

    ApiClient api(ConnectionOptions options) {
        return ApiClient.of(connection(options));
    }

    /** The progress display fitting standard output: redrawn lines on a terminal, plain lines elsewhere. */
    Progress progress(PrintWriter to) {
        return terminal && to == out ? TerminalProgress.open(clock) : new Progress.Plain(to, clock);
    }
}
