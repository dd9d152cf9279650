package dev.pgclone.contracts.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.event.ErrorInfo;
import java.time.Instant;

/**
 * A report as everyone sees it: in every report event, in the gateway's report store, in REST answers. Never holds a
 * secret: connections are redacted display strings.
 *
 * @param id          report id (a UUID, chosen by the submitter)
 * @param kind        which report
 * @param status      lifecycle status
 * @param source      source connection, redacted
 * @param target      target connection, redacted, or null for a kind that reads only the source
 * @param schema      the schema the report is about, or null (verify of every user schema)
 * @param parameters  what else was asked
 * @param submittedAt when the request was accepted
 * @param startedAt   when work started
 * @param finishedAt  when the report ended
 * @param progress    cumulative progress
 * @param result      pgclone's JSON shape for the kind, once COMPLETED
 * @param details     this project's extra document beside a result whose shape must stay pgclone's exactly
 *                    (discover-sensitive: each finding's category, confidence and reason), or null
 * @param error       why it FAILED (an unreachable database, a missing schema): one sentence, never a stack trace
 * @param version     increases with every change; the newest version wins (0: as submitted, before the inspector
 *                    has seen it)
 *
 * <p>Every producer builds views with the factory methods below, so the gateway and the inspector never drift:
 * {@link #pending} from the request, then one step per change, each one version up.
 */
public record ReportView(String id, ReportKind kind, ReportStatus status, String source, String target, String schema,
                         ReportParameters parameters, Instant submittedAt, Instant startedAt, Instant finishedAt,
                         ReportProgress progress, JsonNode result, JsonNode details, ErrorInfo error, long version) {

    public ReportView {
        if (progress == null) {
            progress = ReportProgress.NONE;
        }
        if (parameters == null) {
            parameters = ReportParameters.NONE;
        }
    }

    /**
     * The report as its request describes it: PENDING, version 0, connections shown redacted. What the gateway stores
     * when it submits a request, and what the inspector starts from.
     */
    public static ReportView pending(RequestReport request, Instant submittedAt) {
        return new ReportView(request.reportId(), request.kind(), ReportStatus.PENDING,
                request.source() == null ? null : request.source().display(),
                request.target() == null ? null : request.target().display(), request.schema(), request.parameters(),
                submittedAt, null, null, ReportProgress.NONE, null, null, null, 0);
    }

    /** The inspector took the request: still PENDING (waiting for a free slot), one version up. */
    public ReportView accepted() {
        return next(ReportStatus.PENDING, startedAt, finishedAt, progress, result, details, error);
    }

    /** Work started. */
    public ReportView running(Instant at) {
        return next(ReportStatus.RUNNING, at, null, progress, null, null, null);
    }

    /** Newer cumulative progress. */
    public ReportView progressed(ReportProgress newer) {
        return next(status, startedAt, finishedAt, newer, result, details, error);
    }

    /** Ended with its result (and, for some kinds, the details beside it; null when none). */
    public ReportView completed(JsonNode report, JsonNode reportDetails, Instant at) {
        return next(ReportStatus.COMPLETED, startedAt, at, progress, report, reportDetails, null);
    }

    /** Ended without a result. */
    public ReportView failed(ErrorInfo why, Instant at) {
        return next(ReportStatus.FAILED, startedAt, at, progress, null, null, why);
    }

    private ReportView next(ReportStatus newStatus, Instant started, Instant finished, ReportProgress newProgress,
                            JsonNode newResult, JsonNode newDetails, ErrorInfo newError) {
        return new ReportView(id, kind, newStatus, source, target, schema, parameters, submittedAt, started, finished,
                newProgress, newResult, newDetails, newError, version + 1);
    }
}
