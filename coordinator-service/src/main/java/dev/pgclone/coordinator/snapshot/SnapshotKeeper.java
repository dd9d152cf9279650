package dev.pgclone.coordinator.snapshot;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.FatalFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.snapshot.RelationLocks;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The source connection that holds a job's snapshot and its table locks until the job ends, so every other session
 * of the job can import the snapshot and nothing it reads can be truncated, dropped or altered meanwhile.
 * Dedicated (never pooled), TCP keepalives on, no idle or statement timeout inside its transaction, pinged
 * periodically: a keeper that is gone makes the job fail rather than continue silently inconsistent.
 *
 * <p>Order matters (pg_dump locks after taking its snapshot, leaving a window in which a TRUNCATE empties what the
 * snapshot still sees): the keeper lists the relations, begins its transaction, locks them, and only then exports,
 * because a REPEATABLE READ transaction takes its snapshot at its first query, and LOCK is not one.
 */
public final class SnapshotKeeper {

    private static final Logger LOG = Logger.getLogger(SnapshotKeeper.class);
    /** A listed relation dropped before it could be locked: list again, a few times. */
    private static final int LIST_ATTEMPTS = 3;

    /** Lists the relations the job reads, on the keeper's session. */
    @FunctionalInterface
    public interface ReadSet {
        List<QualifiedName> list(Connection source) throws SQLException;
    }

    private final String jobId;
    private final Conninfo source;
    private final PgConnector connector;
    private final Duration lockWait;
    private final Set<QualifiedName> locked = new HashSet<>();
    /** One user of the session at a time: planning, a read through the keeper, a late lock, the ping, release. */
    private final ReentrantLock session = new ReentrantLock();
    private Connection connection;
    private volatile KeeperState state = KeeperState.OPENING;
    private String snapshotId;

    private SnapshotKeeper(String jobId, Conninfo source, PgConnector connector, Duration lockWait) {
        this.jobId = jobId;
        this.source = source;
        this.connector = connector;
        this.lockWait = lockWait;
    }

    /** Locks what the job reads, then exports the snapshot and holds both. */
    public static SnapshotKeeper open(String jobId, Conninfo source, PgConnector connector, ReadSet readSet,
                                      Duration lockWait) throws SQLException {
        SnapshotKeeper keeper = new SnapshotKeeper(jobId, source, connector, lockWait);
        for (int attempt = 1; ; attempt++) {
            Connection c = connector.open(source, SessionRole.SOURCE);
            try {
                List<QualifiedName> relations = readSet.list(c);
                SnapshotSessions.beginKeeper(c, null);
                RelationLocks.accessShare(c, relations, lockWait, keeper::diagnosticSession);
                keeper.snapshotId = SnapshotSessions.export(c);
                keeper.connection = c;
                keeper.locked.addAll(relations);
                break;
            } catch (SQLException | RuntimeException e) {
                c.close();
                if (!(e instanceof SQLException sql && "42P01".equals(sql.getSQLState())) || attempt == LIST_ATTEMPTS) {
                    throw e;
                }
                LOG.infof("job %s: a table was dropped while its lock was being taken; listing again", jobId);
            }
        }
        keeper.state = KeeperState.EXPORTED;
        LOG.infof("job %s: %d relation(s) locked, snapshot %s exported and held", jobId, keeper.locked.size(),
                keeper.snapshotId);
        return keeper;
    }

    /**
     * For a job that reads the caller's exported snapshot: holds the table locks in a transaction that imports it.
     * The caller's snapshot predates the locks, so a relation rewritten in between (TRUNCATE, VACUUM FULL, …) would
     * read wrong: that fails here, naming it.
     */
    public static SnapshotKeeper importing(String jobId, Conninfo source, PgConnector connector, String snapshotId,
                                           ReadSet readSet, Duration lockWait) throws SQLException {
        SnapshotKeeper keeper = new SnapshotKeeper(jobId, source, connector, lockWait);
        Connection c = connector.open(source, SessionRole.SOURCE);
        try {
            SnapshotSessions.beginKeeper(c, snapshotId);
            keeper.connection = c;
            keeper.snapshotId = snapshotId;
            keeper.lockAndCheck(readSet.list(c));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        keeper.state = KeeperState.EXPORTED;
        LOG.infof("job %s: %d relation(s) locked under the caller's snapshot %s", jobId, keeper.locked.size(), snapshotId);
        return keeper;
    }

    public String snapshotId() {
        return snapshotId;
    }

    public KeeperState state() {
        return state;
    }

    /** Work done on the keeper's own session. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection keeperSession) throws SQLException;
    }

    /**
     * Reads through the keeper's session, inside a savepoint (an error or a {@code SET LOCAL} there does not touch
     * the keeper's transaction). The keeper holds every table's lock, so its reads never queue behind DDL that waits
     * for the job: the catalog is read here, and so is a table that new sessions cannot read any more.
     */
    public <T> T read(Work<T> work) throws SQLException {
        session.lock();
        try {
            requireHeld();
            return SnapshotSessions.inSavepoint(connection, () -> work.run(connection));
        } finally {
            session.unlock();
        }
    }

    /**
     * Locks relations the plan reads that were not locked before the snapshot (created between listing and export);
     * fails when one was rewritten after the snapshot, because what the snapshot sees of it is gone.
     */
    public void lockMore(List<QualifiedName> relations) throws SQLException {
        session.lock();
        try {
            requireHeld();
            List<QualifiedName> missing = relations.stream().filter(r -> !locked.contains(r)).distinct().toList();
            if (!missing.isEmpty()) {
                lockAndCheck(missing);
                LOG.infof("job %s: %d more relation(s) locked after the snapshot", jobId, missing.size());
            }
        } finally {
            session.unlock();
        }
    }

    private void requireHeld() throws SQLException {
        if (state != KeeperState.EXPORTED) {
            throw new SQLException("the snapshot keeper is " + state.name().toLowerCase(), "08003");
        }
    }

    private void lockAndCheck(List<QualifiedName> relations) throws SQLException {
        RelationLocks.accessShare(connection, relations, lockWait, this::diagnosticSession);
        List<QualifiedName> rewritten = RelationLocks.rewrittenSinceSnapshot(connection, relations);
        if (!rewritten.isEmpty()) {
            throw new FatalFailure(ErrorCode.SNAPSHOT_INVALIDATED, "table " + rewritten.get(0) + (rewritten.size() > 1
                    ? " (and " + (rewritten.size() - 1) + " more)" : "") + " was rewritten (TRUNCATE, VACUUM FULL, CLUSTER"
                    + " or a rewriting ALTER TABLE) after snapshot " + snapshotId + " was taken, so the snapshot no longer"
                    + " sees its rows; run the clone again");
        }
        locked.addAll(relations);
    }

    private Connection diagnosticSession() throws SQLException {
        return connector.open(source, SessionRole.SOURCE);
    }

    /**
     * A cheap round trip. Returns null when alive (or busy reading, which proves it), else why it is not. Marks the
     * keeper LOST on failure.
     */
    public String ping() {
        if (!session.tryLock()) {
            return null;
        }
        try {
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
        } finally {
            session.unlock();
        }
    }

    /**
     * Ends the keeper transaction and closes the connection; snapshot and locks are gone afterwards. Idempotent. Waits
     * for a read in progress (it stops at its next progress check once the job has ended).
     */
    public void release() {
        session.lock();
        try {
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
            LOG.infof("job %s: snapshot %s and %d lock(s) released", jobId, snapshotId, locked.size());
        } finally {
            session.unlock();
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debugf("job %s: keeper close failed: %s", jobId, e.getMessage());
        }
    }
}
