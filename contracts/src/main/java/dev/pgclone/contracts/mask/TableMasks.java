package dev.pgclone.contracts.mask;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.contracts.task.TableRef;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * pgclone's {@code masks} option for schema and database clones: {@code {"table": {…}, "schema.table": {…}}}. A
 * schema-qualified key wins over a bare one; a bare key applies to the table of that name in every cloned schema
 * (pgclone 4.4). A discovery result ({@code discover-sensitive}) has exactly this shape.
 */
public record TableMasks(Map<String, ColumnMasks> tables) {

    public TableMasks {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TableMasks fromJson(JsonNode node) {
        return parse(node, "masks");
    }

    public static TableMasks parse(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new InvalidOptionException(field, "must be an object of table: {column: strategy}");
        }
        if (node.isEmpty()) {
            throw new InvalidOptionException(field, "must name at least one table (leave it out to mask nothing)");
        }
        Map<String, ColumnMasks> tables = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.isEmpty() || key.indexOf('\0') >= 0) {
                throw new InvalidOptionException(field, "table keys must be non-empty and free of NUL characters");
            }
            tables.put(key, ColumnMasks.parse(e.getValue(), field + "." + key));
        }
        return new TableMasks(tables);
    }

    @JsonValue
    public Map<String, ColumnMasks> toJson() {
        return tables;
    }

    /** The key that applies to a table: {@code schema.table} if given, else the bare name, else none. */
    public Optional<String> keyFor(String schema, String table) {
        String qualified = schema + "." + table;
        if (tables.containsKey(qualified)) {
            return Optional.of(qualified);
        }
        return tables.containsKey(table) ? Optional.of(table) : Optional.empty();
    }

    /** The masks of a table, empty when no key applies. */
    public Optional<ColumnMasks> forTable(String schema, String table) {
        return keyFor(schema, table).map(tables::get);
    }

    /**
     * Keys that apply to none of the given tables: each one is a mask the user believes applies and that would do
     * nothing.
     */
    public Set<String> unmatchedKeys(Collection<TableRef> cloned) {
        Set<String> unmatched = new LinkedHashSet<>(tables.keySet());
        for (TableRef t : cloned) {
            keyFor(t.schema(), t.name()).ifPresent(unmatched::remove);
        }
        return unmatched;
    }
}
