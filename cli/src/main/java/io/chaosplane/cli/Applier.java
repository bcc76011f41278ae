package io.chaosplane.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies manifests: an experiment or a workflow by {@code PUT /api/v1/experiments/{namespace}/{name}} or {@code PUT
 * /api/v1/workflows/{namespace}/{name}} (created, updated or unchanged; never started; {@code ?dryRun=true} checks it
 * on the server), a policy by comparing it with the stored
 * one and creating or replacing it. The server's problems are printed at their lines in the file.
 */
final class Applier {

    static final String EXPERIMENT = "ChaosExperiment";
    static final String POLICY = "ChaosPolicy";
    static final String WORKFLOW = "ChaosWorkflow";

    private final ApiClient api;
    private final PrintWriter out;
    private final PrintWriter err;

    Applier(ApiClient api, PrintWriter out, PrintWriter err) {
        this.api = api;
        this.out = out;
        this.err = err;
    }

    /** Applies one document; answers false when the server refused it (its problems printed). */
    boolean apply(Manifests.Document document, boolean dryRun) {
        try {
            String change = switch (document.kind()) {
                case EXPERIMENT -> put("experiments", document, dryRun);
                case POLICY -> policy(document, dryRun);
                case WORKFLOW -> put("workflows", document, dryRun);
                default ->
                    throw new CliException(
                            ExitCode.USAGE,
                            "unknown kind '" + document.kind() + "'; chaosctl applies " + EXPERIMENT + ", " + WORKFLOW
                                    + " and " + POLICY);
            };
            out.println(what(document) + " " + change + (dryRun ? " (dry run)" : ""));
            out.flush();
            return true;
        } catch (ApiClient.ApiError refused) {
            if (refused.exitCode() != ExitCode.USAGE) {
                throw refused;
            }
            err.println(document.at("") + ": " + what(document) + ": " + refused.getMessage());
            for (ApiClient.FieldProblem problem : refused.problems()) {
                String field = document.kind().equals(POLICY) ? policyField(problem.field()) : problem.field();
                err.println(document.at(field) + ": " + field + ": " + problem.message());
            }
            err.flush();
            return false;
        } catch (CliException refused) {
            if (refused.exitCode() != ExitCode.USAGE) {
                throw refused;
            }
            err.println(document.at("") + ": " + refused.getMessage());
            err.flush();
            return false;
        }
    }

    static String what(Manifests.Document document) {
        return switch (document.kind()) {
            case EXPERIMENT -> "experiment " + document.namespace() + "/" + document.name();
            case WORKFLOW -> "workflow " + document.namespace() + "/" + document.name();
            case POLICY -> "policy " + document.name();
            default -> document.kind() + " " + document.name();
        };
    }

    /**
     * The documents in the order they can be applied: workflows after the experiments and policies they refer to, the
     * rest as written.
     */
    static List<Manifests.Document> inOrder(List<Manifests.Document> documents) {
        return documents.stream()
                .sorted(Comparator.comparing(document -> document.kind().equals(WORKFLOW)))
                .toList();
    }

    /**
     * An experiment or a workflow: {@code PUT /api/v1/{experiments|workflows}/{namespace}/{name}}, which creates,
     * updates or leaves it unchanged and never starts it.
     */
    private String put(String collection, Manifests.Document document, boolean dryRun) {
        if (document.name().isBlank()) {
            throw new CliException(ExitCode.USAGE, "metadata.name is required");
        }
        String path = "/api/v1/" + collection + "/" + ApiClient.segment(document.namespace()) + "/"
                + ApiClient.segment(document.name());
        ApiClient.Response response = api.send(
                "PUT",
                path,
                dryRun ? Map.of("dryRun", "true") : Map.of(),
                ApiClient.JSON.writeValueAsString(document.node()),
                "application/json");
        return response.header("X-ChaosPlane-Applied").orElse(response.status() == 201 ? "created" : "configured");
    }

    /** A policy's manifest: {@code metadata.name} and a {@code spec} of description, enabled and rules. */
    private String policy(Manifests.Document document, boolean dryRun) {
        if (document.name().isBlank()) {
            throw new CliException(ExitCode.USAGE, "metadata.name is required");
        }
        ObjectNode request = ApiClient.JSON.createObjectNode();
        request.put("name", document.name());
        JsonNode spec = document.node().path("spec");
        if (spec.has("description")) {
            request.set("description", spec.get("description"));
        }
        request.put("enabled", !spec.has("enabled") || spec.get("enabled").asBoolean(true));
        request.set("rules", spec.path("rules"));
        String path = "/api/v1/policies/" + ApiClient.segment(document.name());
        JsonNode stored;
        try {
            stored = api.get(path);
        } catch (ApiClient.ApiError missing) {
            if (missing.status() != 404) {
                throw missing;
            }
            stored = null;
        }
        if (stored != null && same(stored, request)) {
            return "unchanged";
        }
        if (dryRun) {
            // the server has no dry run for policies: what would change is said, the rules are checked when applied
            return stored == null ? "created" : "updated";
        }
        String body = ApiClient.JSON.writeValueAsString(request);
        if (stored == null) {
            api.send("POST", "/api/v1/policies", Map.of(), body, "application/json");
            return "created";
        }
        api.send("PUT", path, Map.of(), body, "application/json");
        return "updated";
    }

    private static boolean same(JsonNode stored, ObjectNode request) {
        return ApiClient.text(stored, "description", "").equals(ApiClient.text(request, "description", ""))
                && stored.path("enabled").asBoolean() == request.path("enabled").asBoolean()
                && withoutNulls(stored.path("rules")).equals(withoutNulls(request.path("rules")));
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ApiClient.JSON.createObjectNode();
            node.properties().forEach(entry -> {
                if (!entry.getValue().isNull()) {
                    copy.set(entry.getKey(), withoutNulls(entry.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            var copy = ApiClient.JSON.createArrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }

    /** The server names a policy's fields from its request ({@code rules[0].max}); the file has them under spec. */
    private static String policyField(String field) {
        return field.equals("name") ? "metadata.name" : "spec." + field;
    }
}
