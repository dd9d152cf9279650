package dev.pgclone.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A job as everyone sees it: in every job event, in the gateway's job store, in REST answers. Never holds a
 * secret: connections are redacted display strings.
 *
 * @param id          job id
 * @param kind        table, schema, database, database-create or functions; mask-in-place, create-masking-policy or
 *                    drop-masking-policy for a masking job
 * @param status      lifecycle status
 * @param phase       current (or last) phase
 * @param source      source connection, redacted (null for a masking job: it reads only its target)
 * @param target      target connection, redacted
 * @param request     what was asked
 * @param submittedAt when the command was accepted
 * @param startedAt   when work started
 * @param finishedAt  when the job ended
 * @param progress    cumulative progress
 * @param summary     per-phase summary, filled as phases end
 * @param warnings    things that did not stop the job but that the user must know
 * @param error       for a failed job, the cause in one sentence
 * @param snapshotId  the exported snapshot every read used, if any
 * @param version     increases with every change; the newest version wins
 * @param masking     masking evidence: one entry per masked column, empty for a clone without masks
 * @param result      a masking job's outcome in pgclone's words ({@code OK: masked 1000 rows in public.employees
 *                    (3 columns)}), null for a clone
 */
public record JobView(String id, String kind, JobStatus status, Phase phase, String source, String target,
                      JobRequest request, Instant submittedAt, Instant startedAt, Instant finishedAt,
                      JobProgress progress, List<PhaseSummary> summary, List<String> warnings, String error,
                      String snapshotId, long version,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MaskedColumn> masking,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String result) {

    /** A job without a result text. */
    public JobView(String id, String kind, JobStatus status, Phase phase, String source, String target,
                   JobRequest request, Instant submittedAt, Instant startedAt, Instant finishedAt,
                   JobProgress progress, List<PhaseSummary> summary, List<String> warnings, String error,
                   String snapshotId, long version, List<MaskedColumn> masking) {
        this(id, kind, status, phase, source, target, request, submittedAt, startedAt, finishedAt, progress, summary,
                warnings, error, snapshotId, version, masking, null);
    }

    /** A job without masks. */
    public JobView(String id, String kind, JobStatus status, Phase phase, String source, String target,
                   JobRequest request, Instant submittedAt, Instant startedAt, Instant finishedAt,
                   JobProgress progress, List<PhaseSummary> summary, List<String> warnings, String error,
                   String snapshotId, long version) {
        this(id, kind, status, phase, source, target, request, submittedAt, startedAt, finishedAt, progress, summary,
                warnings, error, snapshotId, version, List.of());
    }

    public JobView {
        masking = masking == null ? List.of() : List.copyOf(masking);
        summary = summary == null ? List.of() : List.copyOf(summary);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if (progress == null) {
            progress = JobProgress.NONE;
        }
    }
}
