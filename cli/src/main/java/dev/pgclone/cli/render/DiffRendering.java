package dev.pgclone.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pgclone's diff shape: {@code in_sync}, {@code diff_count}, {@code summary} ({@code <category>_only_in_source},
 * {@code _only_in_target}, {@code _modified}) and per category {@code only_in_source}, {@code only_in_target},
 * {@code modified}. Categories are taken from the summary and the result's keys, so categories pgclone lacks (identity,
 * partitioning, policies, ...) show as they come.
 */
final class DiffRendering implements ResultRendering {

    private static final List<String> SUFFIXES = List.of("_only_in_source", "_only_in_target", "_modified");

    @Override
    public boolean good(JsonNode result) {
        JsonNode inSync = result.get("in_sync");
        return inSync != null && inSync.isBoolean() ? inSync.booleanValue() : result.path("diff_count").asInt(1) == 0;
    }

    @Override
    public List<String> lines(JsonNode result) {
        List<String> out = new ArrayList<>();
        String schema = result.path("schema").asText(null);
        int count = result.path("diff_count").asInt(0);
        out.add((schema == null ? "" : "schema " + schema + ": ") + (good(result) ? "in sync"
                : "not in sync, " + count + " difference" + (count == 1 ? "" : "s")));
        Set<String> categories = categories(result);
        if (categories.isEmpty()) {
            return out;
        }
        JsonNode summary = result.path("summary");
        TextTable table = new TextTable("category", "only in source", "only in target", "modified");
        for (String category : categories) {
            table.row(category, count(summary, result, category, "only_in_source"),
                    count(summary, result, category, "only_in_target"), count(summary, result, category, "modified"));
        }
        out.add("");
        out.addAll(table.lines());
        List<String> drift = new ArrayList<>();
        for (String category : categories) {
            JsonNode c = result.path(category);
            List<String> items = new ArrayList<>();
            c.path("only_in_source").forEach(i -> items.add("    - " + ResultRendering.name(i) + "  (only in source)"));
            c.path("only_in_target").forEach(i -> items.add("    + " + ResultRendering.name(i) + "  (only in target)"));
            c.path("modified").forEach(i -> items.add("    ~ " + modified(i)));
            if (!items.isEmpty()) {
                drift.add("  " + category);
                drift.addAll(items);
            }
        }
        if (!drift.isEmpty()) {
            out.add("");
            out.add("drifted objects:");
            out.addAll(drift);
        }
        return out;
    }

    /** Every category of the summary and every key holding only_in_source / only_in_target / modified lists. */
    private static Set<String> categories(JsonNode result) {
        Set<String> out = new LinkedHashSet<>();
        for (Iterator<String> it = result.path("summary").fieldNames(); it.hasNext(); ) {
            String key = it.next();
            SUFFIXES.stream().filter(key::endsWith).findFirst()
                    .ifPresent(s -> out.add(key.substring(0, key.length() - s.length())));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() && (v.has("only_in_source") || v.has("only_in_target") || v.has("modified"))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static String count(JsonNode summary, JsonNode result, String category, String what) {
        JsonNode n = summary.get(category + "_" + what);
        if (n != null && n.isNumber()) {
            return Units.count(n.asLong());
        }
        JsonNode list = result.path(category).get(what);
        return list != null && list.isArray() ? Units.count(list.size()) : "-";
    }

    /**
     * A modified object: its name, then what differs: lists of names ({@code columns only in source: a, b}) and pairs
     * of {@code source_X} / {@code target_X} ({@code X: a → b}), nested one level (column drift).
     */
    static String modified(JsonNode item) {
        if (!item.isObject()) {
            return ResultRendering.text(item);
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("name")) {
                continue;
            }
            if (v.isArray()) {
                if (v.isEmpty()) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                v.forEach(x -> names.add(x.isObject() && hasPairs(x) ? pairs(x) : ResultRendering.name(x)));
                parts.add(key.replace('_', ' ') + ": " + String.join("; ", names));
            } else if (key.startsWith("source_")) {
                String what = key.substring("source_".length());
                JsonNode target = item.get("target_" + what);
                if (target == null || !target.equals(v)) {
                    parts.add(what.replace('_', ' ') + ": " + show(v) + " → " + show(target));
                }
            } else if (!key.startsWith("target_") && !v.isContainerNode()) {
                parts.add(key.replace('_', ' ') + ": " + ResultRendering.text(v));
            }
        }
        return ResultRendering.name(item) + (parts.isEmpty() ? "" : ": " + String.join("; ", parts));
    }

    private static boolean hasPairs(JsonNode x) {
        for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith("source_")) {
                return true;
            }
        }
        return false;
    }

    private static String pairs(JsonNode x) {
        return modified(x);
    }

    private static String show(JsonNode v) {
        return v == null || v.isNull() ? "(none)" : ResultRendering.text(v);
    }
}
