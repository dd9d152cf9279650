package dev.pgclone.pg.ledger;

import dev.pgclone.pg.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Completion records on the target, one table per job ({@code _pgclone."ledger_<job>"}). A worker writes its
 * task's record in the same transaction as the rows it loaded, so a redelivered or retried task finds the record
 * and only re-reports instead of loading twice. The coordinator creates the table before dispatching and drops it
 * (and the schema once empty) when the job ends, so clones carry no trace of it.
 */
public final class TaskLedger {

    public static final String SCHEMA = "_pgclone";
    /** Serialises create/drop of the shared schema between concurrent jobs on one target database. */
    private static final long SCHEMA_LOCK = 0x7067636C6F6E65L;

    private final String table;

    public TaskLedger(String jobId) {
        this.table = Quote.qualified(SCHEMA, "ledger_" + jobId);
    }

    /** Coordinator, before dispatching: creates the ledger (idempotent). Commits. */
    public void create(Connection target) throws SQLException {
        inOwnTransaction(target, st -> {
            st.execute("SELECT pg_catalog.pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(SCHEMA));
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (task_id text PRIMARY KEY, attempt int NOT NULL,"
                    + " rows bigint NOT NULL, bytes bigint NOT NULL, label text,"
                    + " completed_at timestamptz NOT NULL DEFAULT now())");
        });
    }

    /**
     * Coordinator, when the job ends: drops the ledger, and the schema when no other job uses it, and returns what it
     * recorded: exactly the tasks whose rows the target keeps. Commits. Waits at most a minute for copies still
     * holding the ledger (they roll back once they see the job end); nothing can be recorded after this.
     *
     * @return the completion records, or empty when there was no ledger (never created, or dropped already)
     */
    public Optional<List<Entry>> drop(Connection target) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        boolean[] existed = {false};
        inOwnTransaction(target, st -> {
            st.execute("SET LOCAL lock_timeout = '60s'");
            st.execute("SELECT pg_catalog.pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            try (ResultSet rs = st.executeQuery("SELECT pg_catalog.to_regclass(" + Quote.literal(table) + ") IS NOT NULL")) {
                rs.next();
                existed[0] = rs.getBoolean(1);
            }
            if (existed[0]) {
                st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                try (ResultSet rs = st.executeQuery("SELECT task_id, attempt, rows, bytes, label FROM " + table
                        + " ORDER BY completed_at, task_id")) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getString(5)));
                    }
                }
                st.execute("DROP TABLE " + table);
            }
            st.execute("""
                    DO $$BEGIN
                      IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                                       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                                      WHERE n.nspname = '_pgclone') THEN
                        DROP SCHEMA IF EXISTS _pgclone;
                      END IF;
                    END$$""");
        });
        return existed[0] ? Optional.of(entries) : Optional.empty();
    }

    /** The ledger's name on the target, for messages. */
    public String name() {
        return table;
    }

    /**
     * Worker, inside its load transaction: serialises concurrent duplicates of one task (two workers holding the
     * same redelivered record), then reads the task's record if it is already there.
     */
    public Optional<Entry> lockAndFind(Connection target, String taskId) throws SQLException {
        try (PreparedStatement lock = target.prepareStatement("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(?, 0))")) {
            lock.setString(1, taskId);
            lock.execute();
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT attempt, rows, bytes FROM " + table + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(taskId, rs.getInt(1), rs.getLong(2), rs.getLong(3), null))
                        : Optional.empty();
            }
        }
    }

    /** Worker, last statement of its load transaction. */
    public void record(Connection target, Entry entry) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(
                "INSERT INTO " + table + " (task_id, attempt, rows, bytes, label) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, entry.taskId());
            ps.setInt(2, entry.attempt());
            ps.setLong(3, entry.rows());
            ps.setLong(4, entry.bytes());
            ps.setString(5, entry.label());
            ps.executeUpdate();
        }
    }

    /**
     * A task's completion record.
     *
     * @param label what the task loaded, for people ({@code shop.orders}, {@code 500 large object(s)})
     */
    public record Entry(String taskId, int attempt, long rows, long bytes, String label) {
    }

    private interface Work {
        void run(Statement st) throws SQLException;
    }

    private static void inOwnTransaction(Connection c, Work work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            work.run(st);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
