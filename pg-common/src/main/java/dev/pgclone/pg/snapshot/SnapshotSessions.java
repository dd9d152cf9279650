package dev.pgclone.pg.snapshot;

import dev.pgclone.pg.Quote;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The transaction shapes every source read uses. Connections are in auto-commit mode and transactions are
 * spelled out, so {@code SET TRANSACTION SNAPSHOT} is provably the first statement after BEGIN (as Debezium and
 * pg_dump -j do).
 */
public final class SnapshotSessions {

    private SnapshotSessions() {
    }

    /**
     * Begins the keeper transaction: REPEATABLE READ READ ONLY, no idle or statement timeout for this transaction only
     * (pgclone 4.3.1). With {@code importedSnapshot} the transaction reads the caller's exported snapshot instead of
     * taking its own. Runs no query, so a transaction of its own takes its snapshot only at the first query after
     * this: the keeper locks what it reads first, then {@link #export}s.
     */
    public static void beginKeeper(Connection keeper, String importedSnapshot) throws SQLException {
        keeper.setAutoCommit(true);
        try (Statement st = keeper.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            if (importedSnapshot != null) {
                st.execute("SET TRANSACTION SNAPSHOT " + Quote.literal(importedSnapshot));
            }
            st.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
            st.execute("SET LOCAL statement_timeout = 0");
        }
    }

    /** {@code pg_export_snapshot()} in the keeper transaction; its first query, so the snapshot is taken now. */
    public static String export(Connection keeper) throws SQLException {
        try (Statement st = keeper.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Begins a READ ONLY REPEATABLE READ transaction bound to {@code snapshotId}, or to its own snapshot when
     * the id is null (consistent: false).
     */
    public static void beginReadOnly(Connection source, String snapshotId) throws SQLException {
        source.setAutoCommit(true);
        try (Statement st = source.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            if (snapshotId != null) {
                st.execute("SET TRANSACTION SNAPSHOT " + Quote.literal(snapshotId));
            }
        }
    }

    /** Work on a session in a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} inside a savepoint of the session's transaction and rolls back to it afterwards, so neither an
     * error nor a {@code SET LOCAL} outlives the work, while what the transaction held before (its snapshot, its
     * locks) stays.
     */
    public static <T> T inSavepoint(Connection session, Work<T> work) throws SQLException {
        try (Statement st = session.createStatement()) {
            st.execute("SAVEPOINT pgclone_work");
        }
        T result;
        try {
            result = work.run();
        } catch (SQLException | RuntimeException e) {
            try (Statement st = session.createStatement()) {
                st.execute("ROLLBACK TO SAVEPOINT pgclone_work");
                st.execute("RELEASE SAVEPOINT pgclone_work");
            } catch (SQLException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        try (Statement st = session.createStatement()) {
            st.execute("ROLLBACK TO SAVEPOINT pgclone_work");
            st.execute("RELEASE SAVEPOINT pgclone_work");
        }
        return result;
    }

    /** Ends a read-only transaction; nothing was written, so rollback is the honest end. */
    public static void end(Connection source) throws SQLException {
        try (Statement st = source.createStatement()) {
            st.execute("ROLLBACK");
        }
    }
}
