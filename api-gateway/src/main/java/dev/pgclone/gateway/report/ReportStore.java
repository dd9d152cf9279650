package dev.pgclone.gateway.report;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportStatus;
import dev.pgclone.contracts.report.ReportView;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The gateway's read model of reports ({@code gateway.reports}), fed by report events. Each event carries the whole
 * report; the newest {@code version} wins, so duplicates and reordering do no harm. Holds no secret: connections are
 * redacted displays.
 */
@ApplicationScoped
public class ReportStore {

    private final DataSource dataSource;

    public ReportStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        createSchema();
    }

    /** Creates the store's schema and table when missing. */
    public void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS gateway");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS gateway.reports (
                        id           text PRIMARY KEY,
                        version      bigint NOT NULL,
                        status       text NOT NULL,
                        kind         text,
                        view         jsonb NOT NULL,
                        submitted_at timestamptz NOT NULL,
                        updated_at   timestamptz NOT NULL DEFAULT now())""");
        }
    }

    public void upsert(ReportView view) throws SQLException {
        upsert(List.of(view));
    }

    /**
     * Stores each view unless a newer version of its report is already there, in one transaction. Callers pass at
     * most one view per report, in a stable order (by id), so two writers of batches never wait for each other in a
     * cycle.
     */
    public void upsert(Collection<ReportView> views) throws SQLException {
        if (views.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (views.size() > 1) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO gateway.reports (id, version, status, kind, view, submitted_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, ?)
                    ON CONFLICT (id) DO UPDATE
                       SET version = EXCLUDED.version, status = EXCLUDED.status,
                           kind = coalesce(EXCLUDED.kind, gateway.reports.kind), view = EXCLUDED.view,
                           updated_at = now()
                     WHERE gateway.reports.version < EXCLUDED.version""")) {
                for (ReportView view : views) {
                    ps.setString(1, view.id());
                    ps.setLong(2, view.version());
                    ps.setString(3, view.status().name());
                    ps.setString(4, view.kind() == null ? null : view.kind().json());
                    ps.setString(5, Json.write(view));
                    ps.setTimestamp(6, Timestamp.from(view.submittedAt() == null ? Instant.now() : view.submittedAt()));
                    if (views.size() == 1) {
                        ps.executeUpdate();
                    } else {
                        ps.addBatch();
                    }
                }
                if (views.size() > 1) {
                    ps.executeBatch();
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    public Optional<ReportView> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT view::text FROM gateway.reports WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), ReportView.class)) : Optional.empty();
            }
        }
    }

    /** Newest first (report ids are time-ordered), optionally of one kind and one status. */
    public List<ReportView> list(ReportKind kind, ReportStatus status, int limit) throws SQLException {
        List<ReportView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT view::text FROM gateway.reports
                      WHERE (?::text IS NULL OR kind = ?) AND (?::text IS NULL OR status = ?)
                      ORDER BY submitted_at DESC, id DESC LIMIT ?""")) {
            String k = kind == null ? null : kind.json();
            String s = status == null ? null : status.name();
            ps.setString(1, k);
            ps.setString(2, k);
            ps.setString(3, s);
            ps.setString(4, s);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.read(rs.getString(1), ReportView.class));
                }
            }
        }
        return out;
    }
}
