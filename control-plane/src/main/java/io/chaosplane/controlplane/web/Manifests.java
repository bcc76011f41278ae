package io.chaosplane.controlplane.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Documents pasted into an editor, YAML or JSON (YAML reads both), read as the API reads a posted body, and the
 * line each field of the document is on, so that a problem the API reports at {@code spec.action.parameters.Load}
 * shows at its line.
 */
@Component
class Manifests {

    /** A problem of a pasted document: its field, what is wrong, and its line (0 when the field is not in it). */
    public record Problem(String field, String message, int line) {}

    private final YAMLMapper yaml = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** Documents shown for editing: only the members that are set, quoted only where YAML needs it. */
    private final YAMLMapper writer = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(
                    YAMLWriteFeature.MINIMIZE_QUOTES,
                    YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS,
                    YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    /** Reads the document; an unreadable one is an {@link InvalidInputException} at the field that could not be read. */
    <T> T read(String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw InvalidInputException.of("body", "paste a document first");
        }
        try {
            T value = yaml.readValue(text, type);
            if (value == null) {
                throw InvalidInputException.of("body", "the document is empty");
            }
            return value;
        } catch (DatabindException e) {
            String field = e.getPath().isEmpty() ? "body" : path(e);
            throw InvalidInputException.of(field, "has the wrong type or an invalid value");
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw InvalidInputException.of(
                    "body",
                    "is not well-formed YAML or JSON"
                            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    <T> T convert(Object tree, Class<T> type) {
        return yaml.convertValue(tree, type);
    }

    String write(Object value) {
        return writer.writeValueAsString(value);
    }

    /** The problems with the line of each field in the document. */
    List<Problem> locate(String text, List<FieldProblem> problems) {
        Map<String, Integer> lines = lines(text);
        List<Problem> located = new ArrayList<>();
        for (FieldProblem problem : problems) {
            located.add(new Problem(problem.field(), problem.message(), lineOf(problem.field(), lines)));
        }
        return located;
    }

    private static int lineOf(String field, Map<String, Integer> lines) {
        // a field the document lacks (a required one) is shown at the nearest member it does have
        for (String path = field; !path.isEmpty(); path = parent(path)) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** Every member's path in the API's notation ({@code rules[2].windows[0].start}) and its line. */
    private Map<String, Integer> lines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Object> path = new ArrayDeque<>(); // a String member name or an int[] array index
        try (JsonParser parser = yaml.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case PROPERTY_NAME -> {
                        if (!path.isEmpty() && path.peekLast() instanceof String) {
                            path.removeLast();
                        }
                        path.addLast(parser.currentName());
                        lines.putIfAbsent(
                                render(path), parser.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        nextElement(path, lines, parser);
                        if (token == JsonToken.START_ARRAY) {
                            path.addLast(new int[] {-1});
                        } else {
                            path.addLast(OBJECT);
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        if (!path.isEmpty() && path.peekLast() instanceof String) {
                            path.removeLast();
                        }
                        if (!path.isEmpty()) {
                            path.removeLast();
                        }
                    }
                    default -> nextElement(path, lines, parser);
                }
            }
        } catch (JacksonException e) {
            // an unreadable document has been reported by read(); its lines so far are what we know
        }
        return lines;
    }

    private static final Object OBJECT = new Object();

    private static void nextElement(Deque<Object> path, Map<String, Integer> lines, JsonParser parser) {
        if (!path.isEmpty() && path.peekLast() instanceof int[] index) {
            index[0]++;
            lines.putIfAbsent(render(path), parser.currentTokenLocation().getLineNr());
        }
    }

    private static String render(Deque<Object> path) {
        StringBuilder rendered = new StringBuilder();
        for (Object part : path) {
            if (part instanceof String name) {
                rendered.append(rendered.isEmpty() ? "" : ".").append(name);
            } else if (part instanceof int[] index) {
                rendered.append('[').append(index[0]).append(']');
            }
        }
        return rendered.toString();
    }

    private static String path(DatabindException e) {
        StringBuilder rendered = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                rendered.append(rendered.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                rendered.append('[').append(reference.getIndex()).append(']');
            }
        }
        return rendered.toString();
    }
}
