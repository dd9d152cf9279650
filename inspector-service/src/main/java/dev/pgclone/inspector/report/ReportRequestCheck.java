package dev.pgclone.inspector.report;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.contracts.report.ReportKind;
import java.nio.charset.StandardCharsets;

/**
 * Whether a report request can become a report: its id, kind, connections, schema and parameters, then whether this
 * inspector has a handler for the kind. Refusals name the field (as the gateway does with a 400) and never echo a
 * conninfo or a secret.
 */
final class ReportRequestCheck {

    /** PostgreSQL truncates longer names silently; a report about a truncated name would mislead. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    /** The outcome: a request ready for its handler, or why there will be none. */
    sealed interface Outcome permits Valid, Refused {
    }

    record Valid(ReportRequest request, ReportHandler handler) implements Outcome {
    }

    record Refused(ErrorInfo error) implements Outcome {
        Refused(ErrorCode code, String message) {
            this(new ErrorInfo(code, message, false, null));
        }
    }

    private ReportRequestCheck() {
    }

    static Outcome check(RequestReport r, ReportHandlers handlers, SecretSealer sealer) {
        if (!Ids.isUuid(r.reportId())) {
            return new Refused(ErrorCode.INVALID_JOB_ID, "the request was refused: report id \"" + shorten(r.reportId())
                    + "\" is not a UUID");
        }
        String invalid = invalidField(r);
        if (invalid != null) {
            return new Refused(ErrorCode.INVALID_REQUEST, "the request was refused: " + invalid);
        }
        Conninfo source;
        Conninfo target;
        try {
            source = r.source() == null ? null : open(sealer, r.source(), "source");
            target = r.target() == null ? null : open(sealer, r.target(), "target");
        } catch (InvalidConninfoException e) {
            return new Refused(ErrorCode.INVALID_CONNECTION, "the request was refused: " + e.getMessage());
        }
        ReportHandler handler = handlers.find(r.kind()).orElse(null);
        if (handler == null) {
            return new Refused(ErrorCode.REPORT_FAILED, "this inspector has no " + r.kind().json()
                    + " handler installed, so it cannot compute the report (it serves: "
                    + (handlers.kinds().isEmpty() ? "none" : String.join(", ", handlers.kinds())) + ")");
        }
        return new Valid(new ReportRequest(r.reportId(), r.kind(), source, target, r.schema(), r.parameters()), handler);
    }

    /** The first field a report of this kind cannot take, as {@code field: why}; null when there is none. */
    private static String invalidField(RequestReport r) {
        ReportKind kind = r.kind();
        if (kind == null) {
            return "kind: is required (" + ReportKind.names() + ")";
        }
        if (kind.readsSource() && (r.source() == null || r.source().conninfo() == null)) {
            return "source: is required";
        }
        if (!kind.readsSource() && r.source() != null) {
            return "source: a " + kind.json() + " report reads only the target; leave the source out";
        }
        if (!kind.readsTarget() && r.target() != null) {
            return "target: a " + kind.json() + " report reads only the source; leave the target out";
        }
        if (kind.readsTarget() && (r.target() == null || r.target().conninfo() == null)) {
            return "target: is required for a " + kind.json() + " report";
        }
        if (r.schema() == null && kind != ReportKind.VERIFY) {
            return "schema: is required for a " + kind.json() + " report";
        }
        String schema = r.schema() == null ? null : invalidName(r.schema());
        if (schema != null) {
            return "schema: " + schema;
        }
        try {
            r.parameters().requireFor(kind);
        } catch (InvalidOptionException e) {
            return "parameters." + e.getMessage();
        }
        return null;
    }

    /** Why a schema name cannot be one PostgreSQL keeps as given, or null. */
    static String invalidName(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (name.indexOf('\0') >= 0) {
            return "must not contain NUL characters";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            return "is longer than " + MAX_IDENTIFIER_BYTES + " bytes, PostgreSQL's limit for names";
        }
        return null;
    }

    private static Conninfo open(SecretSealer sealer, ConnectionSpec spec, String side) {
        try {
            return sealer.open(spec);
        } catch (InvalidConninfoException e) {
            throw new InvalidConninfoException(side + ": " + e.getMessage());
        }
    }

    private static String shorten(String id) {
        return id.length() > 40 ? id.substring(0, 40) + "…" : id;
    }
}
