package dev.pgclone.contracts.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The reports the inspector computes, by their name in URLs, commands and events. */
public enum ReportKind {
    /** DDL drift between a schema on the source and the same schema on the target (pgclone {@code diff}). */
    DIFF("diff"),
    /** Whether a clone is likely to succeed, before it runs (pgclone {@code preflight}). */
    PREFLIGHT("preflight"),
    /** Whether the target holds the source's rows, estimated or exact (pgclone {@code verify}). */
    VERIFY("verify"),
    /** Columns that look like sensitive data, with suggested masks (pgclone {@code discover_sensitive}). */
    DISCOVER_SENSITIVE("discover-sensitive");

    private final String json;

    ReportKind(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** The kind of that name; empty when there is none. */
    public static Optional<ReportKind> of(String name) {
        return Arrays.stream(values()).filter(k -> k.json.equals(name)).findFirst();
    }

    @JsonCreator
    static ReportKind fromJson(String name) {
        return of(name).orElseThrow(() -> new IllegalArgumentException("unknown report kind \"" + name + "\" (known: "
                + String.join(", ", Arrays.stream(values()).map(ReportKind::json).toList()) + ")"));
    }

    @Override
    public String toString() {
        return json;
    }
}
