package dev.pgclone.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * pgclone's verify rows ({@code schema_name}, {@code table_name}, {@code source_rows}, {@code target_rows},
 * {@code match} = ✓ / ✗ / ✗ (missing)), as the result itself when it is an array, else as its first array of rows
 * ({@code tables}, {@code rows}, ...). A {@code note} (or {@code reason}) per row is shown when there is one.
 */
final class VerifyRendering implements ResultRendering {

    @Override
    public boolean good(JsonNode result) {
        List<JsonNode> rows = rows(result);
        if (rows.isEmpty()) {
            JsonNode match = result.get("match");
            return match == null || !match.isBoolean() || match.booleanValue();
        }
        return rows.stream().allMatch(VerifyRendering::matches);
    }

    @Override
    public List<String> lines(JsonNode result) {
        List<JsonNode> rows = rows(result);
        List<String> out = new ArrayList<>();
        long differing = rows.stream().filter(r -> !matches(r)).count();
        out.add(rows.size() + " table" + (rows.size() == 1 ? "" : "s") + ": " + (differing == 0 ? "all match"
                : differing + " differ" + (differing == 1 ? "s" : "")));
        if (rows.isEmpty()) {
            return out;
        }
        boolean notes = rows.stream().anyMatch(r -> note(r) != null);
        TextTable table = notes ? new TextTable("schema", "table", "source_rows", "target_rows", "match", "note")
                : new TextTable("schema", "table", "source_rows", "target_rows", "match");
        for (JsonNode r : rows) {
            String schema = first(r, "schema_name", "schema");
            String name = first(r, "table_name", "table");
            String match = r.path("match").isBoolean() ? (r.get("match").booleanValue() ? "✓" : "✗")
                    : r.path("match").asText("");
            if (notes) {
                table.row(schema, name, count(r.get("source_rows")), count(r.get("target_rows")), match,
                        note(r) == null ? "" : note(r));
            } else {
                table.row(schema, name, count(r.get("source_rows")), count(r.get("target_rows")), match);
            }
        }
        out.add("");
        out.addAll(table.lines());
        return out;
    }

    static List<JsonNode> rows(JsonNode result) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode list = result.isArray() ? result : null;
        if (list == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext() && list == null; ) {
                JsonNode v = it.next().getValue();
                if (v.isArray() && !v.isEmpty() && v.get(0).isObject()
                        && (v.get(0).has("table_name") || v.get(0).has("table"))) {
                    list = v;
                }
            }
        }
        if (list != null) {
            list.forEach(out::add);
        }
        return out;
    }

    private static boolean matches(JsonNode row) {
        JsonNode m = row.path("match");
        return m.isBoolean() ? m.booleanValue() : m.asText("").startsWith("✓");
    }

    private static String note(JsonNode row) {
        for (String key : List.of("note", "reason")) {
            if (row.path(key).isTextual() && !row.get(key).asText().isBlank()) {
                return row.get(key).asText();
            }
        }
        return null;
    }

    private static String first(JsonNode row, String... keys) {
        for (String key : keys) {
            if (row.has(key)) {
                return ResultRendering.text(row.get(key));
            }
        }
        return "";
    }

    private static String count(JsonNode n) {
        return n != null && n.isNumber() ? Units.count(n.asLong()) : ResultRendering.text(n);
    }
}
