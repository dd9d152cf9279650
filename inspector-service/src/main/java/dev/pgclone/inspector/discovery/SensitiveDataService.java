package dev.pgclone.inspector.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.DetailedReportHandler;
import dev.pgclone.inspector.report.ReportProgressSink;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.catalog.ColumnCatalog;
import dev.pgclone.pg.catalog.ColumnCatalog.Column;
import dev.pgclone.pg.catalog.ColumnCatalog.ValueKind;
import dev.pgclone.pg.catalog.ExistenceCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.FatalFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.sample.ValueSampler;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code discover-sensitive} report: pgclone's {@code discover_sensitive(conninfo, schema)}. Every user column of
 * the schema's tables is judged by its name and type ({@link SensitiveNameRules}); with {@code sample > 0}, up to that
 * many rows of each table are read ({@link ValueSampler}: TABLESAMPLE, text forms) and the values checked
 * ({@link ValueEvidence}): they confirm or doubt a name's verdict and flag columns no name rule caught. The
 * {@code result} is pgclone's {@code {table: {column: strategy}}}, usable as a clone's {@code masks}; each finding's
 * category, confidence, reason and source are the {@code details} document. One REPEATABLE READ READ ONLY
 * transaction; values are only counted, never kept, logged or reported. Generated columns are left out: they are
 * computed on the target, never copied, so a mask on them would do nothing.
 */
@ApplicationScoped
public class SensitiveDataService implements DetailedReportHandler {

    /** Kinds of value the validators can read. */
    private static final Set<ValueKind> SAMPLED = EnumSet.of(ValueKind.TEXT, ValueKind.NUMBER, ValueKind.DATE,
            ValueKind.NETWORK);

    private final PgConnector connector;
    private final Clock clock;

    @Inject
    public SensitiveDataService(PgConnector connector) {
        this(connector, Clock.systemUTC());
    }

    SensitiveDataService(PgConnector connector, Clock clock) {
        this.connector = connector;
        this.clock = clock;
    }

    @Override
    public ReportKind kind() {
        return ReportKind.DISCOVER_SENSITIVE;
    }

    @Override
    public Output runDetailed(ReportRequest request, ReportProgressSink progress) {
        SensitiveDataReport report = discover(request, progress);
        JsonNode masks = report.masks();
        return new Output(masks, report.details());
    }

    /** The typed result. A source that cannot be reached or a missing schema fails the report (a CloneFailure). */
    public SensitiveDataReport discover(ReportRequest request, ReportProgressSink progress) {
        try (Connection source = connector.open(request.source(), SessionRole.SOURCE)) {
            SnapshotSessions.beginReadOnly(source, null);
            try {
                return discover(source, request.schema(), request.parameters().sampleOrDefault(), progress);
            } finally {
                SnapshotSessions.end(source);
            }
        } catch (SQLException e) {
            throw CloneFailure.of(ErrorCode.REPORT_FAILED, "sensitive-data discovery could not finish: "
                    + PgFailures.describe(e), e);
        }
    }

    private SensitiveDataReport discover(Connection source, String schema, int sample, ReportProgressSink progress)
            throws SQLException {
        if (new ExistenceCatalog(source).schemas(List.of(schema)).isEmpty()) {
            throw new FatalFailure(ErrorCode.SCHEMA_NOT_FOUND, "schema \"" + schema + "\" does not exist on the source");
        }
        Map<QualifiedName, List<Column>> tables = new LinkedHashMap<>();
        for (Column c : new ColumnCatalog(source).columns(schema)) {
            tables.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c);
        }
        LocalDate today = LocalDate.now(clock);
        List<SensitiveDataReport.Finding> findings = new ArrayList<>();
        int done = 0;
        long rows = 0;
        for (Map.Entry<QualifiedName, List<Column>> table : tables.entrySet()) {
            progress.update(new ReportProgress(done, tables.size(), rows, table.getKey().toString()));
            List<Column> columns = table.getValue().stream().filter(c -> !c.generated()).toList();
            Sample values = sample > 0 ? sample(source, table.getKey(), columns, sample) : Sample.NONE;
            rows += values.rows();
            for (Column c : columns) {
                judge(c, values, today).ifPresent(findings::add);
            }
            done++;
        }
        progress.update(new ReportProgress(done, tables.size(), rows, null));
        return new SensitiveDataReport(findings);
    }

    /** Values of one table's sampled columns, by column; or why there are none. */
    private record Sample(Map<String, List<String>> values, long rows, String problem) {

        static final Sample NONE = new Sample(Map.of(), 0, null);
    }

    /**
     * Up to {@code limit} rows of the table's readable columns, in a savepoint (a table the role may not read leaves
     * the transaction usable). A partitioned table holds no rows itself: its partitions are sampled as tables.
     */
    private static Sample sample(Connection source, QualifiedName table, List<Column> columns, int limit) {
        List<Column> sampled = columns.stream().filter(c -> SAMPLED.contains(c.kind())).toList();
        if (sampled.isEmpty() || columns.get(0).relkind() != 'r') {
            return Sample.NONE;
        }
        List<String> names = sampled.stream().map(Column::name).toList();
        List<List<String>> rows;
        try {
            rows = SnapshotSessions.inSavepoint(source, () -> ValueSampler.sample(source, table, names, limit,
                    sampled.get(0).estimatedRows()));
        } catch (SQLException e) {
            return new Sample(Map.of(), 0, "values not sampled: " + PgFailures.describe(e));
        }
        Map<String, List<String>> byColumn = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            List<String> values = new ArrayList<>(rows.size());
            for (List<String> row : rows) {
                values.add(row.get(i));
            }
            byColumn.put(names.get(i), values);
        }
        return new Sample(byColumn, rows.size(), null);
    }

    /** A column's verdict: its name (or type), weighed against its values when they were sampled. */
    private static Optional<SensitiveDataReport.Finding> judge(Column c, Sample sample, LocalDate today) {
        String table = c.table().name();
        List<String> values = sample.values().get(c.name());
        Optional<SensitiveNameRules.Match> byName = SensitiveNameRules.match(table, c.name(), c.kind());
        if (byName.isPresent()) {
            SensitiveNameRules.Match m = byName.get();
            double confidence = m.confidence();
            String reason = m.reason();
            String source = reason.startsWith("column of a network") ? "type" : "name";
            Optional<ValueEvidence> evidence = values == null ? Optional.empty()
                    : ValueEvidence.about(m.sensitivity(), values, c.kind(), today);
            if (evidence.isPresent()) {
                ValueEvidence e = evidence.get();
                source += "+values";
                if (e.ratio() >= ValueEvidence.FLAG_RATIO) {
                    confidence = ValueEvidence.round(Math.min(0.99, confidence + (1 - confidence) * 0.8 * e.ratio()));
                    reason += "; " + e.describe();
                } else if (e.ratio() < 0.2) {
                    confidence = ValueEvidence.round(Math.max(0.3, confidence - 0.35));
                    reason += "; but only " + e.describe();
                } else {
                    reason += "; " + e.describe();
                }
            } else if (sample.problem() != null) {
                reason += " (" + sample.problem() + ")";
            }
            return Optional.of(new SensitiveDataReport.Finding(table, c.name(), m.sensitivity(), confidence, reason, source));
        }
        if (values == null) {
            return Optional.empty();
        }
        return ValueEvidence.classify(values, c.kind(), today).map(f -> new SensitiveDataReport.Finding(table, c.name(),
                f.evidence().sensitivity(), f.confidence(), "no name rule; " + f.reason(), "values"));
    }
}
