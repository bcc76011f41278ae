package io.chaosplane.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = "Create or update experiments, workflows and policies from YAML or JSON manifests (several"
                + " documents per file; workflows are applied after the rest). Applying what is already there changes"
                + " nothing; experiments and workflows are not started (chaosctl run does that).",
        footer = {
            "%nExamples:",
            "  chaosctl apply -f examples/demo.yaml",
            "  chaosctl apply -f manifests/ --dry-run",
            "  chaosctl apply -f examples/workflow.yaml",
            "  cat experiment.yaml | chaosctl apply -f -"
        })
final class ApplyCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE|DIR|-",
            description = "A manifest file, a directory of them (.yaml, .yml, .json), or - for standard input.")
    String location;

    @Option(names = "--dry-run", description = "Let the server check the manifests; store nothing.")
    boolean dryRun;

    ApplyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<Manifests.Document> documents = Manifests.read(location, session.in());
        if (documents.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "no manifest in " + location);
        }
        Applier applier = new Applier(session.api(connection), session.out(), session.err());
        boolean allApplied = true;
        for (Manifests.Document document : Applier.inOrder(documents)) {
            allApplied &= applier.apply(document, dryRun);
        }
        return allApplied ? ExitCode.PASSED : ExitCode.USAGE;
    }
}
