package dev.pgclone.contracts.job;

/**
 * What one phase did, for the per-phase summary of a finished job.
 *
 * @param phase      the phase
 * @param durationMs wall time spent in it
 * @param objects    objects created / tables copied
 * @param rows       rows copied (data phase)
 * @param bytes      bytes streamed (data phase)
 */
public record PhaseSummary(Phase phase, long durationMs, int objects, long rows, long bytes) {
}
