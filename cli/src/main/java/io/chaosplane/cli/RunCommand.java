package io.chaosplane.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Apply a file and run its workflow or experiment (-f), or run an experiment or a workflow that"
                + " exists. With --wait the exit code is the run's verdict.",
        subcommands = {RunCommand.Experiment.class, RunCommand.Workflow.class},
        footer = {
            "%nExamples:",
            "  chaosctl run -f examples/demo.yaml --wait --min-score 80 --junit report.xml",
            "  chaosctl run experiment demo/demo-cpu-hog --wait --timeout 5m --output json",
            "  chaosctl run workflow demo/release-check --wait --junit report.xml"
        })
final class RunCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    WaitOptions waiting;

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "FILE|-",
            description = "Manifests to apply first (experiments, workflows and policies); the file's one workflow is"
                    + " run, or, without a workflow, its one experiment.")
    String location;

    RunCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (location == null) {
            throw new CliException(ExitCode.USAGE, "give -f FILE, or run experiment NAMESPACE/NAME");
        }
        waiting.check();
        List<Manifests.Document> documents = Manifests.read(location, session.in());
        List<Manifests.Document> workflows = ofKind(documents, Applier.WORKFLOW);
        List<Manifests.Document> experiments = ofKind(documents, Applier.EXPERIMENT);
        if (workflows.size() > 1 || (workflows.isEmpty() && experiments.size() != 1)) {
            throw new CliException(
                    ExitCode.USAGE,
                    location + " holds " + workflows.size() + " workflows and " + experiments.size()
                            + " experiments; run -f runs a file with one workflow, or with one experiment and no"
                            + " workflow");
        }
        ApiClient api = session.api(connection);
        PrintWriter progressOut = waiting.output == null ? session.out() : session.err();
        Applier applier = new Applier(api, progressOut, session.err());
        for (Manifests.Document document : Applier.inOrder(documents)) {
            if (!applier.apply(document, false)) {
                return ExitCode.USAGE;
            }
        }
        if (!workflows.isEmpty()) {
            Manifests.Document workflow = workflows.getFirst();
            return startWorkflow(session, api, waiting, workflow.namespace(), workflow.name());
        }
        Manifests.Document experiment = experiments.getFirst();
        return start(session, api, waiting, experiment.namespace(), experiment.name());
    }

    private static List<Manifests.Document> ofKind(List<Manifests.Document> documents, String kind) {
        return documents.stream()
                .filter(document -> document.kind().equals(kind))
                .toList();
    }

    @Command(
            name = "workflow",
            mixinStandardHelpOptions = true,
            description =
                    "Start a new run of a workflow; with --wait, follow it and its experiments' runs and exit with"
                            + " its verdict.",
            footer = {
                "%nExample:",
                "  chaosctl run workflow demo/release-check --wait --min-score 80 --junit report.xml"
            })
    static final class Workflow implements Callable<Integer> {

        private final Session session;

        @Mixin
        ConnectionOptions connection;

        @Mixin
        WaitOptions waiting;

        @Parameters(paramLabel = "NAMESPACE/NAME", description = "The workflow (namespace 'default' if omitted).")
        String workflow;

        Workflow(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            waiting.check();
            int slash = workflow.indexOf('/');
            String namespace = slash < 0 ? "default" : workflow.substring(0, slash);
            String name = workflow.substring(slash + 1);
            return startWorkflow(session, session.api(connection), waiting, namespace, name);
        }
    }

    /**
     * Starts a new run of the workflow and, with --wait, follows it to its verdict: that of all its experiments' faults
     * together, its score the mean of its experiment runs' scores.
     */
    static int startWorkflow(Session session, ApiClient api, WaitOptions waiting, String namespace, String name) {
        String path = "/api/v1/workflows/" + ApiClient.segment(namespace) + "/" + ApiClient.segment(name);
        JsonNode started = api.post(path + "/run");
        PrintWriter progressOut = waiting.output == null ? session.out() : session.err();
        if (!waiting.wait) {
            if (waiting.output != null) {
                session.out().println(Output.json(started));
            } else {
                session.out().println("workflow " + namespace + "/" + name + " started");
            }
            session.out().flush();
            return ExitCode.PASSED;
        }
        WorkflowWaiter.Waited waited;
        try (Progress progress = session.progress(progressOut)) {
            waited = new WorkflowWaiter(api, session).await(namespace, name, waiting, progress);
        }
        JsonNode run = waited.asRun();
        RunVerdict verdict = RunVerdict.of(run, waiting.minScore, waited.timedOut());
        if (waiting.junit != null) {
            JUnitReport.write(waiting.junit, run, verdict, waiting.minScore);
        }
        if (waiting.output != null) {
            var answer = ApiClient.JSON.createObjectNode();
            answer.set("workflow", waited.workflow());
            answer.set("runs", ApiClient.JSON.valueToTree(waited.runs()));
            session.out().println(Output.json(answer));
            session.out().flush();
        }
        progressOut.println(
                "workflow " + namespace + "/" + name + ": " + verdict.reason() + " (exit " + verdict.exitCode() + ")");
        progressOut.flush();
        return verdict.exitCode();
    }

    @Command(
            name = "experiment",
            mixinStandardHelpOptions = true,
            description = "Start a run of an experiment; with --wait, follow it and exit with its verdict.",
            footer = {
                "%nExample:",
                "  chaosctl run experiment demo/demo-cpu-hog --wait --min-score 80 --junit report.xml"
            })
    static final class Experiment implements Callable<Integer> {

        private final Session session;

        @Mixin
        ConnectionOptions connection;

        @Mixin
        WaitOptions waiting;

        @Parameters(paramLabel = "NAMESPACE/NAME", description = "The experiment (namespace 'default' if omitted).")
        String experiment;

        Experiment(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            waiting.check();
            int slash = experiment.indexOf('/');
            String namespace = slash < 0 ? "default" : experiment.substring(0, slash);
            String name = experiment.substring(slash + 1);
            return start(session, session.api(connection), waiting, namespace, name);
        }
    }

    /** Starts a run of the experiment and, with --wait, follows it to its verdict. */
    static int start(Session session, ApiClient api, WaitOptions waiting, String namespace, String name) {
        JsonNode started = api.send(
                        "POST",
                        "/api/v1/experiments/" + ApiClient.segment(namespace) + "/" + ApiClient.segment(name) + "/run",
                        Map.of(),
                        null,
                        null)
                .json();
        String runId = ApiClient.text(started, "runId", "");
        PrintWriter progressOut = waiting.output == null ? session.out() : session.err();
        if (!waiting.wait) {
            if (waiting.output != null) {
                session.out().println(Output.json(started));
            } else {
                session.out().println("run " + runId + " of experiment " + namespace + "/" + name + " started");
            }
            session.out().flush();
            return ExitCode.PASSED;
        }
        RunWaiter.Waited waited;
        try (Progress progress = session.progress(progressOut)) {
            waited = new RunWaiter(api, session).await(runId, waiting, progress);
        }
        RunVerdict verdict = RunVerdict.of(waited.run(), waiting.minScore, waited.timedOut());
        if (waiting.junit != null) {
            JUnitReport.write(waiting.junit, waited.run(), verdict, waiting.minScore);
        }
        if (waiting.output != null) {
            session.out().println(Output.json(waited.run()));
            session.out().flush();
        }
        progressOut.println(namespace + "/" + name + " run " + ApiClient.text(waited.run(), "runSequence", "") + ": "
                + verdict.reason() + " (exit " + verdict.exitCode() + ")");
        progressOut.flush();
        return verdict.exitCode();
    }
}
