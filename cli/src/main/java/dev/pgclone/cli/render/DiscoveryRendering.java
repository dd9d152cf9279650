package dev.pgclone.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pgclone's discovery shape, {@code {table: {column: strategy}}} (usable as clone {@code masks}); a column given as an
 * object ({@code {strategy, confidence, reason}}), or listed with {@code table} and {@code column} in an array beside
 * it, adds its confidence and reason.
 */
final class DiscoveryRendering implements ResultRendering {

    record Finding(String table, String column, String strategy, String confidence, String reason) {
    }

    @Override
    public boolean good(JsonNode result) {
        return findings(result).isEmpty();
    }

    @Override
    public List<String> lines(JsonNode result) {
        List<Finding> findings = findings(result);
        List<String> out = new ArrayList<>();
        if (findings.isEmpty()) {
            out.add("no sensitive columns found");
            return out;
        }
        long tables = findings.stream().map(Finding::table).distinct().count();
        out.add(findings.size() + " sensitive column" + (findings.size() == 1 ? "" : "s") + " in " + tables + " table"
                + (tables == 1 ? "" : "s"));
        boolean detailed = findings.stream().anyMatch(f -> f.confidence() != null || f.reason() != null);
        TextTable table = detailed ? new TextTable("table", "column", "strategy", "confidence", "reason")
                : new TextTable("table", "column", "strategy");
        for (Finding f : findings) {
            if (detailed) {
                table.row(f.table(), f.column(), f.strategy(), f.confidence(), f.reason());
            } else {
                table.row(f.table(), f.column(), f.strategy());
            }
        }
        out.add("");
        out.addAll(table.lines());
        return out;
    }

    static List<Finding> findings(JsonNode result) {
        Map<String, Finding> byColumn = new LinkedHashMap<>();
        List<JsonNode> lists = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode columns = e.getValue();
            if (columns.isArray()) {
                lists.add(columns);
                continue;
            }
            if (!columns.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> c = columns.fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> col = c.next();
                JsonNode v = col.getValue();
                Finding f = v.isObject()
                        ? new Finding(e.getKey(), col.getKey(), text(v, "strategy"), text(v, "confidence"), text(v, "reason"))
                        : new Finding(e.getKey(), col.getKey(), ResultRendering.text(v), null, null);
                byColumn.put(e.getKey() + "\u0000" + col.getKey(), f);
            }
        }
        for (JsonNode list : lists) {
            for (JsonNode item : list) {
                if (!item.isObject() || !item.has("table") || !item.has("column")) {
                    continue;
                }
                String key = item.get("table").asText() + "\u0000" + item.get("column").asText();
                Finding known = byColumn.get(key);
                byColumn.put(key, new Finding(item.get("table").asText(), item.get("column").asText(),
                        known != null && known.strategy() != null ? known.strategy() : text(item, "strategy"),
                        text(item, "confidence"), text(item, "reason")));
            }
        }
        return new ArrayList<>(byColumn.values());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : ResultRendering.text(v);
    }
}
