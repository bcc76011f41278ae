package io.chaosplane.controlplane.kubernetes;

import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.run.WholeRuns;
import io.chaosplane.controlplane.run.WholeRuns.WholeRun;
import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.k8s.ExecutionData;
import io.chaosplane.protocol.k8s.TaskResponse;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.StrictText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;

/**
 * Seed 001's v2 task responses: a runner's {@code WORKFLOW_EVENT}s become the run's node tree (merged so that no
 * event moves it backwards) and, through it, the run's faults, phase and score; and the experiment run fetch answers
 * the run in the seed's shape.
 */
@Service
class WorkflowEvents {

    /** The most events one transaction writes: enough for a fleet's runner, short enough to keep locks brief. */
    private static final int MAX_BATCH = 256;

    private final WholeRuns wholeRuns;
    private final InfrastructureService infrastructures;
    private final KubernetesRunStore store;
    private final ExperimentRuns experimentRuns;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Map<UUID, Batches> batches = new ConcurrentHashMap<>();

    WorkflowEvents(
            WholeRuns wholeRuns,
            InfrastructureService infrastructures,
            KubernetesRunStore store,
            ExperimentRuns experimentRuns,
            Clock clock,
            TransactionTemplate transactions) {
        this.wholeRuns = wholeRuns;
        this.infrastructures = infrastructures;
        this.store = store;
        this.experimentRuns = experimentRuns;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Applies one task response; answers the seed's text once it is committed. Events of one infrastructure are
     * written in batches (a group commit): while one batch is written, those arriving queue up, and the next writer
     * takes them all, merges each run's events in memory and writes each run once, in one transaction per batch.
     */
    public String accept(AgentPrincipal agent, TaskResponse response, Map<String, String> query) {
        InfrastructureView infrastructure = checkIdentity(agent, query);
        if (response == null) {
            throw InvalidInputException.of("body", "a task response is required");
        }
        if (!TaskResponse.WORKFLOW_EVENT.equals(response.taskType())) {
            throw InvalidInputException.of(
                    "taskType",
                    "'" + response.taskType() + "' is not a task type this control" + " plane takes; the only one is "
                            + TaskResponse.WORKFLOW_EVENT);
        }
        TaskResponse.WorkflowEventArgs args = response.args();
        if (args == null) {
            throw InvalidInputException.of("args", "is required");
        }
        for (String named : new String[] {response.infraId(), args.infraID()}) {
            if (named != null && !named.isBlank() && !names(infrastructure, named)) {
                throw new ForbiddenException("infrastructure '" + named + "' is not the one of this access key");
            }
        }
        UUID runId = uuid("args.workflowRunID", args.workflowRunID());
        ExecutionData incoming = executionData(args.executionData());
        Pending event = new Pending(args, runId, incoming, "true".equalsIgnoreCase(args.completed()));
        batches.computeIfAbsent(agent.infrastructureId(), id -> new Batches()).submit(agent, event);
        return "Received task callback for taskType: " + TaskResponse.WORKFLOW_EVENT + ", response: Workflow run"
                + " received for for WorkflowID: " + args.workflowID() + ", WorkflowRunID: " + args.workflowRunID();
    }

    /** An event waiting for its batch's commit; {@code done} fails with what the event was refused for. */
    private record Pending(
            TaskResponse.WorkflowEventArgs args,
            UUID runId,
            ExecutionData incoming,
            boolean completed,
            CompletableFuture<Void> done) {

        Pending(TaskResponse.WorkflowEventArgs args, UUID runId, ExecutionData incoming, boolean completed) {
            this(args, runId, incoming, completed, new CompletableFuture<>());
        }
    }

    /** What became of an event in a batch, made known to its sender only after the batch's commit. */
    private record Outcome(Pending event, RuntimeException refused) {}

    /** One infrastructure's events waiting to be written, and the lock of whoever writes them. */
    private final class Batches {
        private final ReentrantLock writer = new ReentrantLock();
        private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();

        void submit(AgentPrincipal agent, Pending event) {
            waiting.add(event);
            writer.lock();
            try {
                // whoever took an event from the queue completed it before letting go of the lock
                while (!event.done().isDone()) {
                    List<Pending> batch = new ArrayList<>();
                    for (Pending next = waiting.poll(); next != null; next = waiting.poll()) {
                        batch.add(next);
                        if (batch.size() == MAX_BATCH) {
                            break;
                        }
                    }
                    try {
                        write(agent, batch);
                    } catch (Error e) {
                        // nobody else would answer these events: their senders must not wait forever
                        batch.forEach(taken -> taken.done().completeExceptionally(e));
                        throw e;
                    }
                }
            } finally {
                writer.unlock();
            }
            try {
                event.done().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException refused) {
                    throw refused;
                }
                throw e;
            }
        }
    }

    /**
     * Writes a batch in one transaction, runs in the order of their ids (so that two replicas writing the same runs
     * lock them in the same order); if it fails, each run again in a transaction of its own, so that one run's
     * failure is its events' alone.
     */
    private void write(AgentPrincipal agent, List<Pending> batch) {
        Map<UUID, List<Pending>> byRun = new TreeMap<>();
        batch.forEach(event ->
                byRun.computeIfAbsent(event.runId(), id -> new ArrayList<>()).add(event));
        Instant now = clock.instant();
        try {
            List<Outcome> outcomes = transactions.execute(status -> {
                List<Outcome> all = new ArrayList<>();
                byRun.forEach((runId, events) -> all.addAll(applyRun(agent, runId, events, now)));
                return all;
            });
            complete(outcomes);
            return;
        } catch (RuntimeException e) {
            if (byRun.size() == 1) {
                batch.forEach(event -> event.done().completeExceptionally(e));
                return;
            }
        }
        byRun.forEach((runId, events) -> {
            try {
                complete(transactions.execute(status -> applyRun(agent, runId, events, now)));
            } catch (RuntimeException e) {
                events.forEach(event -> event.done().completeExceptionally(e));
            }
        });
    }

