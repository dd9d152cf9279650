package dev.pgclone.coordinator.store;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.CreateMaskingPolicy;
import dev.pgclone.contracts.command.DropMaskingPolicy;
import dev.pgclone.contracts.command.MaskInPlace;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.coordinator.applied.AppliedState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The coordinator's jobs in its state database (schema {@code coordinator}): the command (connection secrets
 * sealed, scrubbed once the job ends) and the latest job view.
 */
@ApplicationScoped
public class JobStore {

    private final AgroalDataSource dataSource;

    public JobStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void createSchema(@Observes StartupEvent event) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS coordinator");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS coordinator.jobs (
                        id         text PRIMARY KEY,
                        command    jsonb NOT NULL,
                        view       jsonb NOT NULL,
                        status     text NOT NULL,
                        created_at timestamptz NOT NULL DEFAULT now(),
                        updated_at timestamptz NOT NULL DEFAULT now())""");
            st.execute("ALTER TABLE coordinator.jobs ADD COLUMN IF NOT EXISTS applied jsonb");
        }
    }

    /** Records what the job has changed on its target so far (see {@link AppliedState}). */
    public void saveApplied(String id, AppliedState applied) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE coordinator.jobs SET applied = ?::jsonb WHERE id = ?")) {
            ps.setString(1, Json.write(applied));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    public AppliedState applied(String id) throws SQLException {
        return readOne("SELECT applied::text FROM coordinator.jobs WHERE id = ? AND applied IS NOT NULL", id)
                .map(j -> Json.read(j, AppliedState.class)).orElse(AppliedState.NOTHING);
    }

    /** Inserts a new job (a clone or a masking job); false when the id exists already (redelivered or conflicting). */
    public boolean insert(Command command, JobView view) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO coordinator.jobs (id, command, view, status) VALUES (?, ?::jsonb, ?::jsonb, ?)
                     ON CONFLICT (id) DO NOTHING""")) {
            ps.setString(1, view.id());
            ps.setString(2, Json.write(command));
            ps.setString(3, Json.write(view));
            ps.setString(4, view.status().name());
            return ps.executeUpdate() == 1;
        }
    }

    public void save(JobView view) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     UPDATE coordinator.jobs SET view = ?::jsonb, status = ?, updated_at = now() WHERE id = ?""")) {
            ps.setString(1, Json.write(view));
            ps.setString(2, view.status().name());
            ps.setString(3, view.id());
            ps.executeUpdate();
        }
        if (view.status().terminal()) {
            scrubSecrets(view.id());
        }
    }

    /** The clone command of a job; empty for an unknown id or a masking job. */
    public Optional<StartClone> command(String id) throws SQLException {
        return anyCommand(id).filter(StartClone.class::isInstance).map(StartClone.class::cast);
    }

    /** The command of a job, whatever its kind. */
    public Optional<Command> anyCommand(String id) throws SQLException {
        return readOne("SELECT command::text FROM coordinator.jobs WHERE id = ?", id).map(j -> Json.read(j, Command.class));
    }

    public Optional<JobView> view(String id) throws SQLException {
        return readOne("SELECT view::text FROM coordinator.jobs WHERE id = ?", id).map(j -> Json.read(j, JobView.class));
    }

    /** Jobs that were not finished, e.g. when the coordinator stopped. */
    public List<JobView> unfinished() throws SQLException {
        List<JobView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT view::text FROM coordinator.jobs WHERE status IN ('PENDING', 'RUNNING') ORDER BY id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.read(rs.getString(1), JobView.class));
                }
            }
        }
        return out;
    }

    /** An ended job no longer needs its sealed secrets at rest. */
    private void scrubSecrets(String id) throws SQLException {
        Optional<Command> command = anyCommand(id);
        if (command.isEmpty()) {
            return;
        }
        Command c = command.get();
        Command scrubbed = c;
        if (c instanceof StartClone s) {
            scrubbed = new StartClone(s.header(), s.scope(), scrubbed(s.source()), scrubbed(s.target()),
                    s.includeData(), s.options());
        } else if (c instanceof MaskInPlace m) {
            scrubbed = new MaskInPlace(m.header(), scrubbed(m.target()), m.schema(), m.table(), m.mask());
        } else if (c instanceof CreateMaskingPolicy p) {
            scrubbed = new CreateMaskingPolicy(p.header(), scrubbed(p.target()), p.schema(), p.table(), p.mask(),
                    p.privilegedRole());
        } else if (c instanceof DropMaskingPolicy d) {
            scrubbed = new DropMaskingPolicy(d.header(), scrubbed(d.target()), d.schema(), d.table());
        }
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("UPDATE coordinator.jobs SET command = ?::jsonb WHERE id = ?")) {
            ps.setString(1, Json.write(scrubbed));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static ConnectionSpec scrubbed(ConnectionSpec spec) {
        return new ConnectionSpec(spec.conninfo(), null);
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
