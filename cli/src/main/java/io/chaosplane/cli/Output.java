package io.chaosplane.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/** Lists and objects as a table, JSON or YAML ({@code -o}); tables are plain text, never escape codes. */
final class Output {

    enum Format {
        table,
        json,
        yaml
    }

    /** A column of a table: its header and the JSON pointer of its value in an item ({@code /action/type}). */
    record Column(String header, String pointer) {

        /** Columns written {@code HEADER=/pointer}, in order. */
        static List<Column> of(String... columns) {
            List<Column> parsed = new ArrayList<>();
            for (String column : columns) {
                int split = column.indexOf('=');
                parsed.add(new Column(column.substring(0, split), column.substring(split + 1)));
            }
            return List.copyOf(parsed);
        }
    }

    private Output() {}

    static void print(PrintWriter out, Format format, JsonNode value, List<Column> columns) {
        switch (format) {
            case json -> out.println(json(value));
            case yaml -> out.print(yaml(value));
            case table -> out.print(table(value.isArray() ? value : value.path("items"), columns));
        }
        out.flush();
    }

    static String json(JsonNode value) {
        return ApiClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }

    static String yaml(JsonNode value) {
        return Manifests.YAML.writeValueAsString(value);
    }

    /** Columns padded to their widest cell, two spaces apart; a missing value is {@code -}. */
    static String table(JsonNode items, List<Column> columns) {
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode item : items) {
            rows.add(columns.stream()
                    .map(column -> cell(item.at(column.pointer())))
                    .toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }

    static String cell(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (value.isNumber()) {
            return number(value);
        }
        if (value.isArray()) {
            return Integer.toString(value.size());
        }
        if (value.isValueNode()) {
            String text = value.asString();
            return text.isBlank() ? "-" : text.replaceAll("\\s+", " ");
        }
        return value.toString();
    }

    /** A number as people write it: 100, 87.5, never 100.00 or 1E+2. */
    static String number(JsonNode value) {
        return number(value.decimalValue());
    }

    static String number(double value) {
        return number(BigDecimal.valueOf(value));
    }

    private static String number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    static String seconds(long seconds) {
        return seconds < 60 ? seconds + "s" : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
