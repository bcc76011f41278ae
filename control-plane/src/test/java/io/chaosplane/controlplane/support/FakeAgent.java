package io.chaosplane.controlplane.support;

import io.chaosplane.testsupport.Api;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** Speaks seed 001's Linux agent protocol over HTTP, as an agent would, for tests of the control plane's side. */
public class FakeAgent {

    private static final String BASE = "/chaos/lserver/api/infra";

    private final Api api;
    private final String infraId;
    private String accessKey;
    /** The lceUID each task was handed out with, as an agent keeps it for the task's status posts. */
    private final Map<String, String> lceUIDs = new ConcurrentHashMap<>();

    private FakeAgent(Api api, String infraId) {
        this.api = api;
        this.infraId = infraId;
    }

    /** Creates a Linux infrastructure through the API and confirms its agent with the install token. */
    public static FakeAgent install(Api server, Api admin, String identifier) {
        JsonNode created = admin.post("/api/v1/infrastructures", Map.of("identifier", identifier, "name", identifier))
                .json();
        FakeAgent agent =
                new FakeAgent(server, created.get("infrastructure").get("id").asString());
        Api.Response confirmed = agent.confirm(created.get("installToken").asString());
        if (confirmed.status() != 200) {
            throw new IllegalStateException("confirm failed: " + confirmed);
        }
        agent.accessKey = confirmed.json().get("newAccessKey").asString();
        return agent;
    }

    /** The agent of an infrastructure created already, not yet confirmed. */
    public static FakeAgent of(Api server, String infraId) {
        return new FakeAgent(server, infraId);
    }

    public String infraId() {
        return infraId;
    }

    public Api.Response confirm(String installToken) {
        return api.post(
                BASE + "/confirm",
                Map.of("hostname", "test-host", "version", "1.59.0"),
                "X-Infra-ID",
                infraId,
                "X-Access-Key",
                installToken);
    }

    public Api.Response liveness() {
        return api.post(BASE + "/liveness", Map.of(), headers());
    }

    /**
     * Sends liveness every {@code interval} in the background until closed, as a running agent does, for tests that
     * outlast the control plane's liveness timeout and must not see the agent disconnect.
     */
    public AutoCloseable beatEvery(Duration interval) {
        return every(interval, this::liveness);
    }

    /** Runs {@code beat} every {@code interval} in the background until closed. */
    static AutoCloseable every(Duration interval, Runnable beat) {
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        beats.scheduleAtFixedRate(beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return beats::shutdownNow;
    }

    public Api.Response poll(int waitSeconds) {
        return handedOut(lceUIDs, api.get(BASE + "/task?waitSeconds=" + waitSeconds + "&limit=10", headers()));
    }

    /** A status post with the lceUID the task was handed out with (a task never polled gets a made-up one). */
    public Api.Response status(String taskName, String status) {
        return api.post(
                BASE + "/task/status/" + taskName,
                Map.of("taskStatus", status, "lceUID", lceUIDs.getOrDefault(taskName, "never-handed-out")),
                headers());
    }

    /** Remembers the lceUIDs of the tasks a poll answered. */
    static Api.Response handedOut(Map<String, String> lceUIDs, Api.Response poll) {
        if (poll.status() == 200 && !poll.text().isBlank()) {
            poll.json()
                    .path("taskList")
                    .forEach(task -> lceUIDs.put(
                            task.path("taskName").asString(),
                            task.path("lceUID").asString()));
        }
        return poll;
    }

    public Api.Response result(String taskName, String body) {
        return api.postRaw(BASE + "/task/result/" + taskName, body, "application/json", headers());
    }

    public Api.Response pass(String taskName) {
        return result(taskName, """
                {"result":{"taskStatus":"Completed","verdict":"Pass","probeSuccessPercentage":"100","probeStatuses":[]},
                 "logs":"[Chaos]: done"}""");
    }

    public Api.Response logs(String streamId, String accountId, String lines) {
        return api.postRaw(
                BASE + "/logs",
                "{\"streamID\":\"" + streamId + "\",\"accountID\":\"" + accountId + "\",\"logs\":" + lines + "}",
                "application/json",
                headers());
    }

    public String[] headers() {
        return new String[] {"X-Infra-ID", infraId, "X-Access-Key", accessKey};
    }
}
