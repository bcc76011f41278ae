package io.chaosplane.agent.testing;

import io.chaosplane.agent.config.Secret;
import io.chaosplane.agent.remote.ControlPlane;
import io.chaosplane.agent.remote.RemoteException;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.protocol.linux.Halt;
import io.chaosplane.protocol.linux.LivenessResponse;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.chaosplane.protocol.logs.LogLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory control plane: a task queue with long polls, abort news, and a record of everything agents sent.
 * It can be taken down (every call fails as unreachable) and brought back.
 */
public class FakeControlPlane implements ControlPlane {

    public static final String INSTALL_TOKEN = "install-token-1";
    public static final String ACCESS_KEY = "access-key-1";

    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Set<String> aborted = ConcurrentHashMap.newKeySet();
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private final Set<String> handedOut = ConcurrentHashMap.newKeySet();
    private final AtomicInteger confirms = new AtomicInteger();
    private volatile ConfirmRequest lastConfirm;
    private final AtomicInteger liveness = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Integer> pollLimits = new CopyOnWriteArrayList<>();
    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final List<TaskLogsRequest> logs = new CopyOnWriteArrayList<>();
    private final Map<String, TaskResultRequest> results = new ConcurrentHashMap<>();
    private final AtomicInteger resultDeliveries = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean tokenUsed;
    private final AtomicInteger keyResets = new AtomicInteger();
    private volatile String installToken = INSTALL_TOKEN;
    private volatile String accessKey = ACCESS_KEY;
    private volatile List<Halt> halts = List.of();
    private volatile boolean chaosEnabled = true;

    public void enqueue(Task task) {
        queue.add(task);
    }

    public void abort(String taskName) {
        paused.remove(taskName);
        aborted.add(taskName);
    }

    /** Stops the task for a pause: it is listed as aborted and as paused, as the control plane does. */
    public void pause(String taskName) {
        paused.add(taskName);
        aborted.add(taskName);
    }

    /** Hands the paused task out again, as a resume does, forgetting its first attempt's result. */
    public void resume(Task task) {
        paused.remove(task.taskName());
        aborted.remove(task.taskName());
        handedOut.remove(task.taskName());
        results.remove(task.taskName());
        queue.add(task);
    }

    /** Names a halt in every poll and liveness answer from now on, as a control plane does while it is active. */
    public void halt(Halt halt) {
        halts = List.of(halt);
    }

    /** The body of the last confirm that was accepted, or null. */
    public ConfirmRequest lastConfirm() {
        return lastConfirm;
    }

    /** Names no halt any more. */
    public void liftHalts() {
        halts = List.of();
    }

    /** Turns the infrastructure's kill switch, as every poll and liveness answer from now on says. */
    public void chaosEnabled(boolean enabled) {
        chaosEnabled = enabled;
    }

    /** While down, every call fails as if the network were cut. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    @Override
    public ConfirmResponse confirm(ConfirmRequest request, String infraId, Secret installToken) {
        reachable();
        if (!this.installToken.equals(installToken.value()) || tokenUsed) {
            throw RemoteException.ofStatus(401, "install token refused");
        }
        tokenUsed = true;
        lastConfirm = request;
        confirms.incrementAndGet();
        return new ConfirmResponse(infraId, accessKey);
    }

    /** As an operator's key reset does: a new one-time install token, and a new access key for its confirm. */
    public String resetKey() {
        int keyNumber = keyResets.incrementAndGet() + 1; // the first key is number 1
        installToken = "install-token-" + keyNumber;
        accessKey = "access-key-" + keyNumber;
        tokenUsed = false;
        return installToken;
    }

    @Override
    public LivenessResponse liveness() {
        reachable();
        liveness.incrementAndGet();
        return LivenessResponse.withHalts(halts, chaosEnabled);
    }

    @Override
    public TaskList poll(Duration wait, int limit) {
        reachable();
        pollLimits.add(limit);
        List<Task> tasks = new ArrayList<>();
        try {
            Task first = limit > 0 ? queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS) : null;
            if (first != null) {
                tasks.add(first);
                queue.drainTo(tasks, limit - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.forEach(task -> handedOut.add(task.taskName()));
        List<String> abortNews =
                aborted.stream().filter(handedOut::contains).sorted().toList();
        List<String> pauseNews =
                paused.stream().filter(handedOut::contains).sorted().toList();
        return new TaskList(
                        tasks,
                        !queue.isEmpty(),
                        abortNews.isEmpty() ? null : abortNews,
                        pauseNews.isEmpty() ? null : pauseNews)
                .withHalts(halts)
                .withChaosEnabled(chaosEnabled);
    }

    @Override
    public TaskStatusResponse status(String taskName, TaskStatusRequest request) {
        reachable();
        statuses.add(taskName + ":" + request.taskStatus());
        return new TaskStatusResponse(true, aborted.contains(taskName), paused.contains(taskName) ? true : null);
    }

    @Override
    public void logs(TaskLogsRequest request) {
        reachable();
        logs.add(request);
    }

    @Override
    public void result(String taskName, TaskResultRequest request) {
        reachable();
        resultDeliveries.incrementAndGet();
        results.putIfAbsent(taskName, request);
    }

    public int confirms() {
        return confirms.get();
    }

    public int livenessBeats() {
        return liveness.get();
    }

    /** Calls that reached the fake (up or down). */
    public int calls() {
        return calls.get();
    }

    public List<Integer> pollLimits() {
        return List.copyOf(pollLimits);
    }

    public List<String> statuses() {
        return List.copyOf(statuses);
    }

    public Map<String, TaskResultRequest> results() {
        return Map.copyOf(results);
    }

    public int resultDeliveries() {
        return resultDeliveries.get();
    }

    /** Every log line received for a stream, in arrival order. */
    public List<LogLine> logLines(String streamID) {
        return logs.stream()
                .filter(request -> request.streamID().equals(streamID))
                .flatMap(request -> request.logs().stream())
                .toList();
    }

    /** Waits for a task's result. */
    public TaskResultRequest awaitResult(String taskName, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        do {
            TaskResultRequest result = results.get(taskName);
            if (result != null) {
                return result;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        throw new AssertionError("no result for " + taskName + " within " + timeout + "; results: " + results.keySet()
                + ", statuses: " + statuses);
    }

    private void reachable() {
        calls.incrementAndGet();
        if (down) {
            throw RemoteException.unavailable("control plane is down", null);
        }
    }
}
