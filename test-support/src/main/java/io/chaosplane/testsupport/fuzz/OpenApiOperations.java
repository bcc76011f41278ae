package io.chaosplane.testsupport.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every operation of an OpenAPI 3 document, with a sample body built from its schema (examples where the document
 * gives them): what the fuzz test starts from, so that operations added later are covered without editing it.
 */
public final class OpenApiOperations {

    private static final int SAMPLE_DEPTH = 6;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode document;

    private OpenApiOperations(JsonNode document) {
        this.document = document;
    }

    public static List<ApiOperation> read(String documentJson) {
        return new OpenApiOperations(JsonMapper.builder().build().readTree(documentJson)).operations();
    }

    private List<ApiOperation> operations() {
        List<ApiOperation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                String method = entry.getKey().toUpperCase(Locale.ROOT);
                if (List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    operations.add(operation(method, path.getKey(), entry.getValue()));
                }
            }
        }
        return operations;
    }

    private ApiOperation operation(String method, String path, JsonNode operation) {
        List<ApiOperation.Parameter> parameters = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            String in = parameter.path("in").asString();
            if (in.equals("path") || in.equals("query")) {
                parameters.add(new ApiOperation.Parameter(
                        parameter.path("name").asString(),
                        in,
                        type(resolve(parameter.path("schema"))),
                        parameter.path("required").asBoolean(false)));
            }
        }
        List<String> bodyTypes = new ArrayList<>();
        JsonNode sample = null;
        for (Map.Entry<String, JsonNode> content :
                operation.path("requestBody").path("content").properties()) {
            bodyTypes.add(content.getKey());
            if (sample == null) {
                sample = sample(content.getValue().path("schema"), 0);
            }
        }
        return new ApiOperation(method, path, parameters, bodyTypes, sample);
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/")) {
            JsonNode target = document;
            for (String segment : ref.substring(2).split("/")) {
                target = target.path(segment);
            }
            return resolve(target);
        }
        return schema;
    }

    private static String type(JsonNode schema) {
        String format = schema.path("format").asString("");
        return format.equals("uuid") ? "uuid" : schema.path("type").asString("string");
    }

    /** A value the schema describes: its example when it has one, else one of its type, to a bounded depth. */
    private JsonNode sample(JsonNode given, int depth) {
        JsonNode schema = resolve(given);
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("allOf") && !schema.get("allOf").isEmpty()) {
            return sample(schema.get("allOf").get(0), depth);
        }
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asString(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < SAMPLE_DEPTH) {
                    schema.path("properties")
                            .properties()
                            .forEach(property -> object.set(property.getKey(), sample(property.getValue(), depth + 1)));
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < SAMPLE_DEPTH) {
                    array.add(sample(schema.path("items"), depth + 1));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.stringNode(type(schema).equals("uuid") ? "00000000-0000-4000-8000-00000000f022" : "fuzz");
        };
    }
}
