package io.chaosplane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** abort, pause and resume: of a run by its id, or of an experiment's run in progress by NAMESPACE/NAME. */
abstract class RunActionCommand implements Callable<Integer> {

    private final Session session;
    private final String action;

    @Mixin
    ConnectionOptions connection;

    @Parameters(
            paramLabel = "RUN_ID|NAMESPACE/NAME",
            description = "A run's id, or an experiment whose run in progress is meant.")
    String target;

    RunActionCommand(Session session, String action) {
        this.session = session;
        this.action = action;
    }

    @Override
    public Integer call() {
        ApiClient api = session.api(connection);
        JsonNode answer;
        if (target.contains("/")) {
            int slash = target.indexOf('/');
            answer = api.post("/api/v1/experiments/" + ApiClient.segment(target.substring(0, slash)) + "/"
                    + ApiClient.segment(target.substring(slash + 1)) + "/" + action);
            answer = answer.path("status");
        } else {
            answer = api.post("/api/v1/runs/" + ApiClient.segment(target) + "/" + action);
        }
        session.out()
                .println("run " + ApiClient.text(answer, "runId", target) + ": "
                        + ApiClient.text(answer, "phase", action));
        session.out().flush();
        return ExitCode.PASSED;
    }

    @Command(
            name = "abort",
            mixinStandardHelpOptions = true,
            description = "Abort a run (operator): its faults are reverted.",
            footer = {
                "%nExamples:",
                "  chaosctl abort 0b6f7c1e-4a4e-4d8e-9a57-1d2f0c6f4b11",
                "  chaosctl abort demo/demo-cpu-hog"
            })
    static final class Abort extends RunActionCommand {
        Abort(Session session) {
            super(session, "abort");
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause a running run (operator): faults are reverted and their clocks stop.",
            footer = {"%nExample:", "  chaosctl pause demo/demo-cpu-hog"})
    static final class Pause extends RunActionCommand {
        Pause(Session session) {
            super(session, "pause");
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a paused run (operator) for the remaining duration.",
            footer = {"%nExample:", "  chaosctl resume demo/demo-cpu-hog"})
    static final class Resume extends RunActionCommand {
        Resume(Session session) {
            super(session, "resume");
        }
    }
}
