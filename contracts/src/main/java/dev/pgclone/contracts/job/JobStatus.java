package dev.pgclone.contracts.job;

/** A job's lifecycle: PENDING → RUNNING → COMPLETED | FAILED | CANCELLED. */
public enum JobStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
