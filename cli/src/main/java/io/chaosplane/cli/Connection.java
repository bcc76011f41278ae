package io.chaosplane.cli;

import java.util.Map;

/**
 * Where a command connects and with which key: {@code CHAOSPLANE_SERVER} and {@code CHAOSPLANE_API_KEY} first (a CI
 * job needs no file), else the context named by {@code --context}, else the current one of the config file.
 */
record Connection(String server, String apiKey, String organization, String project, String contextName) {

    static Connection resolve(
            ConfigFile.Config config,
            Map<String, String> env,
            String contextOption,
            String organizationOption,
            String projectOption) {
        String name = contextOption != null ? contextOption : config.currentContext();
        ConfigFile.Context context = name == null ? null : config.contexts().get(name);
        if (contextOption != null && context == null) {
            throw new CliException(
                    ExitCode.USAGE,
                    "no context '" + contextOption + "'; the contexts are "
                            + config.contexts().keySet());
        }
        String server = firstOf(env.get("CHAOSPLANE_SERVER"), context == null ? null : context.server());
        String key = firstOf(env.get("CHAOSPLANE_API_KEY"), context == null ? null : context.apiKey());
        if (server == null) {
            throw new CliException(
                    ExitCode.USAGE,
                    "no server: run 'chaosctl login --server URL --api-key KEY' or set CHAOSPLANE_SERVER");
        }
        if (key == null) {
            throw new CliException(
                    ExitCode.USAGE,
                    "no API key: run 'chaosctl login --server URL --api-key KEY' or set CHAOSPLANE_API_KEY");
        }
        String organization =
                firstOf(organizationOption, env.get("CHAOSPLANE_ORG"), context == null ? null : context.organization());
        String project =
                firstOf(projectOption, env.get("CHAOSPLANE_PROJECT"), context == null ? null : context.project());
        return new Connection(server.replaceAll("/+$", ""), key, organization, project, name);
    }

    /** Never the key: connections end up in messages. */
    @Override
    public String toString() {
        return "Connection[" + server + (contextName == null ? "" : ", context " + contextName) + "]";
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
