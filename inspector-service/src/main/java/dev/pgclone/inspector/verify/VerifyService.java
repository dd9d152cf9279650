package dev.pgclone.inspector.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.ReportHandler;
import dev.pgclone.inspector.report.ReportProgressSink;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.catalog.NamespaceCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.TableCatalog;
import dev.pgclone.pg.compare.TableInventory;
import dev.pgclone.inspector.config.InspectorConfig;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code verify} report: whether the target holds the source's rows, table by table, in pgclone's row shape.
 * {@code exact} (the default) counts and hashes every row on both sides under one snapshot per side
 * ({@link ExactVerification}); {@code estimate} compares the planner's {@code reltuples} as pgclone does, without
 * reading a row. Every user schema of the source when the request names none.
 */
@ApplicationScoped
public class VerifyService implements ReportHandler {

    private final PgConnector connector;
    private final int parallelism;
    private final long pagesPerPart;
    private final Duration lockWait;
    static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(1);

    @Inject
    public VerifyService(PgConnector connector, InspectorConfig config) {
        this(connector, config.inspector().verifyParallelism(), VerifyPlan.DEFAULT_PAGES_PER_PART,
                config.inspector().lockWaitTimeout());
    }

    public VerifyService(PgConnector connector, int parallelism, long pagesPerPart) {
        this(connector, parallelism, pagesPerPart, DEFAULT_LOCK_WAIT);
    }

    /**
     * @param parallelism  sessions per side hashing at once (each imports its side's snapshot)
     * @param pagesPerPart a table bigger than this (by {@code relpages}) is hashed in page ranges of this size
     * @param lockWait     how long a session waits for a table's lock, {@link Duration#ZERO} without limit
     */
    public VerifyService(PgConnector connector, int parallelism, long pagesPerPart, Duration lockWait) {
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("pgclone.inspector.lock-wait-timeout must not be negative");
        }
        if (parallelism < 1 || pagesPerPart < 1) {
            throw new IllegalArgumentException("pgclone.inspector.verify-parallelism and the pages per part must be at least 1");
        }
        this.connector = connector;
        this.parallelism = parallelism;
        this.pagesPerPart = pagesPerPart;
        this.lockWait = lockWait;
    }

    @Override
    public ReportKind kind() {
        return ReportKind.VERIFY;
    }

    @Override
    public JsonNode run(ReportRequest request, ReportProgressSink progress) throws Exception {
        return verify(request, progress, Map.of());
    }

    /**
     * The masking hook: a clone that masked columns copies other values than the source's, so its verify compares the
     * other columns only and names the excluded ones per table ({@code excluded_columns}). A partitioned table's
     * exclusions apply to its partitions. The columns pgclone's masking record on the target names
     * ({@code _pgclone_masking.masked_columns}: masked at clone time or in place) are always left out, with a note per
     * table; {@code excludedColumns} adds to them.
     *
     * @param excludedColumns more columns to leave out, by table (unknown tables and columns are ignored)
     */
    public JsonNode verify(ReportRequest request, ReportProgressSink progress,
                           Map<QualifiedName, Set<String>> excludedColumns) throws Exception {
        String schema = request.schema();
        if (request.parameters().exactOrDefault()) {
            ExactVerification.Outcome outcome = new ExactVerification(connector, parallelism, pagesPerPart, lockWait)
                    .run(request.source(), request.target(), source -> schemas(source, schema), excludedColumns, progress);
            return VerifyReport.toJson("exact", schema, outcome.rows(), outcome.rowsHashed(), outcome.notes());
        }
        List<String> notes = new ArrayList<>();
        List<VerifyRow> rows = estimate(request, excludedColumns, notes);
        progress.update(new ReportProgress(rows.size(), rows.size(), 0, null));
        return VerifyReport.toJson("estimate", schema, rows, null, notes);
    }

    /** pgclone's verify: {@code reltuples} on both sides, read in one read-only transaction each. */
    private List<VerifyRow> estimate(ReportRequest request, Map<QualifiedName, Set<String>> excluded, List<String> notes)
            throws SQLException {
        try (Connection source = connector.open(request.source(), SessionRole.SOURCE);
             Connection target = connector.open(request.target(), SessionRole.TARGET)) {
            SnapshotSessions.beginReadOnly(source, null);
            SnapshotSessions.beginReadOnly(target, null);
            List<String> schemas = schemas(source, request.schema());
            List<TableInventory.Entry> sourceTables = inventory(source, schemas, "source");
            List<TableInventory.Entry> targetTables = inventory(target, schemas, "target");
            MaskedColumns masked = ExactVerification.masked(target, targetTables);
            VerifyPlan plan = VerifyPlan.of(sourceTables, targetTables, masked.plus(excluded), pagesPerPart);
            notes.addAll(masked.notes(plan.reportedNames(), false));
            return plan.estimateRows(VerifyPlan.byName(sourceTables), VerifyPlan.byName(targetTables));
        }
    }

    /** The schema asked for, which must exist on the source; or every user schema of the source. */
    static List<String> schemas(Connection source, String schema) throws SQLException {
        if (schema == null) {
            return new NamespaceCatalog(source).userSchemas();
        }
        if (!new TableCatalog(source).schemaExists(schema)) {
            throw new FatalFailure(ErrorCode.SCHEMA_NOT_FOUND, "schema \"" + schema + "\" does not exist on the source");
        }
        return List.of(schema);
    }

    private static List<TableInventory.Entry> inventory(Connection connection, List<String> schemas, String side) {
        try {
            return new TableInventory(connection).tables(schemas);
        } catch (SQLException e) {
            throw CloneFailure.of(ErrorCode.REPORT_FAILED, "could not list the tables on the " + side + ": "
                    + PgFailures.describe(e), e);
        }
    }
}
