package dev.pgclone.inspector.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.Json;
import java.util.List;

/**
 * A verify's result: pgclone's rows under {@code tables} (each {@code schema_name}, {@code table_name},
 * {@code source_rows}, {@code target_rows}, {@code match}, plus {@code reason}, and in exact mode {@code source_hash}
 * and {@code target_hash}; {@code excluded_columns} when columns were left out), with a summary around them and
 * {@code notes} (why columns were left out).
 */
final class VerifyReport {

    private VerifyReport() {
    }

    /**
     * @param schema     the schema asked for, null for every user schema
     * @param rowsHashed rows read on both sides (exact mode), null for an estimate
     * @param notes      how the comparison was made where that is not obvious (columns masked by pgclone left out)
     */
    static ObjectNode toJson(String mode, String schema, List<VerifyRow> rows, Long rowsHashed, List<String> notes) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("mode", mode);
        out.put("schema", schema);
        long mismatches = rows.stream().filter(r -> !r.matches()).count();
        out.put("all_match", mismatches == 0);
        out.put("table_count", rows.size());
        out.put("mismatch_count", mismatches);
        if (rowsHashed != null) {
            out.put("rows_hashed", rowsHashed);
        }
        ArrayNode tables = out.putArray("tables");
        boolean exact = "exact".equals(mode);
        for (VerifyRow r : rows) {
            ObjectNode row = tables.addObject();
            row.put("schema_name", r.schemaName());
            row.put("table_name", r.tableName());
            row.put("source_rows", r.sourceRows());
            row.put("target_rows", r.targetRows());
            row.put("match", r.match());
            if (exact) {
                row.put("source_hash", r.sourceHash());
                row.put("target_hash", r.targetHash());
            }
            row.put("reason", r.reason());
            if (!r.excludedColumns().isEmpty()) {
                ArrayNode excluded = row.putArray("excluded_columns");
                r.excludedColumns().forEach(excluded::add);
            }
        }
        ArrayNode notesNode = out.putArray("notes");
        notes.forEach(notesNode::add);
        return out;
    }
}
