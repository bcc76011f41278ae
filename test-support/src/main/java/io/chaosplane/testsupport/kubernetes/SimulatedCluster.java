package io.chaosplane.testsupport.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster for tests: fabric8's mock API server in CRUD mode, holding real Deployments, ReplicaSets, Pods and Nodes,
 * with the few things a real cluster's other parts would do, so that faults can be seen working and reverted:
 * <ul>
 *   <li>a ReplicaSet controller: a deployment's pods are kept at its replicas (deleted ones come back under new
 *       names, a scale creates or deletes pods);</li>
 *   <li>a kubelet: a new pod runs at once; a helper pod that stops a container (its command {@code crictl ... stop
 *       ... <id>}) succeeds and restarts that container (its restart count goes up), one that shapes traffic (a
 *       {@code tc qdisc} or {@code iptables} script, the container in its {@code CONTAINER_ID} variable) keeps
 *       running, and the pod it shapes counts as shaped until the helper is deleted;</li>
 *   <li>exec: {@code sh -c} scripts of the stress faults start and stop simulated processes in the container (by their
 *       marker file, as the real scripts do), and answer on the exec websocket as the API server does;</li>
 *   <li>eviction: the pod is deleted.</li>
 * </ul>
 * Every call is recorded (method and path), for checking RBAC rules against what the runner really asks for. What
 * this cannot show: real processes and qdiscs inside containers, scheduling, disruption budgets.
 */
public final class SimulatedCluster implements AutoCloseable {

    public static final String APP_LABEL = "app";

