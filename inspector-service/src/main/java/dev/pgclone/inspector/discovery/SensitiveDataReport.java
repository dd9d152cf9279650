package dev.pgclone.inspector.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.Json;
import java.util.List;

/**
 * The columns discovery flagged, in table-name then column order.
 *
 * @param findings one per flagged column
 */
public record SensitiveDataReport(List<Finding> findings) {

    /**
     * A flagged column.
     *
     * @param table       its table (pgclone's key: the bare table name; the report is about one schema)
     * @param column      the column
     * @param sensitivity what it holds, hence the mask strategy
     * @param confidence  0–1
     * @param reason      why, for people (never a value)
     * @param source      what decided: {@code name}, {@code name+values}, {@code values} or {@code type}
     */
    public record Finding(String table, String column, Sensitivity sensitivity, double confidence, String reason,
                          String source) {
    }

    public SensitiveDataReport {
        findings = List.copyOf(findings);
    }

    /** pgclone's result, {@code {table: {column: strategy}}}: usable as it is as a clone's {@code masks}. */
    public ObjectNode masks() {
        ObjectNode root = Json.mapper().createObjectNode();
        for (Finding f : findings) {
            ObjectNode table = root.has(f.table()) ? (ObjectNode) root.get(f.table()) : root.putObject(f.table());
            table.put(f.column(), f.sensitivity().strategy());
        }
        return root;
    }

    /** {@code {table: {column: {strategy, category, confidence, reason, source}}}}. */
    public ObjectNode details() {
        ObjectNode root = Json.mapper().createObjectNode();
        for (Finding f : findings) {
            ObjectNode table = root.has(f.table()) ? (ObjectNode) root.get(f.table()) : root.putObject(f.table());
            ObjectNode column = table.putObject(f.column());
            column.put("strategy", f.sensitivity().strategy());
            column.put("category", f.sensitivity().category());
            column.put("confidence", f.confidence());
            column.put("reason", f.reason());
            column.put("source", f.source());
        }
        return root;
    }
}
