package dev.pgclone.pg.copy;

/**
 * How a copy task ended.
 *
 * @param rows           rows now on the target for this task
 * @param bytes          COPY bytes streamed
 * @param alreadyApplied the completion record was already there: nothing was loaded again
 */
public record CopyOutcome(long rows, long bytes, boolean alreadyApplied) {
}
