package dev.pgclone.contracts.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
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
    DISCOVER_SENSITIVE("discover-sensitive"),
    /**
     * Every sensitive column of a schema on the target and whether it is masked: by a {@code <table>_masked} view, at
     * clone time or in place (pgclone {@code masking_report}). Reads only the target.
     */
    MASKING_REPORT("masking-report");

    private final String json;

    ReportKind(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Whether the report reads the source database (every kind but masking-report). */
    public boolean readsSource() {
        return this != MASKING_REPORT;
    }

    /** Whether the report reads the target database (every kind but discover-sensitive). */
    public boolean readsTarget() {
        return this != DISCOVER_SENSITIVE;
    }

    /** The kinds' names, as a list for messages: {@code diff, preflight, verify, discover-sensitive or masking-report}. */
    public static String names() {
        List<String> names = Arrays.stream(values()).map(ReportKind::json).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
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
