package io.chaosplane.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "List experiments, workflows, runs (of an experiment), infrastructures, policies or events,"
                + " filtered as the API filters them.",
        footer = {
            "%nExamples:",
            "  chaosctl get experiments --namespace demo --phase Completed",
            "  chaosctl get runs --experiment demo/demo-cpu-hog -o json",
            "  chaosctl get events --type Warning -o yaml"
        })
final class GetCommand implements Callable<Integer> {

    /** What {@code get} lists: its path and its table's columns. */
    enum Resource {
        experiments(
                "/api/v1/experiments",
                List.of(
                        new Output.Column("NAMESPACE", "/namespace"),
                        new Output.Column("NAME", "/name"),
                        new Output.Column("FAULT", "/action/type"),
                        new Output.Column("PHASE", "/phase"),
                        new Output.Column("SCORE", "/resiliencyScore"),
                        new Output.Column("STARTED", "/startedAt"))),
        workflows(
                "/api/v1/workflows",
                List.of(
                        new Output.Column("NAMESPACE", "/namespace"),
                        new Output.Column("NAME", "/name"),
                        new Output.Column("PHASE", "/phase"),
                        new Output.Column("STEPS", "/steps"),
                        new Output.Column("STARTED", "/startTime"))),
        runs(
                null,
                List.of(
                        new Output.Column("RUN", "/runId"),
                        new Output.Column("#", "/runSequence"),
                        new Output.Column("PHASE", "/phase"),
                        new Output.Column("SCORE", "/resiliencyScore"),
                        new Output.Column("FAULTS", "/faultsTotal"),
                        new Output.Column("PASSED", "/faultsPassed"),
                        new Output.Column("FAILED", "/faultsFailed"),
                        new Output.Column("STARTED", "/startedAt"))),
        infrastructures(
                "/api/v1/infrastructures",
                List.of(
                        new Output.Column("ID", "/id"),
                        new Output.Column("IDENTIFIER", "/identifier"),
                        new Output.Column("NAME", "/name"),
                        new Output.Column("TYPE", "/type"),
                        new Output.Column("STATUS", "/status"),
                        new Output.Column("HOSTNAME", "/hostname"))),
        policies(
                "/api/v1/policies",
                List.of(
                        new Output.Column("NAME", "/name"),
                        new Output.Column("ENABLED", "/enabled"),
                        new Output.Column("RULES", "/rules"),
                        new Output.Column("DESCRIPTION", "/description"))),
        events(
                "/api/v1/events",
                List.of(
                        new Output.Column("TIME", "/timestamp"),
                        new Output.Column("TYPE", "/type"),
                        new Output.Column("REASON", "/reason"),
                        new Output.Column("RESOURCE", "/resource"),
                        new Output.Column("NAMESPACE", "/namespace"),
                        new Output.Column("MESSAGE", "/message")));

        final String path;
        final List<Output.Column> columns;

        Resource(String path, List<Output.Column> columns) {
            this.path = path;
            this.columns = columns;
        }
    }

    private final Session session;

    @Mixin
    ConnectionOptions connection;

    @Parameters(
            paramLabel = "RESOURCE",
            description = "experiments, workflows, runs, infrastructures, policies or events")
    Resource resource;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "table, json or yaml (default: ${DEFAULT-VALUE})")
    Output.Format format;

    @Option(
            names = {"-n", "--namespace"},
            description = "Only this namespace (experiments, workflows, events).")
    String namespace;

    @Option(names = "--phase", description = "Only this phase (experiments, workflows).")
    String phase;

    @Option(names = "--type", description = "Only events of this type.")
    String type;

    @Option(names = "--resource", description = "Only events of this resource.")
    String eventResource;

    @Option(names = "--experiment", paramLabel = "NAMESPACE/NAME", description = "runs: the experiment's runs.")
    String experiment;

    @Option(
            names = "--limit",
            defaultValue = "100",
            description = "At most this many (1-100; default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
    int offset;

    GetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String path = resource.path;
        if (resource == Resource.runs) {
            if (experiment == null) {
                throw new CliException(ExitCode.USAGE, "get runs needs --experiment NAMESPACE/NAME");
            }
            int slash = experiment.indexOf('/');
            String experimentNamespace = slash < 0 ? "default" : experiment.substring(0, slash);
            path = "/api/v1/experiments/" + ApiClient.segment(experimentNamespace) + "/"
                    + ApiClient.segment(experiment.substring(slash + 1)) + "/runs";
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", Integer.toString(limit));
        query.put("offset", Integer.toString(offset));
        query.put("namespace", namespace);
        query.put("phase", phase);
        query.put("type", type);
        query.put("resource", eventResource);
        JsonNode list = session.api(connection).get(path, query);
        Output.print(session.out(), format, list, resource.columns);
        return ExitCode.PASSED;
    }
}
