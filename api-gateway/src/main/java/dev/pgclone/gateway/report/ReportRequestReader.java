package dev.pgclone.gateway.report;

import static dev.pgclone.gateway.request.RequestBody.conninfo;
import static dev.pgclone.gateway.request.RequestBody.identifier;
import static dev.pgclone.gateway.request.RequestBody.optionalIdentifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import dev.pgclone.gateway.problem.ApiException;
import dev.pgclone.gateway.request.RequestBody;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a report request body strictly, as clone requests are read: {@code {source?, target?, schema?, parameters?}}
 * (the connections the kind reads: both, the source alone for discover-sensitive, the target alone for
 * masking-report; a connection the kind does not read is an unknown field).
 * An unknown kind is a 404; an unknown field, a missing or mistyped one, an unusable conninfo or a parameter the kind
 * does not take is a 400 naming the field ({@code parameters.<key>} for parameters).
 */
public final class ReportRequestReader {

    private ReportRequestReader() {
    }

    public static ReportSubmission read(String kindName, String body) {
        ReportKind kind = ReportKind.of(kindName).orElseThrow(() -> ApiException.notFound("unknown report kind \""
                + kindName + "\"; use " + ReportKind.names()));
        JsonNode root = RequestBody.object(body);
        List<String> fields = new ArrayList<>();
        if (kind.readsSource()) {
            fields.add("source");
        }
        if (kind.readsTarget()) {
            fields.add("target");
        }
        fields.addAll(List.of("schema", "parameters"));
        RequestBody.allow(root, fields);
        Conninfo source = kind.readsSource() ? conninfo(root, "source") : null;
        Conninfo target = kind.readsTarget() ? conninfo(root, "target") : null;
        String schema = kind == ReportKind.VERIFY ? optionalIdentifier(root, "schema") : identifier(root, "schema");
        ReportParameters parameters;
        try {
            parameters = ReportParameters.fromJson(root.get("parameters"));
            parameters.requireFor(kind);
        } catch (InvalidOptionException e) {
            String field = e.field().equals("parameters") ? "parameters" : "parameters." + e.field();
            String detail = e.field().equals("parameters") ? e.getMessage() : "parameters." + e.getMessage();
            throw ApiException.invalid(field, detail);
        }
        return new ReportSubmission(kind, source, target, schema, parameters);
    }
}
