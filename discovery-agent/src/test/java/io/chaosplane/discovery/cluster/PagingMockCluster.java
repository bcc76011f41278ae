package io.chaosplane.discovery.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's mock API server in CRUD mode, with what its CRUD dispatcher lacks and the collector relies on: list pages.
 * A list call with {@code limit} gets at most that many items and a {@code continue} token (the offset) when more are
 * left, as the API server answers. Every request's method and path (with its query) is recorded.
 */
public final class PagingMockCluster implements AutoCloseable {

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final KubernetesMockServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ObjectMapper mapper = new ObjectMapper();

    public PagingMockCluster() {
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

    public KubernetesClient client() {
        return server.createClient();
    }

    public String url() {
        return server.url("/").replaceAll("/+$", "");
    }

    /** Every request so far, as {@code METHOD path?query}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void forgetRequests() {
        requests.clear();
    }

    private MockResponse handle(RecordedRequest request) {
        String path = request.getPath();
        String method = request.getMethod();
        requests.add(method + " " + path);
        int question = path.indexOf('?');
        if (!"GET".equals(method) || question < 0 || !path.contains("limit=")) {
            return crud.dispatch(request);
        }
        long limit = 0;
        int offset = 0;
        List<String> rest = new ArrayList<>();
        for (String pair : path.substring(question + 1).split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            String value = pair.contains("=")
                    ? URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8)
                    : "";
            switch (key) {
                case "limit" -> limit = Long.parseLong(value);
                case "continue" -> offset = Integer.parseInt(value);
                default -> rest.add(pair);
            }
        }
        String unpaged = path.substring(0, question) + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
        MockResponse whole = crud.dispatch(new RecordedRequest(
                request.getHttpVersion(), request.method(), unpaged, request.getHeaders(), new Buffer()));
        if (whole.code() != 200) {
            return whole;
        }
        try {
            ObjectNode list = (ObjectNode) mapper.readTree(whole.getBody().readUtf8());
            ArrayNode items = (ArrayNode) list.get("items");
            ArrayNode page = mapper.createArrayNode();
            for (int i = offset; i < items.size() && i < offset + limit; i++) {
                page.add(items.get(i));
            }
            list.set("items", page);
            ObjectNode metadata = list.has("metadata") ? (ObjectNode) list.get("metadata") : list.putObject("metadata");
            if (offset + limit < items.size()) {
                metadata.put("continue", String.valueOf(offset + limit));
            } else {
                metadata.remove("continue");
            }
            return new MockResponse().setResponseCode(200).setBody(mapper.writeValueAsString(list));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
