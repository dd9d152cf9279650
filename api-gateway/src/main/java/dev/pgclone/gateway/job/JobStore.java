package dev.pgclone.gateway.job;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The gateway's read model of jobs (schema {@code gateway}), fed by job events. Each event carries the whole job;
 * the newest {@code version} wins, so duplicates and reordering do no harm. Holds no secret.
 */
@ApplicationScoped
public class JobStore {

    private final DataSource dataSource;

    public JobStore(DataSource dataSource) {
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
                    CREATE TABLE IF NOT EXISTS gateway.jobs (
                        id           text PRIMARY KEY,
                        version      bigint NOT NULL,
                        status       text NOT NULL,
                        kind         text,
                        view         jsonb NOT NULL,
                        submitted_at timestamptz NOT NULL,
                        updated_at   timestamptz NOT NULL DEFAULT now())""");
        }
    }

    /** Stores the view unless a newer version is already there. */
    public void upsert(JobView view) throws SQLException {
        upsert(List.of(view));
    }

    /**
     * Stores each view unless a newer version of its job is already there, in one transaction. Callers pass at most
     * one view per job, in a stable order (by id), so two writers of batches never wait for each other in a cycle.
     */
    public void upsert(Collection<JobView> views) throws SQLException {
        if (views.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (views.size() > 1) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO gateway.jobs (id, version, status, kind, view, submitted_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, ?)
                    ON CONFLICT (id) DO UPDATE
                       SET version = EXCLUDED.version, status = EXCLUDED.status,
                           kind = coalesce(EXCLUDED.kind, gateway.jobs.kind), view = EXCLUDED.view, updated_at = now()
                     WHERE gateway.jobs.version < EXCLUDED.version""")) {
                for (JobView view : views) {
                    ps.setString(1, view.id());
                    ps.setLong(2, view.version());
                    ps.setString(3, view.status().name());
                    ps.setString(4, view.kind());
                    ps.setString(5, Json.write(view));
                    ps.setTimestamp(6, Timestamp.from(view.submittedAt() == null ? java.time.Instant.now() : view.submittedAt()));
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

    public Optional<JobView> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT view::text FROM gateway.jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), JobView.class)) : Optional.empty();
            }
        }
    }

    /** Newest first (job ids are time-ordered), optionally only one status. */
    public List<JobView> list(JobStatus status, int limit) throws SQLException {
        List<JobView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT view::text FROM gateway.jobs WHERE (?::text IS NULL OR status = ?)
                      ORDER BY submitted_at DESC, id DESC LIMIT ?""")) {
            ps.setString(1, status == null ? null : status.name());
            ps.setString(2, status == null ? null : status.name());
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.read(rs.getString(1), JobView.class));
                }
            }
        }
        return out;
    }
}