    private static final Pattern POD = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)");
    private static final Pattern PODS = Pattern.compile("/api/v1/namespaces/([^/]+)/pods");
    private static final Pattern DEPLOYMENT = Pattern.compile("/apis/apps/v1/namespaces/([^/]+)/deployments/([^/?]+)");

    /** One API call as RBAC sees it. */
    public record Call(String method, String path, String group, String resource, String verb) {}

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final KubernetesMockServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> processes = new ConcurrentHashMap<>();
    private final List<String> execScripts = new CopyOnWriteArrayList<>();
    private final Set<String> shaped = ConcurrentHashMap.newKeySet();
    private final Map<String, String> helperShapes = new ConcurrentHashMap<>();
    private final AtomicInteger podNames = new AtomicInteger();
    private final Map<String, List<String>> nodesOf = new ConcurrentHashMap<>();

    public SimulatedCluster() {
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        return handle(request);
                    }
                },
                false);
        server.init();
    }

    /** A client of this cluster, as the runner's would be. */
    public KubernetesClient client() {
        return server.createClient();
    }

    /** The API server's URL, for a runner in another process ({@code KUBERNETES_MASTER}). */
    public String url() {
        return server.url("/").replaceAll("/+$", "");
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void forgetCalls() {
        calls.clear();
    }

    /** A node, schedulable, with labels. */
    public void node(String name, Map<String, String> labels) {
        create(
                "/api/v1/nodes",
                new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .build());
    }

    /** A deployment with its ReplicaSet and running pods, spread over the nodes given (round robin). */
    public void deployment(String namespace, String name, int replicas, List<String> nodes) {
        Map<String, String> labels = Map.of(APP_LABEL, name);
        create(
                "/apis/apps/v1/namespaces/" + namespace + "/deployments",
                new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("app:1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build());
        create(
                "/apis/apps/v1/namespaces/" + namespace + "/replicasets",
                new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName(name + "-rs")
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .endSpec()
                        .build());
        nodesOf.put(namespace + "/" + name, List.copyOf(nodes));
        reconcile(namespace, name);
    }

    /** A pod of a DaemonSet on a node (drain leaves it). */
    public void daemonPod(String namespace, String name, String node) {
        create(
                "/api/v1/namespaces/" + namespace + "/pods",
                running(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(Map.of(APP_LABEL, "daemon"))
                        .addNewOwnerReference()
                        .withKind("DaemonSet")
                        .withName("daemon")
                        .withApiVersion("apps/v1")
                        .withUid("ds")
                        .endOwnerReference()
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("agent")
                        .withImage("agent:1")
                        .endContainer()
                        .endSpec()
                        .build()));
    }

    /** The stress processes running in a container, by their marker. */
    public Set<String> processes(String namespace, String pod, String container) {
        return Set.copyOf(processes.getOrDefault(namespace + "/" + pod + "/" + container, Set.of()));
    }

    /** The scripts run by exec, in order, as {@code namespace/pod/container: script}. */
    public List<String> execScripts() {
        return List.copyOf(execScripts);
    }

    /** Every stress process anywhere. */
    public int processCount() {
        return processes.values().stream().mapToInt(Set::size).sum();
    }

    /** Pods whose traffic a helper shapes now. */
    public Set<String> shapedPods() {
        return Set.copyOf(shaped);
    }

    private MockResponse handle(RecordedRequest request) {
        String path = request.getPath();
        String method = request.getMethod();
        calls.add(call(method, path));
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (bare.endsWith("/exec")) {
            return exec(bare, path);
        }
        Matcher pod = POD.matcher(bare);
        if ("POST".equals(method) && bare.endsWith("/eviction") && pod.find()) {
            deletePod(pod.group(1), pod.group(2));
            return new MockResponse().setResponseCode(201).setBody("{\"kind\":\"Status\",\"status\":\"Success\"}");
        }
        if ("POST".equals(method) && PODS.matcher(bare).matches()) {
            Pod created = Serialization.unmarshal(request.getUtf8Body(), Pod.class);
            kubelet(created);
            return crud.dispatch(request("POST", bare, Serialization.asJson(created)));
        }
        if ("DELETE".equals(method) && pod.matches()) {
            return deletePod(pod.group(1), pod.group(2));
        }
        if ("GET".equals(method) && bare.equals("/api/v1/pods") && path.contains("fieldSelector=spec.nodeName")) {
            // the CRUD mock knows metadata field selectors only; the API server also selects pods by node
            String node = query(path).get("fieldSelector").getFirst().substring("spec.nodeName=".length());
            PodList onNode = new PodList();
            onNode.setItems(allPods().stream()
                    .filter(p -> node.equals(p.getSpec().getNodeName()))
                    .toList());
            return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(onNode));
        }
        MockResponse response = crud.dispatch(request);
        Matcher deployment = DEPLOYMENT.matcher(bare);
        if (("PATCH".equals(method) || "PUT".equals(method)) && deployment.matches()) {
            reconcile(deployment.group(1), deployment.group(2));
        }
        return response;
    }

    private MockResponse deletePod(String namespace, String name) {
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        Pod pod = get(path, Pod.class);
        MockResponse response = crud.dispatch(request("DELETE", path, null));
        if (pod != null) {
            String shapedBy = helperShapes.remove(name);
            if (shapedBy != null) {
                shaped.remove(shapedBy);
            }
            processes.keySet().removeIf(key -> key.startsWith(namespace + "/" + name + "/"));
            String app = pod.getMetadata().getLabels() == null
                    ? null
                    : pod.getMetadata().getLabels().get(APP_LABEL);
            if (app != null && nodesOf.containsKey(namespace + "/" + app)) {
                reconcile(namespace, app);
            }
        }
        return response;
    }

    /** Keeps the deployment's pods at its replicas, as the ReplicaSet controller would. */
    private void reconcile(String namespace, String name) {
        Deployment deployment = get("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name, Deployment.class);
        if (deployment == null) {
            return;
        }
        List<Pod> pods = podsWith(namespace, APP_LABEL, name);
        int want = deployment.getSpec().getReplicas() == null
                ? 1
                : deployment.getSpec().getReplicas();
        List<String> nodes = nodesOf.getOrDefault(namespace + "/" + name, List.of("node-a"));
        for (int i = pods.size(); i < want; i++) {
            int number = podNames.incrementAndGet();
            create(
                    "/api/v1/namespaces/" + namespace + "/pods",
                    running(new PodBuilder()
                            .withNewMetadata()
                            .withName(name + "-" + Integer.toHexString(0x1000 + number))
                            .withNamespace(namespace)
                            .withLabels(Map.of(APP_LABEL, name))
                            .addNewOwnerReference()
                            .withKind("ReplicaSet")
                            .withName(name + "-rs")
                            .withApiVersion("apps/v1")
                            .withUid(name + "-rs")
                            .endOwnerReference()
                            .endMetadata()
                            .withNewSpec()
                            .withNodeName(nodes.get(number % nodes.size()))
                            .addNewContainer()
                            .withName("app")
                            .withImage("app:1")
                            .endContainer()
                            .endSpec()
                            .build()));
        }
        for (int i = want; i < pods.size(); i++) {
            crud.dispatch(request(
                    "DELETE",
                    "/api/v1/namespaces/" + namespace + "/pods/"
                            + pods.get(i).getMetadata().getName(),
                    null));
        }
    }

    /** What a kubelet makes of a new pod: running containers; a helper's effect on its target. */
    private void kubelet(Pod pod) {
        var container = pod.getSpec().getContainers().getFirst();
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        if (command.size() > 2 && command.getFirst().equals("crictl") && command.contains("stop")) {
            restartContainer(command.getLast());
            running(pod).getStatus().setPhase("Succeeded");
            return;
        }
        String script = command.size() > 2 && command.get(1).equals("-c") ? command.get(2) : "";
        if ((script.contains("tc qdisc") || script.contains("iptables")) && container.getEnv() != null) {
            container.getEnv().stream()
                    .filter(variable -> variable.getName().equals("CONTAINER_ID"))
                    .findFirst()
                    .flatMap(variable -> podByContainerId(variable.getValue()))
                    .ifPresent(target -> {
                        shaped.add(target);
                        helperShapes.put(pod.getMetadata().getName(), target);
                    });
        }
        running(pod);
    }

    private void restartContainer(String containerId) {
        for (Pod pod : allPods()) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            boolean hit = false;
            for (var status : pod.getStatus().getContainerStatuses()) {
                if (status.getContainerID() != null && status.getContainerID().endsWith("://" + containerId)) {
                    status.setRestartCount(status.getRestartCount() + 1);
                    hit = true;
                }
            }
            if (hit) {
                processes
                        .keySet()
                        .removeIf(key -> key.startsWith(pod.getMetadata().getNamespace() + "/"
                                + pod.getMetadata().getName() + "/"));
                crud.dispatch(request(
                        "PUT",
                        "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                                + pod.getMetadata().getName(),
                        Serialization.asJson(pod)));
            }
        }
    }

    private java.util.Optional<String> podByContainerId(String containerId) {
        return allPods().stream()
                .filter(pod -> pod.getStatus() != null
                        && pod.getStatus().getContainerStatuses() != null
                        && pod.getStatus().getContainerStatuses().stream()
                                .anyMatch(status ->
                                        String.valueOf(status.getContainerID()).endsWith("://" + containerId)))
                .map(pod -> pod.getMetadata().getNamespace() + "/"
                        + pod.getMetadata().getName())
                .findFirst();
    }

    /** The stress scripts: start records the marker's processes, stop removes them. */
    private MockResponse exec(String bare, String path) {
        Matcher pod = POD.matcher(bare);
        pod.find();
        String namespace = pod.group(1);
        String name = pod.group(2);
        Map<String, List<String>> query = query(path);
        String container = query.getOrDefault("container", List.of("")).getFirst();
        String script = query.getOrDefault("command", List.of("")).getLast();
        if (get("/api/v1/namespaces/" + namespace + "/pods/" + name, Pod.class) == null) {
            return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}");
        }
        String key = namespace + "/" + name + "/" + container;
        execScripts.add(key + ": " + script);
        Matcher marker = Pattern.compile("M=(\\S+)").matcher(script);
        String output = "";
        if (marker.find()) {
            if (script.contains("echo started")) {
                processes
                        .computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                        .add(marker.group(1));
                output = "started\n";
            } else if (script.contains("echo reverted")) {
                Set<String> running = processes.get(key);
                if (running != null) {
                    running.remove(marker.group(1));
                }
                output = "reverted\n";
            }
        }
        String stdout = output;
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                if (!stdout.isEmpty()) {
                    webSocket.send(new OutputStreamMessage(stdout).getBytes());
                }
                webSocket.send(new StatusStreamMessage(0).getBytes());
                webSocket.close(1000, "done");
            }
        });
    }

    private List<Pod> allPods() {
        PodList list = Serialization.unmarshal(
                crud.dispatch(request("GET", "/api/v1/pods", null)).getBody().readUtf8(), PodList.class);
        return list.getItems();
    }

    private List<Pod> podsWith(String namespace, String label, String value) {
        List<Pod> pods = new ArrayList<>();
        for (Pod pod : allPods()) {
            if (namespace.equals(pod.getMetadata().getNamespace())
                    && pod.getMetadata().getLabels() != null
                    && value.equals(pod.getMetadata().getLabels().get(label))) {
                pods.add(pod);
            }
        }
        return pods;
    }

    private static Pod running(Pod pod) {
        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new ArrayList<>();
        pod.getSpec()
                .getContainers()
                .forEach(container -> statuses.add(new ContainerStatusBuilder()
                        .withName(container.getName())
                        .withReady(true)
                        .withRestartCount(0)
                        .withContainerID("containerd://" + pod.getMetadata().getName() + "-" + container.getName())
                        .build()));
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase("Running")
                .withContainerStatuses(statuses)
                .build());
        return pod;
    }

    private void create(String path, HasMetadata object) {
        crud.dispatch(request("POST", path, Serialization.asJson(object)));
    }

    private <T> T get(String path, Class<T> type) {
        MockResponse response = crud.dispatch(request("GET", path, null));
        return response.code() == 200
                ? Serialization.unmarshal(response.getBody().readUtf8(), type)
                : null;
    }

    private static RecordedRequest request(String method, String path, String body) {
        Buffer buffer = new Buffer();
        if (body != null) {
            buffer.writeUtf8(body);
        }
        return new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.valueOf(method),
                path,
                Headers.builder().add("Content-Type", "application/json").build(),
                buffer);
    }

    private static Map<String, List<String>> query(String path) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        int start = path.indexOf('?');
        if (start < 0) {
            return query;
        }
        for (String pair : path.substring(start + 1).split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /** The RBAC view of a call: API group, resource (with subresource) and verb. */
    static Call call(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        boolean watch = path.contains("watch=true");
        List<String> parts = new ArrayList<>(List.of(bare.replaceFirst("^/", "").split("/")));
        String group;
        if (parts.getFirst().equals("api")) {
            group = "";
            parts = parts.subList(2, parts.size());
        } else {
            group = parts.get(1);
            parts = parts.subList(3, parts.size());
        }
        if (parts.size() >= 2 && parts.getFirst().equals("namespaces") && parts.size() > 2) {
            parts = parts.subList(2, parts.size());
        }
        String resource = parts.getFirst() + (parts.size() > 2 ? "/" + parts.get(2) : "");
        boolean named = parts.size() > 1;
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return new Call(method, bare, group, resource, verb);
    }

    /** Whether nothing of the kind is left behind: helper pods, stress processes, shaped traffic. */
    public List<String> leftovers(String helperNamespace) {
        List<String> left = new ArrayList<>();
        podsWith(helperNamespace, "app.kubernetes.io/managed-by", "chaosplane-agent-k8s")
                .forEach(pod -> left.add("helper pod " + pod.getMetadata().getName()));
        processes.forEach((key, markers) -> markers.forEach(marker -> left.add("process " + marker + " in " + key)));
        shaped.forEach(pod -> left.add("shaped traffic of " + pod));
        return left;
    }

    /** Node names that are cordoned. */
    public Set<String> cordonedNodes() {
        Set<String> cordoned = new LinkedHashSet<>();
        List<Node> nodes = Serialization.unmarshal(
                        crud.dispatch(request("GET", "/api/v1/nodes", null))
                                .getBody()
                                .readUtf8(),
                        io.fabric8.kubernetes.api.model.NodeList.class)
                .getItems();
        for (Node node : nodes) {
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                cordoned.add(node.getMetadata().getName());
            }
        }
        return cordoned;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
