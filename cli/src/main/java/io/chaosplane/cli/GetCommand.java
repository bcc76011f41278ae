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

    /**
     * What {@code get} lists: its path and its table, each column as {@code HEADER=/json/pointer} of an item. One
     * renderer ({@link Output#print}) draws every table; a resource only says what its columns are.
     */
    enum Resource {
        experiments(
                "/api/v1/experiments",
                "NAMESPACE=/namespace",
                "NAME=/name",
                "FAULT=/action/type",
                "PHASE=/phase",
                "SCORE=/resiliencyScore",
                "STARTED=/startedAt"),
        workflows(
                "/api/v1/workflows",
                "NAMESPACE=/namespace",
                "NAME=/name",
                "PHASE=/phase",
                "STEPS=/steps",
                "STARTED=/startTime"),
        runs(
                null,
                "RUN=/runId",
                "#=/runSequence",
                "PHASE=/phase",
                "SCORE=/resiliencyScore",
                "FAULTS=/faultsTotal",
                "PASSED=/faultsPassed",
                "FAILED=/faultsFailed",
                "STARTED=/startedAt"),
        infrastructures(
                "/api/v1/infrastructures",
                "ID=/id",
                "IDENTIFIER=/identifier",
                "NAME=/name",
                "TYPE=/type",
                "STATUS=/status",
                "HOSTNAME=/hostname"),
        policies("/api/v1/policies", "NAME=/name", "ENABLED=/enabled", "RULES=/rules", "DESCRIPTION=/description"),
        events(
                "/api/v1/events",
                "TIME=/timestamp",
                "TYPE=/type",
                "REASON=/reason",
                "RESOURCE=/resource",
                "NAMESPACE=/namespace",
                "MESSAGE=/message");

        final String path;
        final List<Output.Column> columns;

        Resource(String path, String... columns) {
            this.path = path;
            this.columns = Output.Column.of(columns);
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
