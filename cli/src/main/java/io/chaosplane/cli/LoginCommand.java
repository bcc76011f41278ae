package io.chaosplane.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Check an API key against a server and save both as a context of the config file"
                + " ($XDG_CONFIG_HOME/chaosctl/config.yaml, readable by you only), made the current one.",
        footer = {"%nExample:", "  chaosctl login --server http://localhost:8080 --api-key cp_live_... --context local"
        })
final class LoginCommand implements Callable<Integer> {

    private final Session session;

    @Option(names = "--server", required = true, description = "The control plane's URL.")
    String server;

    @Option(
            names = "--api-key",
            description = "The API key (default: CHAOSPLANE_API_KEY, so that it stays out of the shell's history).")
    String apiKey;

    @Option(
            names = "--context",
            defaultValue = "default",
            description = "The context's name (default: ${DEFAULT-VALUE}).")
    String context;

    @Option(names = "--org", description = "The organization the context works in.")
    String organization;

    @Option(names = "--project", description = "The project the context works in.")
    String project;

    LoginCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String key = apiKey != null ? apiKey : session.env().get("CHAOSPLANE_API_KEY");
        if (key == null || key.isBlank()) {
            throw new CliException(ExitCode.USAGE, "give --api-key or set CHAOSPLANE_API_KEY");
        }
        String url = server.replaceAll("/+$", "");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new CliException(ExitCode.USAGE, "--server must be an http:// or https:// URL");
        }
        Connection connection = new Connection(url, key, organization, project, context);
        JsonNode me = ApiClient.of(connection).get("/api/v1/me", Map.of());
        ConfigFile file = session.configFile();
        file.write(file.read().with(context, new ConfigFile.Context(url, key, organization, project), true));
        String who = ApiClient.text(me, "email", ApiClient.text(me, "actor", ApiClient.text(me, "name", "this key")));
        session.out()
                .println("Logged in to " + url + " as " + who + "; context '" + context + "' saved in " + file.path()
                        + " and in use.");
        return ExitCode.PASSED;
    }
}
