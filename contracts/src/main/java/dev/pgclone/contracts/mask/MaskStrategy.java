package dev.pgclone.contracts.mask;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * pgclone's eight mask strategies and our {@code keyed_hash}, with the properties the fail-closed checks need. A
 * strategy's output kind decides which column types it may fill; whether it is deterministic and injective decides
 * whether it may touch a key or a foreign key column.
 */
public enum MaskStrategy {
    EMAIL("email", Output.TEXT, true, false, true),
    NAME("name", Output.TEXT, true, false, true),
    PHONE("phone", Output.TEXT, true, false, true),
    PARTIAL("partial", Output.TEXT, true, false, true),
    HASH("hash", Output.TEXT, true, true, true),
    NULL("null", Output.NULL, true, false, false),
    RANDOM_INT("random_int", Output.INTEGER, false, false, false),
    CONSTANT("constant", Output.ANY, true, false, false),
    KEYED_HASH("keyed_hash", Output.TEXT, true, true, true);

    /** What a strategy produces, hence which column types it fits. */
    public enum Output {
        /** text: string-category columns only */
        TEXT,
        /** an integer: numeric or string columns */
        INTEGER,
        /** NULL: any nullable column */
        NULL,
        /** a fixed value: any type that accepts it */
        ANY
    }

    private final String json;
    private final Output output;
    private final boolean deterministic;
    private final boolean injective;
    private final boolean preservesNull;

    MaskStrategy(String json, Output output, boolean deterministic, boolean injective, boolean preservesNull) {
        this.json = json;
        this.output = output;
        this.deterministic = deterministic;
        this.injective = injective;
        this.preservesNull = preservesNull;
    }

    /** pgclone's name, e.g. {@code random_int}. */
    public String json() {
        return json;
    }

    public Output output() {
        return output;
    }

    /** The same input always gives the same output (so equal values stay equal: joins survive). */
    public boolean deterministic() {
        return deterministic;
    }

    /**
     * Different inputs give different outputs, as far as a hash can promise (md5, HMAC-SHA-256): the only strategies
     * a primary key or unique column may take.
     */
    public boolean injective() {
        return injective;
    }

    /** NULL stays NULL; {@code random_int} and {@code constant} always produce a value, as in pgclone. */
    public boolean preservesNull() {
        return preservesNull;
    }

    public static Optional<MaskStrategy> of(String json) {
        return Arrays.stream(values()).filter(s -> s.json.equals(json)).findFirst();
    }

    public static String known() {
        return Arrays.stream(values()).map(MaskStrategy::json).collect(Collectors.joining(", "));
    }
}
