package dev.pgclone.contracts.report;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param error       why it FAILED (an unreachable database, a missing schema): one sentence, never a stack trace
 * @param version     increases with every change; the newest version wins
 */
public record ReportView(String id, ReportKind kind, ReportStatus status, String source, String target, String schema,
                         ReportParameters parameters, Instant submittedAt, Instant startedAt, Instant finishedAt,
                         ReportProgress progress, JsonNode result, ErrorInfo error, long version) {

    public ReportView {
        if (progress == null) {
            progress = ReportProgress.NONE;
        }
        if (parameters == null) {
            parameters = ReportParameters.NONE;
        }
    }
}
