package dev.pgclone.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * pgclone's masking-report rows ({@code schema_name}, {@code table_name}, {@code column_name}, {@code sensitivity},
 * {@code mask_status}, {@code recommendation}), as the result itself when it is an array, else under {@code columns};
 * the counts and notes when the result has them. Good when no row is {@code UNMASKED}.
 */
final class MaskingReportRendering implements ResultRendering {

    @Override
    public boolean good(JsonNode result) {
        return rows(result).stream().noneMatch(MaskingReportRendering::unmasked);
    }

    @Override
    public List<String> lines(JsonNode result) {
        List<JsonNode> rows = rows(result);
        List<String> out = new ArrayList<>();
        long unmasked = rows.stream().filter(MaskingReportRendering::unmasked).count();
        String schema = result.path("schema").asText("");
        out.add((schema.isEmpty() ? "" : "schema " + schema + ": ") + rows.size() + " sensitive column"
                + (rows.size() == 1 ? "" : "s") + ", " + (unmasked == 0 ? "all masked" : unmasked + " unmasked"));
        if (rows.isEmpty()) {
            return out;
        }
        TextTable table = new TextTable("table", "column", "sensitivity", "mask_status", "recommendation");
        for (JsonNode r : rows) {
            table.row(ResultRendering.text(r.get("table_name")), ResultRendering.text(r.get("column_name")),
                    ResultRendering.text(r.get("sensitivity")), ResultRendering.text(r.get("mask_status")),
                    ResultRendering.text(r.get("recommendation")));
        }
        out.add("");
        out.addAll(table.lines());
        JsonNode notes = result.path("notes");
        if (notes.isArray() && !notes.isEmpty()) {
            out.add("");
            out.add("notes:");
            notes.forEach(n -> out.add("  - " + n.asText()));
        }
        return out;
    }

    private static List<JsonNode> rows(JsonNode result) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode list = result.isArray() ? result : result.path("columns");
        if (list.isArray()) {
            list.forEach(out::add);
        }
        return out;
    }

    private static boolean unmasked(JsonNode row) {
        return row.path("mask_status").asText("").equals("UNMASKED");
    }
}
