package dev.pgclone.inspector.masking;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.discovery.SensitiveNameRules;
import dev.pgclone.inspector.report.DetailedReportHandler;
import dev.pgclone.inspector.report.ReportProgressSink;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.catalog.ColumnCatalog;
import dev.pgclone.pg.catalog.ColumnCatalog.Column;
import dev.pgclone.pg.catalog.ExistenceCatalog;
import dev.pgclone.pg.catalog.PartitionCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.FatalFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.mask.MaskingRecord;
import dev.pgclone.pg.mask.MaskingViews;
import dev.pgclone.pg.mask.MaskingViews.ColumnState;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code masking-report} report: pgclone's {@code masking_report(schema)}, run against the target. Every column of
 * the schema's tables (partitions included, generated columns left out as discovery leaves them) that
 * {@code discover-sensitive}'s name rules flag ({@link SensitiveNameRules}: the same categories, so both reports agree)
 * gets pgclone's row, with its {@code mask_status}:
 * <ol>
 *   <li>{@code MASKED (in place)} / {@code MASKED (clone)}: this service's masking record on the target
 *       ({@link MaskingRecord}) says it masked the column's values (in place wins over clone: it rewrote the values
 *       there now); a partitioned table's entries cover its partitions; entries of a table since dropped and created
 *       again are not read;</li>
 *   <li>{@code MASKED (view)}: the {@code <table>_masked} view beside the table masks that column — column-accurate:
 *       a view column that is a plain reference to a column (cast or renamed or not) does not count, nor does a view
 *       that leaves the column out ({@link MaskingViews});</li>
 *   <li>else {@code UNMASKED}, with pgclone's advice ({@code Apply mask strategy: <strategy>}).</li>
 * </ol>
 * One REPEATABLE READ READ ONLY transaction on the target, catalogs and the masking record only: no row of a table
 * is read. Beside the result, {@code details} gives what each status rests on ({@link MaskingReport#details}).
 */
@ApplicationScoped
public class MaskingReportService implements DetailedReportHandler {

    private final PgConnector connector;

    @Inject
    public MaskingReportService(PgConnector connector) {
        this.connector = connector;
    }

    @Override
    public ReportKind kind() {
        return ReportKind.MASKING_REPORT;
    }

    @Override
    public Output runDetailed(ReportRequest request, ReportProgressSink progress) throws SQLException {
        MaskingReport report = report(request, progress);
        return new Output(report.toJson(), report.details());
    }

    /** The typed report. An unreachable target or a missing schema fails it (a CloneFailure). */
    public MaskingReport report(ReportRequest request, ReportProgressSink progress) throws SQLException {
        try (Connection target = connector.open(request.target(), SessionRole.TARGET)) {
            SnapshotSessions.beginReadOnly(target, null);
            try {
                return report(target, request.schema(), progress);
            } finally {
                SnapshotSessions.end(target);
            }
        } catch (SQLException e) {
            throw CloneFailure.of(ErrorCode.REPORT_FAILED, "the masking report could not finish: "
                    + PgFailures.describe(e), e);
        }
    }

    private static MaskingReport report(Connection target, String schema, ReportProgressSink progress)
            throws SQLException {
        if (new ExistenceCatalog(target).schemas(List.of(schema)).isEmpty()) {
            throw new FatalFailure(ErrorCode.SCHEMA_NOT_FOUND, "schema \"" + schema + "\" does not exist on the target");
        }
        List<Column> columns = new ColumnCatalog(target).columns(schema).stream().filter(c -> !c.generated()).toList();
        long tables = columns.stream().map(Column::table).distinct().count();
        progress.update(new ReportProgress(0, (int) tables, 0, null));
        Map<QualifiedName, List<QualifiedName>> ancestors = new HashMap<>();
        new PartitionCatalog(target).ancestors(schema)
                .forEach((partition, above) -> ancestors.put(new QualifiedName(schema, partition), above));
        Records records = Records.read(target, schema, ancestors);
        Map<String, MaskingViews.View> views = new MaskingViews(target).of(schema);

        List<MaskingReport.Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Column c : columns) {
            Optional<SensitiveNameRules.Match> match = SensitiveNameRules.match(c.table().name(), c.name(), c.kind());
            if (match.isEmpty()) {
                continue;
            }
            String category = match.get().sensitivity().category();
            String strategy = match.get().sensitivity().strategy();
            String table = c.table().name();
            Optional<MaskingRecord.Entry> recorded = records.of(c.table(), c.name());
            MaskingViews.View view = views.get(table);
            ColumnState inView = view == null ? null : view.column(c.name());
            MaskStatus status;
            String recommendation;
            if (recorded.isPresent()) {
                MaskingRecord.Entry e = recorded.get();
                status = e.method() == MaskingRecord.Method.IN_PLACE ? MaskStatus.IN_PLACE : MaskStatus.CLONE;
                recommendation = (status == MaskStatus.IN_PLACE ? "OK - masked in place (" : "OK - masked at clone time (")
                        + e.rule().strategy().json() + ")";
            } else if (inView == ColumnState.MASKED) {
                status = MaskStatus.VIEW;
                recommendation = "OK - masked via " + view.view() + " view";
            } else {
                status = MaskStatus.UNMASKED;
                recommendation = "Apply mask strategy: " + strategy;
            }
            if (!status.masked() && inView == ColumnState.PASSED_THROUGH) {
                notes.add(view.view() + " shows " + table + "." + c.name() + " unmasked (its column of that name is a"
                        + " plain reference to a column): not counted as masking it");
            } else if (!status.masked() && inView == ColumnState.LEFT_OUT) {
                notes.add(view.view() + " leaves " + table + "." + c.name() + " out: hidden from the view's readers,"
                        + " but nothing masks it");
            } else if (!status.masked() && inView == ColumnState.UNREADABLE) {
                notes.add(view.view() + "'s stored query could not be read, so it is not counted as masking "
                        + table + "." + c.name());
            }
            rows.add(new MaskingReport.Row(c.table().schema(), table, c.name(), category, status, recommendation,
                    recorded.orElse(null), view == null ? null : view.view(), inView));
        }
        progress.update(new ReportProgress((int) tables, (int) tables, 0, null));
        return new MaskingReport(schema, rows, notes);
    }

    /** The masking record's entries that hold for the schema's tables, a partitioned table's for its partitions. */
    private record Records(Map<QualifiedName, Map<String, MaskingRecord.Entry>> byTable,
                           Map<QualifiedName, List<QualifiedName>> ancestors) {

        static Records read(Connection target, String schema, Map<QualifiedName, List<QualifiedName>> ancestors)
                throws SQLException {
            Map<QualifiedName, Map<String, MaskingRecord.Entry>> byTable = new HashMap<>();
            List<String> schemas = new ArrayList<>(List.of(schema));
            ancestors.values().forEach(list -> list.forEach(a -> {
                if (!schemas.contains(a.schema())) {
                    schemas.add(a.schema());
                }
            }));
            for (String s : schemas) {
                for (MaskingRecord.Entry e : MaskingRecord.read(target, s)) {
                    // in place rewrote the values after any clone: it is what they are now
                    byTable.computeIfAbsent(new QualifiedName(e.schema(), e.table()), t -> new HashMap<>())
                            .merge(e.column(), e, (a, b) -> b.method() == MaskingRecord.Method.IN_PLACE ? b : a);
                }
            }
            return new Records(byTable, ancestors);
        }

        Optional<MaskingRecord.Entry> of(QualifiedName table, String column) {
            MaskingRecord.Entry own = byTable.getOrDefault(table, Map.of()).get(column);
            if (own != null) {
                return Optional.of(own);
            }
            for (QualifiedName above : ancestors.getOrDefault(table, List.of())) {
                MaskingRecord.Entry inherited = byTable.getOrDefault(above, Map.of()).get(column);
                if (inherited != null) {
                    return Optional.of(inherited);
                }
            }
            return Optional.empty();
        }
    }
}
