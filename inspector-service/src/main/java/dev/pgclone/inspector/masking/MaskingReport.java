package dev.pgclone.inspector.masking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.pg.mask.MaskingRecord;
import dev.pgclone.pg.mask.MaskingViews;
import java.util.List;
import java.util.Locale;

/**
 * The masking report of one schema: pgclone's rows, one per sensitive column, and this project's summary and notes.
 *
 * @param schema the schema (on the target)
 * @param rows   one per sensitive column, by table name then column position
 * @param notes  how a status was decided where that is not obvious (a view passing a column through)
 */
public record MaskingReport(String schema, List<Row> rows, List<String> notes) {

    /**
     * One sensitive column, in pgclone's shape, and what the status rests on.
     *
     * @param sensitivity    pgclone's category ({@code Email}, {@code PII - Name}, …)
     * @param status         how it is masked, if at all
     * @param recommendation pgclone's advice, or what masked it
     * @param recorded       the masking record's entry that masked it (null when none)
     * @param view           the table's {@code <table>_masked} view (null when none)
     * @param inView         what that view does with the column (null when no view)
     */
    public record Row(String schemaName, String tableName, String columnName, String sensitivity, MaskStatus status,
                      String recommendation, MaskingRecord.Entry recorded, String view, MaskingViews.ColumnState inView) {
    }

    public MaskingReport {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /**
     * {@code {"schema", "all_masked", "summary": {sensitive_columns, masked, unmasked, masked_view, masked_clone,
     * masked_in_place}, "columns": [pgclone's rows], "notes": […]}}.
     */
    public ObjectNode toJson() {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("schema", schema);
        long unmasked = rows.stream().filter(r -> !r.status().masked()).count();
        out.put("all_masked", unmasked == 0);
        ObjectNode summary = out.putObject("summary");
        summary.put("sensitive_columns", rows.size());
        summary.put("masked", rows.size() - unmasked);
        summary.put("unmasked", unmasked);
        for (MaskStatus s : List.of(MaskStatus.VIEW, MaskStatus.CLONE, MaskStatus.IN_PLACE)) {
            summary.put(s.summaryKey(), rows.stream().filter(r -> r.status() == s).count());
        }
        ArrayNode columns = out.putArray("columns");
        for (Row r : rows) {
            ObjectNode row = columns.addObject();
            row.put("schema_name", r.schemaName());
            row.put("table_name", r.tableName());
            row.put("column_name", r.columnName());
            row.put("sensitivity", r.sensitivity());
            row.put("mask_status", r.status().text());
            row.put("recommendation", r.recommendation());
        }
        ArrayNode notesNode = out.putArray("notes");
        notes.forEach(notesNode::add);
        return out;
    }

    /**
     * The evidence beside the result, {@code {table: {column: {mask_status, category, recorded?, view?, view_column?}}}}:
     * the recorded entry ({@code method}, {@code rule} as pgclone's JSON, {@code job_id}, {@code rows}; never a key) and
     * what the table's masking view does with the column ({@code masked}, {@code passed through}, {@code left out},
     * {@code unreadable}).
     */
    public ObjectNode details() {
        ObjectNode root = Json.mapper().createObjectNode();
        for (Row r : rows) {
            ObjectNode table = root.has(r.tableName()) ? (ObjectNode) root.get(r.tableName()) : root.putObject(r.tableName());
            ObjectNode column = table.putObject(r.columnName());
            column.put("mask_status", r.status().text());
            column.put("category", r.sensitivity());
            if (r.recorded() != null) {
                ObjectNode recorded = column.putObject("recorded");
                recorded.put("method", r.recorded().method().text());
                recorded.set("rule", Json.mapper().valueToTree(r.recorded().rule()));
                recorded.put("job_id", r.recorded().jobId());
                recorded.put("rows", r.recorded().rows());
            }
            if (r.view() != null) {
                column.put("view", r.view());
                column.put("view_column", r.inView().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return root;
    }
}