    private static void complete(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (outcome.refused() == null) {
                outcome.event().done().complete(null);
            } else {
                outcome.event().done().completeExceptionally(outcome.refused());
            }
        }
    }

    /**
     * Merges the run's events, in the order they came, into its stored tree: each event that adds news counts, as
     * it did when each was written alone; the run is written, and its faults moved on, once.
     */
    private List<Outcome> applyRun(AgentPrincipal agent, UUID runId, List<Pending> events, Instant now) {
        Optional<KubernetesRunStore.Stored> locked = store.lock(agent.accountId(), runId);
        if (locked.isEmpty()) {
            Optional<WholeRun> run = wholeRuns.find(agent, runId);
            if (run.isEmpty()) {
                return events.stream()
                        .map(event -> new Outcome(event, notFound(event.args())))
                        .toList();
            }
            locked = Optional.of(store.create(
                    agent.accountId(),
                    runId,
                    run.get().infrastructureId(),
                    run.get().run().experimentId(),
                    experimentRuns.initialTree(run.get()),
                    now));
        }
        KubernetesRunStore.Stored stored = locked.get();
        if (!stored.infrastructureId().equals(agent.infrastructureId())) {
            return events.stream()
                    .map(event -> new Outcome(event, notFound(event.args())))
                    .toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        ExecutionData tree = stored.tree();
        boolean completed = stored.completed();
        int counted = stored.events();
        for (Pending event : events) {
            String workflowId = event.args().workflowID();
            if (workflowId != null
                    && !workflowId.isBlank()
                    && !stored.experimentId().toString().equals(workflowId)) {
                outcomes.add(new Outcome(event, notFound(event.args())));
                continue;
            }
            ExecutionData merged = NodeTrees.merge(tree, event.incoming());
            boolean nowCompleted = completed || event.completed();
            // the tree holds all the news there is: an event that adds none (repeated, or older) changes nothing
            if (!merged.equals(tree) || nowCompleted != completed) {
                tree = merged;
                completed = nowCompleted;
                counted++;
            }
            outcomes.add(new Outcome(event, null));
        }
        if (counted != stored.events()) {
            store.save(agent.accountId(), runId, tree, completed, counted, now);
            wholeRuns.apply(agent, runId, NodeTrees.faultUpdates(tree));
        }
        return outcomes;
    }

    private static NotFoundException notFound(TaskResponse.WorkflowEventArgs args) {
        return new NotFoundException(
                "experiment run '" + args.workflowRunID() + "' of experiment '" + args.workflowID() + "' not found");
    }

    /** The run in the seed's "Fetch Experiment Execution Data" shape. */
    @Transactional(readOnly = true)
    public ExperimentRuns.Response fetch(
            AgentPrincipal agent, String experimentId, String runId, Map<String, String> query) {
        InfrastructureView infrastructure = checkIdentity(agent, query);
        WholeRun run = wholeRuns
                .find(agent, uuid("experimentRunID", runId))
                .filter(found -> found.run().experimentId().toString().equals(experimentId))
                .orElseThrow(() -> new NotFoundException(
                        "experiment run '" + runId + "' of experiment '" + experimentId + "' not found"));
        return experimentRuns.response(
                run, infrastructure, store.find(agent.accountId(), run.run().runId()));
    }

    /** The query's tenant identifiers, where given, must be the infrastructure's. */
    private InfrastructureView checkIdentity(AgentPrincipal agent, Map<String, String> query) {
        InfrastructureView infrastructure =
                infrastructures.ofAgent(agent).orElseThrow(() -> new NotFoundException("infrastructure not found"));
        check(query.get("accountIdentifier"), infrastructure.accountIdentifier(), "accountIdentifier");
        check(query.get("organizationIdentifier"), infrastructure.organizationIdentifier(), "organizationIdentifier");
        check(query.get("projectIdentifier"), infrastructure.projectIdentifier(), "projectIdentifier");
        check(query.get("environmentIdentifier"), infrastructure.environmentIdentifier(), "environmentIdentifier");
        return infrastructure;
    }

    private static void check(String given, String actual, String name) {
        if (given != null && !given.isBlank() && !Objects.equals(given, actual)) {
            throw new ForbiddenException(name + " '" + given + "' is not the infrastructure's");
        }
    }

    private static boolean names(InfrastructureView infrastructure, String named) {
        return named.equals(infrastructure.id().toString())
                || named.equals(infrastructure.identifier())
                || named.endsWith("/" + infrastructure.identifier());
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(Objects.requireNonNull(value).strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInputException.of(field, "must be the run's id (a UUID), was '" + value + "'");
        }
    }

    private static ExecutionData executionData(String text) {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of("args.executionData", "is required: the run's node tree as a JSON string");
        }
        try {
            ExecutionData data = StrictText.readNested(
                    ProtocolJson.mapper().readerFor(ExecutionData.class), text, "args.executionData");
            if (data.nodes() == null) {
                throw InvalidInputException.of("args.executionData.nodes", "is required");
            }
            return data;
        } catch (JacksonException e) {
            throw InvalidInputException.of("args.executionData", "is not a node tree: " + e.getOriginalMessage());
        }
    }
}
