package dev.pgclone.inspector.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.ReportHandler;
import dev.pgclone.inspector.report.ReportProgressSink;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.compare.SchemaDiff;
import dev.pgclone.pg.compare.SchemaSnapshot;
import dev.pgclone.pg.compare.SchemaSnapshotReader;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.FatalFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code diff} report: DDL drift between a schema on the source and the same-named schema on the target, in
 * pgclone's shape plus what pgclone misses ({@link DiffReport}). Each side's catalog is read in one
 * {@code REPEATABLE READ READ ONLY} transaction ({@link SchemaSnapshotReader}) and the two snapshots are compared by a
 * pure function ({@link SchemaDiff}). The schema must exist on the source; missing on the target, everything is only in
 * the source.
 */
@ApplicationScoped
public class SchemaDiffService implements ReportHandler {

    private final PgConnector connector;

    @Inject
    public SchemaDiffService(PgConnector connector) {
        this.connector = connector;
    }

    @Override
    public ReportKind kind() {
        return ReportKind.DIFF;
    }

    @Override
    public JsonNode run(ReportRequest request, ReportProgressSink progress) throws Exception {
        String schema = request.schema();
        progress.update(new ReportProgress(0, 2, 0, "source catalog"));
        SchemaSnapshot source = read(request.source(), SessionRole.SOURCE, schema);
        if (!source.exists()) {
            throw new FatalFailure(ErrorCode.SCHEMA_NOT_FOUND, "schema \"" + schema + "\" does not exist on the source");
        }
        progress.update(new ReportProgress(1, 2, 0, "target catalog"));
        SchemaSnapshot target = read(request.target(), SessionRole.TARGET, schema);
        progress.update(new ReportProgress(2, 2, 0, null));
        return DiffReport.toJson(SchemaDiff.between(source, target));
    }

    private SchemaSnapshot read(Conninfo conninfo, SessionRole role, String schema) throws SQLException {
        String side = role == SessionRole.SOURCE ? "source" : "target";
        try (Connection connection = connector.open(conninfo, role)) {
            try {
                SnapshotSessions.beginReadOnly(connection, null);
                SchemaSnapshot snapshot = new SchemaSnapshotReader(connection).read(schema);
                SnapshotSessions.end(connection);
                return snapshot;
            } catch (SQLException e) {
                throw CloneFailure.of(ErrorCode.REPORT_FAILED, "could not read the " + side + " catalog: "
                        + PgFailures.describe(e), e);
            }
        }
    }
}
