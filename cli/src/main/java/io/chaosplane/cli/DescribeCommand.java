package io.chaosplane.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Show a run: its phase, score and governance, each step's faults with their verdicts and probes.",
        subcommands = DescribeCommand.Run.class,
        footer = {"%nExample:", "  chaosctl describe run 0b6f7c1e-4a4e-4d8e-9a57-1d2f0c6f4b11"})
final class DescribeCommand {

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Show a run by its id.",
            footer = {"%nExample:", "  chaosctl describe run 0b6f7c1e-4a4e-4d8e-9a57-1d2f0c6f4b11 -o yaml"})
    static final class Run implements Callable<Integer> {

        private final Session session;

        @Mixin
        ConnectionOptions connection;

        @Parameters(paramLabel = "RUN_ID", description = "The run's id.")
        String runId;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "table",
                description = "table (the readable text), json or yaml (default: ${DEFAULT-VALUE})")
        Output.Format format;

        Run(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            JsonNode run = session.api(connection).get("/api/v1/runs/" + ApiClient.segment(runId));
            if (format != Output.Format.table) {
                Output.print(session.out(), format, run, java.util.List.of());
                return ExitCode.PASSED;
            }
            describe(session.out(), run);
            return ExitCode.PASSED;
        }
    }

    static void describe(PrintWriter out, JsonNode run) {
        out.println("Run:          " + ApiClient.text(run, "runId", "") + " (#" + ApiClient.text(run, "runSequence", "")
                + ")");
        out.println("Experiment:   " + ApiClient.text(run, "namespace", "") + "/"
                + ApiClient.text(run, "experimentName", ""));
        out.println("Phase:        " + ApiClient.text(run, "phase", ""));
        out.println("Score:        " + Output.cell(run.path("resiliencyScore")));
        out.println("Faults:       " + run.path("faultsTotal").asInt() + " total, "
                + run.path("faultsPassed").asInt() + " passed, "
                + run.path("faultsFailed").asInt() + " failed, "
                + run.path("faultsStopped").asInt() + " stopped, "
                + run.path("faultsNA").asInt() + " N/A");
        out.println("Created:      " + ApiClient.text(run, "createdAt", "-") + " by "
                + ApiClient.text(run, "createdBy", "-"));
        out.println("Started:      " + ApiClient.text(run, "startedAt", "-"));
        out.println("Finished:     " + ApiClient.text(run, "finishedAt", "-"));
        String message = ApiClient.text(run, "message", "");
        if (!message.isBlank()) {
            out.println("Message:      " + message);
        }
        for (JsonNode step : run.path("steps")) {
            out.println("Step " + step.path("index").asInt() + ": " + ApiClient.text(step, "phase", ""));
            for (JsonNode fault : step.path("faults")) {
                out.println("  " + ApiClient.text(fault, "name", "") + " (" + ApiClient.text(fault, "faultType", "")
                        + ", weight " + fault.path("weight").asInt() + "): " + ApiClient.text(fault, "phase", "")
                        + ", verdict " + ApiClient.text(fault, "verdict", "-") + ", probe success "
                        + Output.cell(fault.path("probeSuccessPercentage")));
                String error = ApiClient.text(fault, "errorReason", "");
                if (!error.isBlank()) {
                    out.println("    error: " + ApiClient.text(fault, "errorCode", "") + " " + error);
                }
                for (JsonNode probe : fault.path("probeStatuses")) {
                    out.println("    probe " + ApiClient.text(probe, "name", "") + " ("
                            + ApiClient.text(probe, "type", "") + ", " + ApiClient.text(probe, "mode", "") + "): "
                            + probe.path("status").path("verdict").asString("") + " "
                            + probe.path("status").path("description").asString(""));
                }
            }
        }
        out.flush();
    }
}
