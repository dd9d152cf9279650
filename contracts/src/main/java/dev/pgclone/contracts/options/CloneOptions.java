package dev.pgclone.contracts.options;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.pgclone.contracts.Durations;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskErrorPolicy;
import dev.pgclone.contracts.mask.TableMasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * pgclone's JSON options, typed. Keys keep pgclone's spelling ({@code snapshot_id}, {@code exclude_tables}).
 * Parsing is strict everywhere these options are read: an unknown key, a wrong type or an invalid value is an
 * error naming the key. A key the user misspells must never be silently ignored (think of a mask that never
 * applies). Unset values are null and read through the {@code *OrDefault} accessors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloneOptions(
        Boolean indexes,
        Boolean constraints,
        Boolean triggers,
        Boolean matviews,
        List<String> columns,
        String where,
        ConflictStrategy conflict,
        Integer parallel,
        Boolean consistent,
        @JsonProperty("snapshot_id") String snapshotId,
        List<String> tables,
        @JsonProperty("exclude_tables") List<String> excludeTables,
        @JsonProperty("lock_wait_timeout") String lockWaitTimeout,
        ColumnMasks mask,
        TableMasks masks,
        @JsonProperty("on_mask_error") MaskErrorPolicy onMaskError) {

    public static final int MAX_PARALLEL = 64;
    public static final Set<String> KEYS = Set.of("indexes", "constraints", "triggers", "matviews", "columns",
            "where", "conflict", "parallel", "consistent", "snapshot_id", "tables", "exclude_tables", "lock_wait_timeout",
            "mask", "masks", "on_mask_error");
    /** Longest accepted {@code lock_wait_timeout}. */
    public static final Duration MAX_LOCK_WAIT = Duration.ofHours(24);
    /** pg_export_snapshot() ids look like 00000003-0000001B-1. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}(-[0-9]+)?");

    public static final CloneOptions DEFAULTS = new CloneOptions(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null);

    public CloneOptions {
        columns = columns == null ? null : List.copyOf(columns);
        tables = tables == null ? null : List.copyOf(tables);
        excludeTables = excludeTables == null ? null : List.copyOf(excludeTables);
        if (parallel != null && (parallel < 1 || parallel > MAX_PARALLEL)) {
            throw new InvalidOptionException("parallel", "must be between 1 and " + MAX_PARALLEL);
        }
        if (snapshotId != null && !SNAPSHOT_ID.matcher(snapshotId).matches()) {
            throw new InvalidOptionException("snapshot_id", "is not a snapshot id returned by pg_export_snapshot()");
        }
        if (snapshotId != null && Boolean.FALSE.equals(consistent)) {
            throw new InvalidOptionException("snapshot_id", "cannot be combined with \"consistent\": false");
        }
        if (where != null) {
            WhereClauseValidator.validate(where);
        }
        if (lockWaitTimeout != null) {
            lockWait(lockWaitTimeout);
        }
        if (mask != null && masks != null) {
            throw new InvalidOptionException("masks", "cannot be combined with \"mask\" (mask is for a table clone, "
                    + "masks for schema and database clones)");
        }
        if (onMaskError != null && mask == null && masks == null) {
            throw new InvalidOptionException("on_mask_error", "applies only with \"mask\" or \"masks\"");
        }
        requireNames("columns", columns, true);
        requireNames("tables", tables, false);
        requireNames("exclude_tables", excludeTables, false);
    }

    /**
     * Reads options from JSON, rejecting unknown keys and wrong types with the key's name. {@code null} or an
     * absent object means all defaults.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CloneOptions fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return DEFAULTS;
        }
        if (!node.isObject()) {
            throw new InvalidOptionException("options", "must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new InvalidOptionException(key, "unknown option (known options: " + String.join(", ",
                        KEYS.stream().sorted().toList()) + ")");
            }
        }
        return new CloneOptions(
                bool(node, "indexes"), bool(node, "constraints"), bool(node, "triggers"), bool(node, "matviews"),
                strings(node, "columns"), string(node, "where"),
                node.hasNonNull("conflict") ? ConflictStrategy.parse(string(node, "conflict")) : null,
                integer(node, "parallel"), bool(node, "consistent"), string(node, "snapshot_id"),
                strings(node, "tables"), strings(node, "exclude_tables"), string(node, "lock_wait_timeout"),
                node.hasNonNull("mask") ? ColumnMasks.parse(node.get("mask"), "mask") : null,
                node.hasNonNull("masks") ? TableMasks.parse(node.get("masks"), "masks") : null,
                node.hasNonNull("on_mask_error") ? MaskErrorPolicy.parse(string(node, "on_mask_error")) : null);
    }

    public boolean indexesOrDefault() {
        return indexes == null || indexes;
    }

    public boolean constraintsOrDefault() {
        return constraints == null || constraints;
    }

    public boolean triggersOrDefault() {
        return triggers == null || triggers;
    }

    public boolean matviewsOrDefault() {
        return matviews == null || matviews;
    }

    public MaskErrorPolicy onMaskErrorOrDefault() {
        return onMaskError == null ? MaskErrorPolicy.FAIL : onMaskError;
    }

    /** Whether any mask was asked for: then no column named by one may ever be copied raw. */
    public boolean masked() {
        return mask != null || masks != null;
    }

    /**
     * pgclone's scope of the mask options: {@code mask} for a table clone, {@code masks} for schema, database and
     * database-create clones, neither for a functions clone (which copies no rows).
     *
     * @param kind the clone kind ({@code table}, {@code schema}, …)
     * @throws InvalidOptionException naming the option that does not belong to this kind
     */
    public void requireMaskScope(String kind) {
        boolean table = "table".equals(kind);
        if (mask != null && !table) {
            throw new InvalidOptionException("mask", "applies only to a table clone; a " + kind + " clone takes "
                    + ("functions".equals(kind) ? "no masks (it copies no rows)" : "\"masks\": {\"table\": {\"column\": strategy}}"));
        }
        if (masks != null && (table || "functions".equals(kind))) {
            throw new InvalidOptionException("masks", table ? "applies to schema and database clones; a table clone "
                    + "takes \"mask\": {\"column\": strategy}" : "a functions clone takes no masks (it copies no rows)");
        }
    }

    public ConflictStrategy conflictOrDefault() {
        return conflict == null ? ConflictStrategy.ERROR : conflict;
    }

    public int parallelOrDefault() {
        return parallel == null ? 1 : parallel;
    }

    public boolean consistentOrDefault() {
        return consistent == null || consistent;
    }

    /**
     * How long the clone waits for each table's ACCESS SHARE lock (pg_dump's {@code --lock-wait-timeout});
     * {@link Duration#ZERO} waits as long as it takes.
     */
    public Duration lockWaitTimeoutOr(Duration fallback) {
        return lockWaitTimeout == null ? fallback : lockWait(lockWaitTimeout);
    }

    private static Duration lockWait(String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("lock_wait_timeout", e.getMessage() + " (\"0\" waits without limit)");
        }
        if (d.isNegative() || d.compareTo(MAX_LOCK_WAIT) > 0) {
            throw new InvalidOptionException("lock_wait_timeout", "must be between 0 (no limit) and 24h");
        }
        return d;
    }

    /** The same options with the {@code *_ex} boolean flags applied on top (pgclone's table_ex / schema_ex). */
    public CloneOptions withFlags(Boolean indexes, Boolean constraints, Boolean triggers) {
        return new CloneOptions(indexes != null ? indexes : this.indexes,
                constraints != null ? constraints : this.constraints, triggers != null ? triggers : this.triggers,
                matviews, columns, where, conflict, parallel, consistent, snapshotId, tables, excludeTables, lockWaitTimeout,
                mask, masks, onMaskError);
    }

    private static void requireNames(String field, List<String> names, boolean unique) {
        if (names == null) {
            return;
        }
        if (names.isEmpty()) {
            throw new InvalidOptionException(field, "must not be an empty list (leave it out to mean all)");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new InvalidOptionException(field, "entries must be non-empty strings");
            }
            if (name.indexOf('\0') >= 0) {
                throw new InvalidOptionException(field, "entries must not contain NUL characters");
            }
            if (unique && !seen.add(name)) {
                throw new InvalidOptionException(field, "lists \"" + name + "\" twice");
            }
        }
    }

    private static Boolean bool(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new InvalidOptionException(key, "must be true or false");
        }
        return v.booleanValue();
    }

    private static String string(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidOptionException(key, "must be a string");
        }
        return v.textValue();
    }

    private static Integer integer(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidOptionException(key, "must be an integer");
        }
        return v.intValue();
    }

    private static List<String> strings(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidOptionException(key, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (item.getNodeType() != JsonNodeType.STRING) {
                throw new InvalidOptionException(key, "must be an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }
}
