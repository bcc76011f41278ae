package io.chaosplane.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows a run of a workflow ({@code GET /api/v1/workflows/{namespace}/{name}}) and the runs its steps started, until
 * the workflow ends or {@code --timeout} passes; on a timeout the workflow is aborted (its running experiments
 * reverted) unless {@code --keep-running}. What it waited for is seen as one run of all the steps' faults, so that the
 * verdict, the progress display and the JUnit report are those of an experiment's run.
 */
final class WorkflowWaiter {

    /** The workflow as last read, the runs of its steps, and whether the wait ran out. */
    record Waited(JsonNode workflow, List<JsonNode> runs, boolean timedOut) {

        /** The workflow as a run: its steps' runs' steps in turn, each fault named {@code step/fault}. */
        JsonNode asRun() {
            return WorkflowWaiter.asRun(workflow, runs);
        }
    }

    private static final Duration AFTER_ABORT = Duration.ofSeconds(60);

    private final ApiClient api;
    private final Session session;

    WorkflowWaiter(ApiClient api, Session session) {
        this.api = api;
        this.session = session;
    }

    Waited await(String namespace, String name, WaitOptions options, Progress progress) {
        String path = "/api/v1/workflows/" + ApiClient.segment(namespace) + "/" + ApiClient.segment(name);
        Instant deadline = session.clock().instant().plus(options.timeout());
        Duration interval = options.pollInterval();
        Waited waited = read(path, false);
        progress.update(waited.asRun());
        while (!finished(waited.workflow())) {
            if (!session.clock().instant().isBefore(deadline)) {
                if (options.keepRunning) {
                    progress.note("timed out after " + options.timeout + "; the workflow keeps running: " + name);
                    return read(path, true);
                }
                progress.note("timed out after " + options.timeout + "; aborting workflow " + namespace + "/" + name);
                try {
                    api.post(path + "/abort");
                } catch (ApiClient.ApiError conflict) {
                    if (conflict.status() != 409) { // 409: it ended or is being aborted already
                        throw conflict;
                    }
                }
                Instant patience = session.clock().instant().plus(AFTER_ABORT);
                waited = read(path, true);
                while (!(finished(waited.workflow()) && waited.runs().stream().allMatch(RunVerdict::finished))
                        && session.clock().instant().isBefore(patience)) {
                    sleep(interval);
                    waited = read(path, true);
                    progress.update(waited.asRun());
                }
                return waited;
            }
            sleep(interval);
            waited = read(path, false);
            progress.update(waited.asRun());
        }
        return waited;
    }

    /** The workflow and the runs its steps started so far, in the order of its steps. */
    private Waited read(String path, boolean timedOut) {
        JsonNode workflow = api.get(path);
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode node : workflow.path("status").path("nodes")) {
            String runId = ApiClient.text(node, "runId", null);
            if (runId != null) {
                runs.add(api.get("/api/v1/runs/" + ApiClient.segment(runId)));
            }
        }
        return new Waited(workflow, runs, timedOut);
    }

    static boolean finished(JsonNode workflow) {
        String phase = ApiClient.text(workflow.path("status"), "phase", "");
        return phase.equals("Completed") || phase.equals("Failed") || phase.equals("Aborted");
    }

    /**
     * The workflow as one run. Its phase is the workflow's, except that a step's run stopped (a halt) or aborted by
     * someone makes it Stopped or Aborted, as for an experiment's run. Its score is the mean of its experiment runs'
     * scores (status checks inject nothing and do not count); none until each of them has one.
     */
    static JsonNode asRun(JsonNode workflow, List<JsonNode> runs) {
        JsonNode status = workflow.path("status");
        JsonNode metadata = workflow.path("metadata");
        ObjectNode run = ApiClient.JSON.createObjectNode();
        run.put("runId", ApiClient.text(metadata, "uid", ""));
        run.put("namespace", ApiClient.text(metadata, "namespace", "default"));
        run.put("experimentName", ApiClient.text(metadata, "name", "workflow"));
        String phase = ApiClient.text(status, "phase", "Pending");
        String message = ApiClient.text(status, "message", "");
        for (JsonNode stepRun : runs) {
            String runPhase = ApiClient.text(stepRun, "phase", "");
            if ((runPhase.equals("Stopped") || runPhase.equals("Aborted")) && !phase.equals("Aborted")) {
                phase = runPhase;
                String why = ApiClient.text(stepRun, "message", "");
                message = "step run of " + ApiClient.text(stepRun, "experimentName", "?") + " " + runPhase.toLowerCase()
                        + (why.isBlank() ? "" : ": " + why);
            }
        }
        run.put("phase", phase);
        run.put("message", message);
        if (status.hasNonNull("startTime")) {
            run.put("startedAt", status.get("startTime").asString());
        }
        if (status.hasNonNull("endTime")) {
            run.put("finishedAt", status.get("endTime").asString());
        }
        ArrayNode steps = run.putArray("steps");
        double scores = 0;
        int scored = 0;
        boolean allScored = true;
        int index = 0;
        for (JsonNode stepRun : runs) {
            String step = stepName(workflow, ApiClient.text(stepRun, "runId", ""));
            boolean check = isStatusCheck(workflow, step);
            for (JsonNode runStep : stepRun.path("steps")) {
                ObjectNode copy = ApiClient.JSON.createObjectNode();
                copy.put("index", index++);
                copy.put("phase", ApiClient.text(runStep, "phase", ""));
                ArrayNode faults = copy.putArray("faults");
                for (JsonNode fault : runStep.path("faults")) {
                    ObjectNode named = (ObjectNode) fault.deepCopy();
                    named.put("name", step + "/" + ApiClient.text(fault, "name", "fault"));
                    faults.add(named);
                }
                steps.add(copy);
            }
            if (!check) {
                JsonNode score = stepRun.path("resiliencyScore");
                if (score.isNumber()) {
                    scores += score.asDouble();
                    scored++;
                } else {
                    allScored = false;
                }
            }
        }
        if (scored > 0 && allScored) {
            run.put("resiliencyScore", Math.round(scores / scored * 100) / 100.0);
        } else {
            run.putNull("resiliencyScore");
        }
        return run;
    }

    private static String stepName(JsonNode workflow, String runId) {
        for (JsonNode node : workflow.path("status").path("nodes")) {
            if (runId.equals(ApiClient.text(node, "runId", ""))) {
                return ApiClient.text(node, "name", "step");
            }
        }
        return "step";
    }

    private static boolean isStatusCheck(JsonNode workflow, String step) {
        for (JsonNode node : workflow.path("status").path("nodes")) {
            if (step.equals(ApiClient.text(node, "name", ""))) {
                return ApiClient.text(node, "templateType", "").equals("StatusCheck");
            }
        }
        return false;
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.STOPPED, "interrupted while waiting", e);
        }
    }
}
