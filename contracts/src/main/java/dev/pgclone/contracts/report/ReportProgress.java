package dev.pgclone.contracts.report;

/**
 * Cumulative progress of a report (never deltas).
 *
 * @param done    units done (tables, checks, columns: the kind says which)
 * @param total   units in all, 0 while unknown
 * @param rows    rows read so far (verify, sampling), 0 when the kind reads none
 * @param current what is being worked on now, for people, or null
 */
public record ReportProgress(int done, int total, long rows, String current) {

    public static final ReportProgress NONE = new ReportProgress(0, 0, 0, null);
}
