package dev.pgclone.inspector.report;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;

/**
 * A report request as a {@link ReportHandler} sees it: connections opened (secrets unsealed, never to be logged),
 * parameters parsed and checked for the kind.
 *
 * @param source null for a kind that reads only the target (masking-report)
 * @param target null for a kind that reads only the source
 * @param schema null only for verify of every user schema
 */
public record ReportRequest(String id, ReportKind kind, Conninfo source, Conninfo target, String schema,
                            ReportParameters parameters) {
}
