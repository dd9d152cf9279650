package dev.pgclone.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.CliException;

/**
 * A report as the gateway answers it, read leniently from its JSON (fields a newer gateway adds are ignored; the
 * result is kept as it came, for the kind's renderer).
 */
public record ReportAnswer(String id, String kind, String status, String schema, String errorCode, String error,
                           int done, int total, long rows, String current, JsonNode result, JsonNode json) {

    public static ReportAnswer of(JsonNode json) {
        if (json == null || !json.isObject() || !json.path("id").isTextual() || !json.path("status").isTextual()) {
            throw CliException.unavailable("the gateway answered with something that is not a report");
        }
        JsonNode progress = json.path("progress");
        JsonNode error = json.path("error");
        JsonNode result = json.get("result");
        return new ReportAnswer(json.get("id").asText(), text(json, "kind"), json.get("status").asText(),
                text(json, "schema"), text(error, "code"), text(error, "message"), progress.path("done").asInt(),
                progress.path("total").asInt(), progress.path("rows").asLong(), text(progress, "current"),
                result == null || result.isNull() ? null : result, json);
    }

    public boolean ended() {
        return status.equals("COMPLETED") || status.equals("FAILED");
    }

    public boolean completed() {
        return status.equals("COMPLETED");
    }

    /** {@code verify report 0197… of schema app}. */
    public String describe() {
        return (kind == null ? "" : kind + " ") + "report " + id + (schema == null ? "" : " of schema " + schema);
    }

    /** One line while it runs: {@code RUNNING  3/12  1,843,220 rows  app.orders}. */
    public String progressLine() {
        StringBuilder b = new StringBuilder(status);
        if (total > 0 || done > 0) {
            b.append("  ").append(done).append('/').append(total);
        }
        if (rows > 0) {
            b.append("  ").append(Units.count(rows)).append(" rows");
        }
        if (current != null) {
            b.append("  ").append(current);
        }
        return b.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
