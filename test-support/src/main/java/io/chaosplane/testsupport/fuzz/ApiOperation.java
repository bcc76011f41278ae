package io.chaosplane.testsupport.fuzz;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One operation of a service, as its OpenAPI document describes it (or as a test lists it where the document does
 * not): the method, the path template, its parameters, and the body it takes with a sample of one.
 */
public record ApiOperation(
        String method, String path, List<Parameter> parameters, List<String> bodyTypes, JsonNode sampleBody) {

    /** A path or query parameter; {@code type} is the schema's ({@code string}, {@code integer}, {@code uuid}...). */
    public record Parameter(String name, String in, String type, boolean required) {}

    public ApiOperation {
        parameters = List.copyOf(parameters);
        bodyTypes = List.copyOf(bodyTypes);
    }

    /**
     * An operation as a test lists it, where the document does not describe it: its path parameters come from the
     * path, its query parameters are given by name (each required).
     */
    public static ApiOperation listed(
            String method, String path, List<String> queryParameters, String bodyType, JsonNode sampleBody) {
        List<Parameter> parameters = new java.util.ArrayList<>(java.util.regex.Pattern.compile("\\{([^}]+)}")
                .matcher(path)
                .results()
                .map(match -> new Parameter(match.group(1), "path", "string", true))
                .toList());
        queryParameters.forEach(name -> parameters.add(new Parameter(name, "query", "string", true)));
        return new ApiOperation(method, path, parameters, bodyType == null ? List.of() : List.of(bodyType), sampleBody);
    }

    public boolean takesBody() {
        return !bodyTypes.isEmpty();
    }

    public String key() {
        return method + " " + path;
    }
}
