package dev.pgclone.contracts.command;

import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;

/**
 * Compute a report. The header's {@code jobId} is the report's id: a redelivered request with the same id computes
 * nothing new. For the inspector; the coordinator ignores it.
 *
 * @param kind       which report
 * @param source     source database (secrets sealed), or null for masking-report (it reads only the target)
 * @param target     target database (secrets sealed), or null for discover-sensitive
 * @param schema     the schema; null only for verify (every user schema)
 * @param parameters kind-specific parameters
 */
public record RequestReport(MessageHeader header, ReportKind kind, ConnectionSpec source, ConnectionSpec target,
                            String schema, ReportParameters parameters) implements Command {

    public RequestReport {
        if (parameters == null) {
            parameters = ReportParameters.NONE;
        }
    }

    /** The report's id. */
    public String reportId() {
        return header.jobId();
    }
}
