package dev.pgclone.inspector.report;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.report.ReportView;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The inspector's reports in its state database (schema {@code inspector}): the request (connection secrets sealed,
 * scrubbed once the report ends), the latest view and who runs it. Every change of a running report is conditional
 * on the version its runner last wrote and on its run ({@code owner_run}), so a report another inspector has failed
 * as orphaned is never written again by a runner that only seemed dead. The runner renews {@code heartbeat_at}.
 */
@ApplicationScoped
public class ReportStore {

    private static final String UNFINISHED = "status IN ('PENDING', 'RUNNING')";

    private final AgroalDataSource dataSource;

    public ReportStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void createSchema(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS inspector");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS inspector.reports (
                        id           text PRIMARY KEY,
                        kind         text,
                        request      jsonb NOT NULL,
                        view         jsonb NOT NULL,
                        status       text NOT NULL,
                        version      bigint NOT NULL,
                        owner        text NOT NULL,
                        owner_run    text NOT NULL,
                        heartbeat_at timestamptz NOT NULL DEFAULT now(),
                        created_at   timestamptz NOT NULL DEFAULT now(),
                        updated_at   timestamptz NOT NULL DEFAULT now())""");
            st.execute("CREATE INDEX IF NOT EXISTS reports_unfinished ON inspector.reports (heartbeat_at) WHERE "
                    + UNFINISHED);
        }
    }

    /**
     * Records a new report; false when its id is known already (a redelivered request, or another request under the
     * same id). A report that is already over (a refused request) is stored without its secrets.
     */
    public boolean insert(RequestReport request, ReportView view, String owner, String ownerRun) throws SQLException {
        RequestReport stored = view.status().terminal() ? scrubbed(request) : request;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO inspector.reports (id, kind, request, view, status, version, owner, owner_run)
                     VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)
                     ON CONFLICT (id) DO NOTHING""")) {
            ps.setString(1, view.id());
            ps.setString(2, view.kind() == null ? null : view.kind().json());
            ps.setString(3, Json.write(stored));
            ps.setString(4, Json.write(view));
            ps.setString(5, view.status().name());
            ps.setLong(6, view.version());
            ps.setString(7, owner);
            ps.setString(8, ownerRun);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Writes a newer view of a report this run owns, if nobody else changed it since {@code expectedVersion}; an
     * ended report loses its sealed secrets in the same statement. False when the report was taken from this run.
     */
    public boolean update(ReportView view, long expectedVersion, String ownerRun) throws SQLException {
        return update(view, expectedVersion, ownerRun, true);
    }

    /** As {@link #update}, by whoever finds the report orphaned: any owner, still only from the version it read. */
    public boolean takeOver(ReportView view, long expectedVersion) throws SQLException {
        return update(view, expectedVersion, null, false);
    }

    private boolean update(ReportView view, long expectedVersion, String ownerRun, boolean mustOwn) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     UPDATE inspector.reports
                        SET view = ?::jsonb, status = ?, version = ?, updated_at = now(), heartbeat_at = now(),
                            request = CASE WHEN ? THEN request #- '{source,sealedSecrets}' #- '{target,sealedSecrets}'
                                           ELSE request END
                      WHERE id = ? AND version = ? AND (NOT ? OR owner_run = ?)""")) {
            ps.setString(1, Json.write(view));
            ps.setString(2, view.status().name());
            ps.setLong(3, view.version());
            ps.setBoolean(4, view.status().terminal());
            ps.setString(5, view.id());
            ps.setLong(6, expectedVersion);
            ps.setBoolean(7, mustOwn);
            ps.setString(8, ownerRun);
            return ps.executeUpdate() == 1;
        }
    }

    /** Renews the reports this run holds (queued or running), so no other inspector takes them for orphans. */
    public void renew(Collection<String> ids, String ownerRun) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inspector.reports SET heartbeat_at = now() "
                     + "WHERE id = ANY (?) AND owner_run = ? AND " + UNFINISHED)) {
            Array array = c.createArrayOf("text", ids.toArray());
            ps.setArray(1, array);
            ps.setString(2, ownerRun);
            ps.executeUpdate();
        }
    }

    /**
     * Unfinished reports whose runner is gone: not renewed for {@code staleAfter}, or (when {@code previousOf} is
     * given) held by an earlier run of the inspector called {@code previousOf}. Never one of {@code currentRun}'s.
     */
    public List<Orphan> orphans(Duration staleAfter, String previousOf, String currentRun) throws SQLException {
        List<Orphan> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT view::text, owner FROM inspector.reports WHERE " + UNFINISHED
                     + " AND owner_run <> ? AND (heartbeat_at < now() - make_interval(secs => ?) OR owner = ?)"
                     + " ORDER BY id")) {
            ps.setString(1, currentRun);
            ps.setDouble(2, staleAfter.toMillis() / 1000.0);
            ps.setString(3, previousOf);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Orphan(Json.read(rs.getString(1), ReportView.class), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** An unfinished report whose inspector is gone, and that inspector's name. */
    public record Orphan(ReportView view, String owner) {
    }

    public Optional<RequestReport> request(String id) throws SQLException {
        return readOne("SELECT request::text FROM inspector.reports WHERE id = ?", id)
                .map(j -> (RequestReport) Json.read(j, dev.pgclone.contracts.command.Command.class));
    }

    public Optional<ReportView> view(String id) throws SQLException {
        return readOne("SELECT view::text FROM inspector.reports WHERE id = ?", id).map(j -> Json.read(j, ReportView.class));
    }

    /** The request as it may rest once its report is over: connections without their sealed secrets. */
    static RequestReport scrubbed(RequestReport r) {
        return new RequestReport(r.header(), r.kind(), withoutSecrets(r.source()), withoutSecrets(r.target()),
                r.schema(), r.parameters());
    }

    private static ConnectionSpec withoutSecrets(ConnectionSpec spec) {
        return spec == null ? null : new ConnectionSpec(spec.conninfo(), null);
    }

    private Optional<String> readOne(String sql, String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
