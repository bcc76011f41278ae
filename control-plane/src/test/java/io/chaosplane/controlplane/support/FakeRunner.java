package io.chaosplane.controlplane.support;

import io.chaosplane.testsupport.Api;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Speaks seed 001's Kubernetes chaos runner calls over HTTP (the kserver paths), as a runner would, for tests of the
 * control plane's side.
 */
public class FakeRunner {

    public static final String BASE = "/chaos/kserver/api/infra";

    private final Api api;
    private final String infraId;
    private final String accessKey;
    /** The lceUID each task was handed out with, as a runner keeps it for the task's status posts. */
    private final Map<String, String> lceUIDs = new ConcurrentHashMap<>();

    private FakeRunner(Api api, String infraId, String accessKey) {
        this.api = api;
        this.infraId = infraId;
        this.accessKey = accessKey;
    }

    /** Creates a Kubernetes infrastructure through the API and confirms its runner with the install token. */
    public static FakeRunner install(Api server, Api admin, String identifier) {
        JsonNode created = admin.post(
                        "/api/v1/infrastructures",
                        Map.of("identifier", identifier, "name", identifier, "type", "Kubernetes"))
                .json();
        String infraId = created.get("infrastructure").get("id").asString();
        Api.Response confirmed = server.post(
                BASE + "/confirm",
                Map.of("hostname", "chaosplane-agent-7d9f", "version", "0.1.0"),
                "X-Infra-ID",
                infraId,
                "X-Access-Key",
                created.get("installToken").asString());
        if (confirmed.status() != 200) {
            throw new IllegalStateException("confirm failed: " + confirmed);
        }
        return new FakeRunner(
                server, infraId, confirmed.json().get("newAccessKey").asString());
    }

    public String infraId() {
        return infraId;
    }

    public String accessKey() {
        return accessKey;
    }

    public Api.Response liveness() {
        return api.post(BASE + "/liveness", Map.of(), headers());
    }

    /** Sends liveness every {@code interval} in the background until closed, as a running runner does. */
    public AutoCloseable beatEvery(java.time.Duration interval) {
        return FakeAgent.every(interval, this::liveness);
    }

    public Api.Response poll(int waitSeconds) {
        return FakeAgent.handedOut(lceUIDs, api.get(BASE + "/task?waitSeconds=" + waitSeconds + "&limit=1", headers()));
    }

    /** A Running status post with the lceUID the task was handed out with. */
    public Api.Response status(String taskName) {
        return api.post(
                BASE + "/task/status/" + taskName,
                Map.of("taskStatus", "Running", "lceUID", lceUIDs.getOrDefault(taskName, "never-handed-out")),
                headers());
    }

    public Api.Response result(String taskName, String body) {
        return api.postRaw(BASE + "/task/result/" + taskName, body, "application/json", headers());
    }

    /** A v2 task response as the seed sends it: X-Access-Key only, the infrastructure in the path. */
    public Api.Response taskResponse(String pathInfra, String query, String body) {
        return api.postRaw(
                BASE + "/v2/task/response/" + pathInfra + (query.isEmpty() ? "" : "?" + query),
                body,
                "application/json",
                "X-Access-Key",
                accessKey);
    }

    public Api.Response experimentRun(String experimentId, String runId) {
        return api.get(
                BASE + "/v2/task/experimentrun/" + infraId + "/" + experimentId + "/" + runId,
                "X-Access-Key",
                accessKey);
    }

    public String[] headers() {
        return new String[] {"X-Infra-ID", infraId, "X-Access-Key", accessKey};
    }
}
