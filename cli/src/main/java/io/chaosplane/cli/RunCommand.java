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
        description = "Apply a file and run its experiment (-f), or run an experiment that exists (run experiment)."
                + " With --wait the exit code is the run's verdict.",
        subcommands = RunCommand.Experiment.class,
        footer = {
            "%nExamples:",
            "  chaosctl run -f examples/demo.yaml --wait --min-score 80 --junit report.xml",
            "  chaosctl run experiment demo/demo-cpu-hog --wait --timeout 5m --output json"
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
            description = "Manifests to apply first (experiments and policies); the file's one experiment is run.")
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
        List<Manifests.Document> experiments = documents.stream()
                .filter(document -> document.kind().equals(Applier.EXPERIMENT))
                .toList();
        if (experiments.size() != 1) {
            throw new CliException(
                    ExitCode.USAGE,
                    location + " holds " + experiments.size() + " experiments; run -f runs a file with exactly one");
        }
        ApiClient api = session.api(connection);
        PrintWriter progressOut = waiting.output == null ? session.out() : session.err();
        Applier applier = new Applier(api, progressOut, session.err());
        for (Manifests.Document document : documents) {
            if (!applier.apply(document, false)) {
                return ExitCode.USAGE;
            }
        }
        Manifests.Document experiment = experiments.getFirst();
        return start(session, api, waiting, experiment.namespace(), experiment.name());
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
