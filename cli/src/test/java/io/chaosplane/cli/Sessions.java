package io.chaosplane.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A session with captured output, an environment of the test's and a config file in a temporary directory. */
final class Sessions {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Session session;

    Sessions(Path dir, Map<String, String> env) {
        this(dir, env, "");
    }

    Sessions(Path dir, Map<String, String> env, String stdin) {
        session = new Session(
                env,
                new ByteArrayInputStream(stdin.getBytes()),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Clock.systemUTC(),
                false,
                new ConfigFile(dir.resolve("config").resolve("chaosctl").resolve("config.yaml")));
    }

    int run(String... args) {
        return Chaosctl.run(session, args);
    }
}
