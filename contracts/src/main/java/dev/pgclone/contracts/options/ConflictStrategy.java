package dev.pgclone.contracts.options;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What to do when a target object already exists (pgclone's {@code conflict} option). */
public enum ConflictStrategy {
    /** Fail before touching the target (default). */
    ERROR,
    /** Leave the existing object as it is and move on. */
    SKIP,
    /** Drop and re-create it (dependent objects are recreated or the clone refuses). */
    REPLACE,
    /** Rename the existing object to {@code <name>_old} and clone beside it. */
    RENAME;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConflictStrategy parse(String text) {
        for (ConflictStrategy s : values()) {
            if (s.json().equals(text)) {
                return s;
            }
        }
        throw new InvalidOptionException("conflict", "must be one of "
                + Arrays.stream(values()).map(ConflictStrategy::json).collect(Collectors.joining(", ")));
    }
}
