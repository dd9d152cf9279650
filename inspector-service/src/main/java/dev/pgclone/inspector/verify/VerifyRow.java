package dev.pgclone.inspector.verify;

import java.util.List;

/**
 * One table of a verify: pgclone's row ({@code schema_name}, {@code table_name}, {@code source_rows},
 * {@code target_rows}, {@code match}) and this project's extras.
 *
 * @param sourceRows      rows on the source; 0 when the table is not there (as pgclone); null when unknown (an
 *                        estimate for a table never analyzed)
 * @param targetRows      the same on the target
 * @param match           {@link #MATCH}, {@link #DIFFERENT}, {@link #MISSING} (source only), {@link #EXTRA}
 *                        (target only) or {@link #UNKNOWN} (an estimate without statistics)
 * @param sourceHash      order-independent hash of the rows (exact mode), null otherwise or when not there
 * @param targetHash      the same on the target
 * @param reason          why it does not match (or why it cannot be told), for people; null when it matches
 * @param excludedColumns columns left out of the comparison (masked by the clone), empty for none
 */
public record VerifyRow(String schemaName, String tableName, Long sourceRows, Long targetRows, String match,
                        String sourceHash, String targetHash, String reason, List<String> excludedColumns) {

    /** Equal (pgclone's ✓). */
    public static final String MATCH = "✓";
    /** Different (pgclone's ✗). */
    public static final String DIFFERENT = "✗";
    /** On the source only (pgclone's ✗ (missing)). */
    public static final String MISSING = "✗ (missing)";
    /** On the target only (pgclone does not look). */
    public static final String EXTRA = "✗ (extra)";
    /** An estimate that cannot be made: a side was never analyzed (pgclone would print a false ✗ or ✓). */
    public static final String UNKNOWN = "?";

    public VerifyRow {
        excludedColumns = List.copyOf(excludedColumns);
    }

    public boolean matches() {
        return MATCH.equals(match);
    }
}
