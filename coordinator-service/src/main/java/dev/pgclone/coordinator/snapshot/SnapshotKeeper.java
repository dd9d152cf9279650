package dev.pgclone.coordinator.snapshot;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * The source connection that exports a job's snapshot and stays open in its transaction until the job ends, so
 * every other session of the job can import it. Dedicated (never pooled), TCP keepalives on, no idle or statement
 * timeout inside its transaction, pinged periodically: a keeper that is gone makes the job fail rather than
 * continue silently inconsistent.
 */
public final class SnapshotKeeper {

    private static final Logger LOG = Logger.getLogger(SnapshotKeeper.class);

    private final String jobId;
    private Connection connection;
    private volatile KeeperState state = KeeperState.OPENING;
    private String snapshotId;

    private SnapshotKeeper(String jobId) {
        this.jobId = jobId;
    }

    /** Opens the keeper and exports its snapshot. */
    public static SnapshotKeeper open(String jobId, Conninfo source, PgConnector connector) throws SQLException {
        SnapshotKeeper keeper = new SnapshotKeeper(jobId);
        keeper.connection = connector.open(source, SessionRole.SOURCE);
        try {
            keeper.snapshotId = SnapshotSessions.beginAndExport(keeper.connection);
        } catch (SQLException | RuntimeException e) {
            keeper.connection.close();
            throw e;
        }
        keeper.state = KeeperState.EXPORTED;
        LOG.infof("job %s: snapshot %s exported and held", jobId, keeper.snapshotId);
        return keeper;
    }

    public String snapshotId() {
        return snapshotId;
    }

    public KeeperState state() {
        return state;
    }

    /** A cheap round trip. Returns null when alive, else why it is not. Marks the keeper LOST on failure. */
    public synchronized String ping() {
        if (state != KeeperState.EXPORTED) {
            return null;
        }
        try (Statement st = connection.createStatement()) {
            st.setQueryTimeout(30);
            st.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            state = KeeperState.LOST;
            closeQuietly();
            return PgFailures.describe(e);
        }
    }

    /** Ends the keeper transaction and closes the connection; the snapshot is gone afterwards. Idempotent. */
    public synchronized void release() {
        if (state == KeeperState.RELEASED || state == KeeperState.LOST) {
            return;
        }
        state = KeeperState.RELEASED;
        try {
            SnapshotSessions.end(connection);
        } catch (SQLException e) {
            LOG.debugf("job %s: keeper rollback failed: %s", jobId, e.getMessage());
        }
        closeQuietly();
        LOG.infof("job %s: snapshot %s released", jobId, snapshotId);
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debugf("job %s: keeper close failed: %s", jobId, e.getMessage());
        }
    }
}
