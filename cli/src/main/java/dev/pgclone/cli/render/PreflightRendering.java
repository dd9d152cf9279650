package dev.pgclone.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * pgclone's preflight shape: {@code ready}, {@code summary}, {@code errors}, {@code warnings}, {@code info} and
 * {@code checks} ({@code {name: {status, message | value | bytes | count, items, ...}}}); checks this project adds
 * show as they come.
 */
final class PreflightRendering implements ResultRendering {

    @Override
    public boolean good(JsonNode result) {
        JsonNode ready = result.get("ready");
        return ready != null && ready.isBoolean() ? ready.booleanValue() : result.path("errors").isEmpty();
    }

    @Override
    public List<String> lines(JsonNode result) {
        List<String> out = new ArrayList<>();
        String schema = result.path("schema").asText(null);
        int errors = result.path("errors").size();
        int warnings = result.path("warnings").size();
        out.add((schema == null ? "" : "schema " + schema + ": ") + (good(result) ? "ready" : "NOT ready") + " ("
                + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning"
                + (warnings == 1 ? "" : "s") + ")");
        for (String level : List.of("errors", "warnings", "info")) {
            JsonNode list = result.path(level);
            if (list.isArray() && !list.isEmpty()) {
                out.add("");
                out.add(level + ":");
                list.forEach(m -> out.add("  - " + ResultRendering.text(m)));
            }
        }
        JsonNode checks = result.path("checks");
        if (checks.isObject() && !checks.isEmpty()) {
            TextTable table = new TextTable("check", "status", "detail");
            for (Iterator<Map.Entry<String, JsonNode>> it = checks.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode check = e.getValue();
                table.row(e.getKey(), check.path("status").asText(""), detail(check));
            }
            out.add("");
            out.addAll(table.lines());
        }
        return out;
    }

    /** What a check found: its message, else its values ({@code 16.3 (major 16)}, {@code 1.2 GB}, counts, items). */
    static String detail(JsonNode check) {
        if (!check.isObject()) {
            return ResultRendering.text(check);
        }
        if (check.path("message").isTextual()) {
            return check.get("message").asText();
        }
        List<String> parts = new ArrayList<>();
        if (check.has("value")) {
            parts.add(ResultRendering.text(check.get("value"))
                    + (check.has("major") ? " (major " + check.get("major").asText() + ")" : ""));
        }
        if (check.has("bytes")) {
            parts.add(Units.bytes(check.get("bytes").asLong()));
        }
        JsonNode items = check.path("items");
        if (items.isArray() && !items.isEmpty()) {
            List<String> names = new ArrayList<>();
            items.forEach(i -> names.add(i.isObject() && i.has("kind")
                    ? ResultRendering.name(i) + " (" + i.get("kind").asText() + ")" : ResultRendering.name(i)));
            parts.add((check.has("count") ? check.get("count").asText() + ": " : "") + String.join(", ", names));
        } else if (check.has("count")) {
            parts.add("count " + check.get("count").asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = check.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!List.of("status", "value", "major", "bytes", "items", "count").contains(e.getKey())) {
                parts.add(e.getKey().replace('_', ' ') + " " + ResultRendering.text(e.getValue()));
            }
        }
        return String.join(", ", parts);
    }
}
