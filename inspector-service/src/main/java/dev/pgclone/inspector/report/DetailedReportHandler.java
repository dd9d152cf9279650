package dev.pgclone.inspector.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A handler whose {@code result} must keep pgclone's exact shape and that has more to say: it computes a second
 * document, {@code details}, beside the result. For {@code discover-sensitive} the result is pgclone's
 * {@code {table: {column: strategy}}}, passed as it is as a clone's {@code masks}; any key added to it would read as a
 * table, so each finding's category, confidence and reason live in {@code details} instead.
 */
public interface DetailedReportHandler extends ReportHandler {

    /**
     * @param result  pgclone's shape, as {@link ReportHandler#run} returns it
     * @param details this project's extra document for the kind
     */
    record Output(JsonNode result, JsonNode details) {
    }

    Output runDetailed(ReportRequest request, ReportProgressSink progress) throws Exception;

    @Override
    default JsonNode run(ReportRequest request, ReportProgressSink progress) throws Exception {
        return runDetailed(request, progress).result();
    }
}
