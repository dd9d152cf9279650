package dev.pgclone.pg.snapshot;

import dev.pgclone.pg.catalog.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ACCESS SHARE locks on the relations a clone reads, taken as pg_dump takes them: held by the reading transaction
 * until it ends, so TRUNCATE, DROP, ALTER TABLE and other DDL that needs a stronger lock waits for the clone instead
 * of silently changing what a snapshot-bound COPY sees (TRUNCATE is not MVCC-safe: an older snapshot sees the table
 * empty once it commits).
 */
public final class RelationLocks {

    /** Relations per LOCK statement: few round trips for thousands of tables, short statements. */
    static final int BATCH = 200;

    private RelationLocks() {
    }

    /** Opens the second session used to find out who holds a lock the clone waited for in vain. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    /**
     * Locks every relation ({@code LOCK TABLE ONLY … IN ACCESS SHARE MODE}) in the caller's open transaction, waiting
     * at most {@code wait} per statement ({@link Duration#ZERO}: without limit). In a REPEATABLE READ transaction
     * that has run no query yet this takes no snapshot, so locking before {@code pg_export_snapshot()} leaves no
     * window in which a TRUNCATE could slip in.
     *
     * @throws LockUnavailableException ({@code lock-timeout}) when the wait runs out, naming the relation and the
     *                                  sessions in the way
     */
    public static void accessShare(Connection session, List<QualifiedName> relations, Duration wait, Opener diagnostics)
            throws SQLException {
        if (relations.isEmpty()) {
            return;
        }
        try (Statement st = session.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + wait.toMillis());
            for (int from = 0; from < relations.size(); from += BATCH) {
                List<QualifiedName> batch = relations.subList(from, Math.min(relations.size(), from + BATCH));
                try {
                    st.execute(lockStatement(batch));
                } catch (SQLException e) {
                    if ("55P03".equals(e.getSQLState())) {
                        throw timedOut(batch, wait, diagnostics, e);
                    }
                    throw e;
                }
            }
            st.execute("SET LOCAL lock_timeout = 0");
        }
    }

    /**
     * Takes the ACCESS SHARE lock on a relation the job's snapshot keeper already holds: granted at once, unless
     * another session is queued for an ACCESS EXCLUSIVE lock on it (TRUNCATE, ALTER, DROP waiting for the job to
     * end). PostgreSQL then queues every new request behind that one, so a session of the job other than the keeper
     * would wait for its own job: a deadlock no server can see. The keeper, which holds the lock, can still read.
     *
     * @throws LockUnavailableException ({@code lock-queued}) naming the sessions queued
     */
    public static void accessShareNowait(Connection session, QualifiedName relation, Opener diagnostics)
            throws SQLException {
        try (Statement st = session.createStatement()) {
            st.execute("LOCK TABLE ONLY " + relation.quoted() + " IN ACCESS SHARE MODE NOWAIT");
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) {
                throw e;
            }
            List<LockUnavailableException.Holder> holders = List.of();
            try (Connection c = diagnostics.open()) {
                holders = holders(c, List.of(relation));
            } catch (SQLException | RuntimeException ignored) {
                // the diagnosis is a courtesy
            }
            throw LockUnavailableException.queued(relation, holders, e);
        }
    }

    static String lockStatement(List<QualifiedName> relations) {
        StringBuilder sql = new StringBuilder("LOCK TABLE ");
        for (int i = 0; i < relations.size(); i++) {
            sql.append(i == 0 ? "ONLY " : ", ONLY ").append(relations.get(i).quoted());
        }
        return sql.append(" IN ACCESS SHARE MODE").toString();
    }

    /**
     * Relations among these that were rewritten (TRUNCATE, VACUUM FULL, CLUSTER, a rewriting ALTER TABLE) after the
     * calling transaction's snapshot was taken: its catalog rows still name the old file, the relation cache the new
     * one. Only meaningful once the relations are locked, so nothing can change them any more.
     */
    public static List<QualifiedName> rewrittenSinceSnapshot(Connection session, List<QualifiedName> relations)
            throws SQLException {
        List<QualifiedName> out = new ArrayList<>();
        if (relations.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = session.prepareStatement("""
                SELECT n.nspname, c.relname
                  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.oid IN (SELECT pg_catalog.to_regclass(r) FROM pg_catalog.unnest(?::text[]) r)
                   AND c.relfilenode <> 0
                   AND pg_catalog.pg_relation_filenode(c.oid) IS DISTINCT FROM c.relfilenode
                 ORDER BY 1, 2""")) {
            ps.setArray(1, session.createArrayOf("text", relations.stream().map(QualifiedName::quoted).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QualifiedName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    private static LockUnavailableException timedOut(List<QualifiedName> batch, Duration wait, Opener diagnostics,
                                                     SQLException cause) {
        List<LockUnavailableException.Holder> holders = List.of();
        try (Connection c = diagnostics.open()) {
            holders = holders(c, batch);
        } catch (SQLException | RuntimeException e) {
            // the diagnosis is a courtesy; the timeout is the failure
        }
        return LockUnavailableException.timedOut(batch, wait, holders, cause);
    }

    /** Sessions holding or queued for an ACCESS EXCLUSIVE lock (the one mode that conflicts) on these relations. */
    static List<LockUnavailableException.Holder> holders(Connection c, List<QualifiedName> relations) throws SQLException {
        List<LockUnavailableException.Holder> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.nspname, cl.relname, l.pid, l.granted, a.usename, a.application_name, a.state,
                       pg_catalog.to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                  FROM pg_catalog.pg_locks l
                  JOIN pg_catalog.pg_class cl ON cl.oid = l.relation
                  JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
                  LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
                   AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
                   AND l.relation IN (SELECT pg_catalog.to_regclass(r) FROM pg_catalog.unnest(?::text[]) r)
                   AND l.pid <> pg_catalog.pg_backend_pid()
                 ORDER BY l.granted DESC, 1, 2, 3""")) {
            ps.setArray(1, c.createArrayOf("text", relations.stream().map(QualifiedName::quoted).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LockUnavailableException.Holder(new QualifiedName(rs.getString(1), rs.getString(2)),
                            rs.getInt(3), rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8)));
                }
            }
        }
        return out;
    }
}
