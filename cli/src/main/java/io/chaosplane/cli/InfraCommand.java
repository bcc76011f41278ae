package io.chaosplane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description = "Chaos infrastructures: Linux hosts and Kubernetes clusters.",
        subcommands = InfraCommand.Create.class,
        footer = {"%nExample:", "  chaosctl infra create linux web-01"})
final class InfraCommand {

    enum Kind {
        linux,
        kubernetes
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an infrastructure (admin) and print what installs its agent: the command to run on"
                    + " a Linux host, or the manifest URL for kubectl apply. Its one-time token is shown only here.",
            footer = {
                "%nExamples:",
                "  chaosctl infra create linux web-01",
                "  chaosctl infra create kubernetes prod-cluster --environment production"
            })
    static final class Create implements Callable<Integer> {

        private final Session session;

        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "KIND", description = "linux or kubernetes")
        Kind kind;

        @Parameters(index = "1", paramLabel = "NAME", description = "Its name.")
        String name;

        @Option(
                names = "--identifier",
                description = "Its identifier (default: the name with '-' as '_'), as experiments name it.")
        String identifier;

        @Option(names = "--environment", description = "The environment it belongs to.")
        String environment;

        Create(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            var body = ApiClient.JSON
                    .createObjectNode()
                    .put("identifier", identifier != null ? identifier : name.replace('-', '_'))
                    .put("name", name)
                    .put("type", kind == Kind.linux ? "Linux" : "Kubernetes");
            if (environment != null) {
                body.put("environmentIdentifier", environment);
            }
            JsonNode created = session.api(connection)
                    .send(
                            "POST",
                            "/api/v1/infrastructures",
                            java.util.Map.of(),
                            ApiClient.JSON.writeValueAsString(body),
                            "application/json")
                    .json();
            JsonNode infrastructure = created.path("infrastructure");
            session.out()
                    .println("infrastructure " + ApiClient.text(infrastructure, "identifier", "") + " created, id "
                            + ApiClient.text(infrastructure, "id", ""));
            if (kind == Kind.linux) {
                session.out().println("Run on the host (Java 21+), once:");
                session.out().println("  " + ApiClient.text(created, "installCommand", ""));
            } else {
                session.out().println("Install the chaos runner in the cluster (the URL works until it connects):");
                session.out().println("  kubectl apply -f '" + ApiClient.text(created, "manifestUrl", "") + "'");
            }
            session.out().flush();
            return ExitCode.PASSED;
        }
    }
}
