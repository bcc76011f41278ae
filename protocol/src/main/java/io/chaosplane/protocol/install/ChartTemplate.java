package io.chaosplane.protocol.install;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the templates of ChaosPlane's Helm charts the way Helm does, for the subset of Go templates they are
 * written in, so that the control plane serves exactly what {@code helm template} makes of the same files:
 * <ul>
 *   <li>{@code {{ .Values.a.b }}} and {@code {{ .Values.a.b | quote }}} anywhere in a line;</li>
 *   <li>{@code {{- if .Values.a }}}, {@code {{- if not .Values.a }}}, {@code {{- else }}} and {@code {{- end }}},
 *       each alone on its line (Helm's {@code {{-}} eats the line break before it, so such a line leaves nothing
 *       behind).</li>
 * </ul>
 * A value is false when it is missing, {@code false}, {@code 0}, empty text or an empty list or map, as in Go
 * templates. Anything else in {@code {{ }}} is refused, so that a chart cannot drift into syntax this renderer would
 * get wrong.
 */
public final class ChartTemplate {

    private static final Pattern CONTROL =
            Pattern.compile("\\s*\\{\\{-\\s*(if\\s+(not\\s+)?\\.Values\\.([\\w.]+)|else|end)\\s*}}\\s*");
    private static final Pattern EXPRESSION =
            Pattern.compile("\\{\\{\\s*\\.Values\\.([\\w.]+)(\\s*\\|\\s*quote)?\\s*}}");

    private ChartTemplate() {}

    /**
     * @param values the chart's values, nested maps as {@code values.yaml} reads
     * @throws IllegalArgumentException on syntax outside the subset, an unbalanced block, or a missing value
     */
    public static String render(String template, Map<String, ?> values) {
        StringBuilder out = new StringBuilder();
        Deque<boolean[]> blocks = new ArrayDeque<>(); // {this branch shown, enclosing shown}
        List<String> lines = template.lines().toList();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            boolean shown = blocks.isEmpty() || blocks.peek()[0];
            Matcher control = CONTROL.matcher(line);
            if (control.matches()) {
                String keyword = control.group(1);
                if (keyword.equals("end")) {
                    require(!blocks.isEmpty(), number, "end without if");
                    blocks.pop();
                } else if (keyword.equals("else")) {
                    require(!blocks.isEmpty(), number, "else without if");
                    boolean[] block = blocks.peek();
                    block[0] = block[1] && !block[0];
                } else {
                    boolean truth = truthy(lookup(values, control.group(3)));
                    blocks.push(new boolean[] {shown && (control.group(2) == null) == truth, shown});
                }
                continue;
            }
            require(
                    !line.contains("{{")
                            || EXPRESSION.matcher(line).replaceAll("").indexOf("{{") < 0,
                    number,
                    "only {{ .Values.x }}, {{ .Values.x | quote }} and if/else/end lines are supported: " + line);
            if (!shown) {
                continue;
            }
            Matcher expression = EXPRESSION.matcher(line);
            StringBuilder rendered = new StringBuilder();
            while (expression.find()) {
                Object value = lookup(values, expression.group(1));
                require(value != null, number, ".Values." + expression.group(1) + " has no value");
                String text = String.valueOf(value);
                expression.appendReplacement(
                        rendered, Matcher.quoteReplacement(expression.group(2) == null ? text : quote(text)));
            }
            expression.appendTail(rendered);
            out.append(rendered).append('\n');
        }
        require(blocks.isEmpty(), lines.size(), "if without end");
        return out.toString();
    }

    private static Object lookup(Map<String, ?> values, String path) {
        Object current = values;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean bool -> bool;
            case Number number -> number.doubleValue() != 0;
            case String text -> !text.isEmpty();
            case java.util.Collection<?> collection -> !collection.isEmpty();
            case Map<?, ?> map -> !map.isEmpty();
            default -> true;
        };
    }

    /** Go's {@code %q} for the text these charts hold (no control characters). */
    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void require(boolean condition, int line, String message) {
        if (!condition) {
            throw new IllegalArgumentException("line " + line + ": " + message);
        }
    }
}
