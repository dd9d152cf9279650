package dev.pgclone.contracts.mask;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.options.InvalidOptionException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One table's masks, pgclone's {@code mask} option: {@code {"column": rule, …}}, in the order given. Column names are
 * as PostgreSQL spells them (case-sensitive, never folded).
 */
public record ColumnMasks(Map<String, MaskRule> columns) {

    private static final int MAX_NAME_BYTES = 63;

    public ColumnMasks {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ColumnMasks fromJson(JsonNode node) {
        return parse(node, "mask");
    }

    /** Reads {@code {"column": rule}}; {@code field} names it in errors. */
    public static ColumnMasks parse(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new InvalidOptionException(field, "must be an object of column: strategy");
        }
        if (node.isEmpty()) {
            throw new InvalidOptionException(field, "must name at least one column (leave it out to mask nothing)");
        }
        Map<String, MaskRule> columns = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String column = e.getKey();
            requireName(column, field);
            columns.put(column, MaskRule.parse(e.getValue(), field + "." + column));
        }
        return new ColumnMasks(columns);
    }

    static void requireName(String name, String field) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new InvalidOptionException(field, "names must be non-empty and free of NUL characters");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidOptionException(field + "." + name, "is longer than 63 bytes, PostgreSQL's limit for names");
        }
    }

    @JsonValue
    public Map<String, MaskRule> toJson() {
        return columns;
    }

    public MaskRule rule(String column) {
        return columns.get(column);
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }
}
