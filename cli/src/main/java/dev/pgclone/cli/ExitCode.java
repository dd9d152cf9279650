package dev.pgclone.cli;

import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;

/** pgclone's exit codes: the contract scripts rely on. */
public final class ExitCode {

    /** The job COMPLETED, or the command did what was asked. */
    public static final int OK = 0;
    /** The job ended FAILED or CANCELLED; or the report FAILED, or found what it checks for (drift, not ready, ...). */
    public static final int JOB_FAILED = 1;
    /** Bad usage, or the gateway refused the request (4xx problem). */
    public static final int USAGE = 2;
    /** The gateway is unreachable or answered with a server error (5xx). */
    public static final int UNAVAILABLE = 3;
    /** A --wait ran out before the job ended (the job goes on). */
    public static final int WAIT_EXPIRED = 4;

    private ExitCode() {
    }

    /**
     * The exit code for a job as last seen.
     *
     * @param job    the job
     * @param waited whether the user asked to wait for its end (a job still running is then not a success)
     */
    public static int forJob(JobView job, boolean waited) {
        JobStatus status = job.status();
        if (status == JobStatus.COMPLETED) {
            return OK;
        }
        if (status == JobStatus.FAILED || status == JobStatus.CANCELLED) {
            return JOB_FAILED;
        }
        return waited ? WAIT_EXPIRED : OK;
    }

    /**
     * The exit code for a report as last seen: 0 when it completed with the good answer (in sync, ready, matching,
     * nothing found), 1 when it completed with the other one or FAILED, 4 when the user waited and it has not ended.
     *
     * @param good whether a completed report's result is the good answer
     */
    public static int forReport(String status, boolean good, boolean waited) {
        return switch (status) {
            case "COMPLETED" -> good ? OK : JOB_FAILED;
            case "FAILED" -> JOB_FAILED;
            default -> waited ? WAIT_EXPIRED : OK;
        };
    }

    /** The exit code for an HTTP error status from the gateway. */
    public static int forHttpStatus(int status) {
        return status >= 400 && status < 500 ? USAGE : UNAVAILABLE;
    }
}
