package dev.pgclone.contracts.report;

/** Life of a report: {@code PENDING → RUNNING → COMPLETED | FAILED}. */
public enum ReportStatus {
    PENDING, RUNNING, COMPLETED, FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
