package io.chaosplane.cli;

import picocli.CommandLine.Option;

/** The options of every command that talks to the server. */
final class ConnectionOptions {

    @Option(names = "--context", description = "The context of the config file to use (default: the current one).")
    String context;

    @Option(
            names = "--org",
            description = "Organization identifier (default: the context's, else the API key's, else 'default').")
    String organization;

    @Option(
            names = "--project",
            description = "Project identifier (default: the context's, else the API key's, else 'default_project').")
    String project;
}
