package dev.pgclone.inspector.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.report.ReportKind;

/**
 * Computes one kind of report. Implementations are application-scoped beans, one per kind, each in its own package
 * ({@code diff}, {@code preflight}, {@code verify}, {@code discovery}); the report dispatcher finds them by
 * {@link #kind()}. They only read: read-only transactions on both sides.
 *
 * <p>A failure the user must know about (a missing schema, an unreachable database, no privilege) is thrown as a
 * {@code dev.pgclone.pg.failure.CloneFailure} with its {@code ErrorCode} and a one-sentence message, and becomes a
 * FAILED report; anything else is reported as an internal failure without its details.
 */
public interface ReportHandler {

    ReportKind kind();

    /** @return the result in pgclone's JSON shape for the kind (plus this project's documented extra keys) */
    JsonNode run(ReportRequest request, ReportProgressSink progress) throws Exception;
}
