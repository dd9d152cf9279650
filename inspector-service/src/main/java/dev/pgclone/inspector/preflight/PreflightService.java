package dev.pgclone.inspector.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.ReportHandler;
import dev.pgclone.inspector.report.ReportProgressSink;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.preflight.Preflight;
import dev.pgclone.pg.preflight.PreflightReport;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code preflight} report: pgclone's {@code preflight(conninfo, schema)} for a schema clone with the request's
 * clone options, computed by the shared {@link Preflight} (the coordinator runs the same checks before it creates
 * anything). Both sessions are REPEATABLE READ READ ONLY. A database that cannot be reached is not a failed report:
 * it is the {@code source_connection} / {@code target_connection} check, failed, and {@code ready} is false; so is a
 * missing schema ({@code schema_exists_source}).
 */
@ApplicationScoped
public class PreflightService implements ReportHandler {

    private static final int STEPS = 2;

    private final PgConnector connector;

    public PreflightService(PgConnector connector) {
        this.connector = connector;
    }

    @Override
    public ReportKind kind() {
        return ReportKind.PREFLIGHT;
    }

    @Override
    public JsonNode run(ReportRequest request, ReportProgressSink progress) {
        return check(request, progress).toJson();
    }

    /** The typed result, for callers that want more than the JSON. */
    public PreflightReport check(ReportRequest request, ReportProgressSink progress) {
        progress.update(new ReportProgress(0, STEPS, 0, "connecting"));
        Preflight.Side source = open(request.source(), SessionRole.SOURCE);
        Preflight.Side target = request.target() == null ? Preflight.Side.unreachable("no target connection was given")
                : open(request.target(), SessionRole.TARGET);
        try {
            progress.update(new ReportProgress(1, STEPS, 0, "checking"));
            PreflightReport report = Preflight.run(source, target, Preflight.Request.of(
                    new CloneScope.Schema(request.schema()), request.parameters().optionsOrDefault()));
            progress.update(new ReportProgress(STEPS, STEPS, 0, null));
            return report;
        } catch (SQLException e) {
            throw CloneFailure.of(ErrorCode.REPORT_FAILED, "the pre-flight checks could not finish: "
                    + PgFailures.describe(e), e);
        } finally {
            close(source);
            close(target);
        }
    }

    /** A read-only session, or the reason there is none (a connection failure's message names no password). */
    private Preflight.Side open(Conninfo conninfo, SessionRole role) {
        Connection c;
        try {
            c = connector.open(conninfo, role);
        } catch (CloneFailure e) {
            return Preflight.Side.unreachable(e.getMessage());
        } catch (SQLException e) {
            return Preflight.Side.unreachable("could not set up the " + role.name().toLowerCase() + " session: "
                    + PgFailures.describe(e));
        }
        try {
            SnapshotSessions.beginReadOnly(c, null);
            return Preflight.Side.connected(c);
        } catch (SQLException e) {
            closeQuietly(c);
            return Preflight.Side.unreachable("could not begin a read-only transaction on the " + role.name().toLowerCase()
                    + ": " + PgFailures.describe(e));
        }
    }

    private static void close(Preflight.Side side) {
        if (side.up()) {
            try {
                SnapshotSessions.end(side.connection());
            } catch (SQLException e) {
                // the session is closed next; nothing was written
            }
            closeQuietly(side.connection());
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to release beyond the socket
        }
    }
}
