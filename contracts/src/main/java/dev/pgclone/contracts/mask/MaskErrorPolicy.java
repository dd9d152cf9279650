package dev.pgclone.contracts.mask;

import dev.pgclone.contracts.options.InvalidOptionException;

/**
 * {@code on_mask_error}: what a mask that cannot apply does. Neither ever copies the column's raw values.
 */
public enum MaskErrorPolicy {
    /** the job fails before any data moves, naming the table, column and reason (the default) */
    FAIL("fail"),
    /** the column is cloned as NULL and the job records a warning; still fails when NULL cannot go there */
    SKIP("skip");

    private final String json;

    MaskErrorPolicy(String json) {
        this.json = json;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
        return json;
    }

    public static MaskErrorPolicy parse(String text) {
        for (MaskErrorPolicy p : values()) {
            if (p.json.equals(text)) {
                return p;
            }
        }
        throw new InvalidOptionException("on_mask_error", "must be \"fail\" or \"skip\"");
    }
}
