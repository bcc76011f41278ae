package io.chaosplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Manifests read from a file, a directory (its {@code .yaml}, {@code .yml} and {@code .json} files, by name) or
 * standard input: several YAML documents per file (JSON is YAML too), each with the line of every field, so that the
 * server's problems ({@code spec.action.parameters.Load}) can be shown at their lines.
 */
final class Manifests {

    static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One document: where it came from, the line it starts at, its tree and its fields' lines. */
    record Document(String source, int line, JsonNode node, Map<String, Integer> fieldLines) {

        String kind() {
            return ApiClient.text(node, "kind", "");
        }

        String name() {
            return node.path("metadata").path("name").asString("");
        }

        String namespace() {
            String namespace = node.path("metadata").path("namespace").asString("");
            return namespace.isBlank() ? "default" : namespace;
        }

        /** The line of a field as the server names it, or of its nearest enclosing field, else the document's. */
        int lineOf(String field) {
            String path = field;
            while (!path.isEmpty()) {
                Integer line = fieldLines.get(path);
                if (line != null) {
                    return line;
                }
                int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
                path = cut < 0 ? "" : path.substring(0, cut);
            }
            return line;
        }

        /** {@code demo.yaml:12}, as compilers print a place. */
        String at(String field) {
            return source + ":" + lineOf(field);
        }
    }

    private Manifests() {}

    /** Reads {@code -} (standard input), a file, or a directory's manifest files in name order. */
    static List<Document> read(String location, InputStream stdin) {
        if (location.equals("-")) {
            try {
                return parse("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            List<Document> documents = new ArrayList<>();
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.filter(Manifests::isManifest).sorted().toList()) {
                    documents.addAll(parse(file.toString(), readFile(file)));
                }
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "cannot read " + path + ": " + e.getMessage(), e);
            }
            return documents;
        }
        if (!Files.isRegularFile(path)) {
            throw new CliException(ExitCode.USAGE, "no such file or directory: " + location);
        }
        return parse(location, readFile(path));
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The documents of one text, empty ones left out. */
    static List<Document> parse(String source, String text) {
        List<Document> documents = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            List<Map<String, Integer>> lines = fieldLines(parser);
            try (JsonParser again = YAML.createParser(text)) {
                int index = 0;
                while (again.nextToken() != null) {
                    int line = again.currentTokenLocation().getLineNr();
                    JsonNode node = YAML.readTree(again);
                    Map<String, Integer> fields = index < lines.size() ? lines.get(index) : Map.of();
                    index++;
                    if (node != null && !node.isNull() && !node.isMissingNode()) {
                        if (!node.isObject()) {
                            throw new CliException(
                                    ExitCode.USAGE, source + ":" + line + ": a manifest must be a mapping");
                        }
                        documents.add(new Document(source, line, node, fields));
                    }
                }
            }
        } catch (JacksonException e) {
            var location = e.getLocation();
            throw new CliException(
                    ExitCode.USAGE,
                    source + ":" + (location == null ? "?" : location.getLineNr()) + ": not valid YAML or JSON: "
                            + e.getOriginalMessage(),
                    e);
        }
        return documents;
    }

    /** For each document, the line of every field path ({@code spec.steps[0][1].name}) where its value starts. */
    private static List<Map<String, Integer>> fieldLines(JsonParser parser) {
        List<Map<String, Integer>> documents = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        Deque<Object> path = new ArrayDeque<>(); // String for a field, int[] {index} for an array
        int depth = 0;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            if (token == JsonToken.PROPERTY_NAME) {
                path.addLast(parser.currentName());
                lines.putIfAbsent(render(path), parser.currentTokenLocation().getLineNr());
                continue;
            }
            if (!path.isEmpty() && path.peekLast() instanceof int[] index) {
                if (token != JsonToken.END_ARRAY && token != JsonToken.END_OBJECT) { // a value starts
                    index[0]++;
                    lines.putIfAbsent(
                            render(path), parser.currentTokenLocation().getLineNr());
                }
            }
            if (token == JsonToken.START_OBJECT) {
                depth++;
            } else if (token == JsonToken.START_ARRAY) {
                depth++;
                path.addLast(new int[] {-1});
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
                if (token == JsonToken.END_ARRAY) {
                    path.removeLast();
                }
                if (!path.isEmpty() && path.peekLast() instanceof String) {
                    path.removeLast();
                }
            } else if (!path.isEmpty() && path.peekLast() instanceof String) {
                path.removeLast(); // a scalar ends its field
            }
            if (depth == 0) {
                documents.add(lines);
                lines = new HashMap<>();
                path.clear();
            }
        }
        return documents;
    }

    private static String render(Deque<Object> path) {
        StringBuilder rendered = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof int[] index) {
                rendered.append('[').append(index[0]).append(']');
            } else {
                if (!rendered.isEmpty()) {
                    rendered.append('.');
                }
                rendered.append(segment);
            }
        }
        return rendered.toString();
    }
}
