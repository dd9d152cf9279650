package dev.pgclone.gateway.report;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;

/**
 * A validated report request; connections still hold their secrets (sealed before they leave the gateway).
 *
 * @param source null for masking-report
 * @param target null for discover-sensitive
 * @param schema null only for verify (every user schema)
 */
public record ReportSubmission(ReportKind kind, Conninfo source, Conninfo target, String schema,
                               ReportParameters parameters) {
}
