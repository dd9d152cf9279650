package dev.pgclone.pg.mask;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.pg.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The service's own record, on the target, of which columns it masked and how: table
 * {@code _pgclone_masking.masked_columns}, read by {@code masking-report} ({@code MASKED (clone)},
 * {@code MASKED (in place)}) and by {@code verify} (masked columns are left out of the comparison). Rows are keyed by
 * the table's oid, so a table dropped and cloned again unmasked is never reported masked by an old row: a row counts
 * only while its oid still names the same table. Nothing of a rule's key is stored ({@code keyed_hash} rules hold
 * none).
 */
public final class MaskingRecord {

    public static final String SCHEMA = "_pgclone_masking";
    public static final String TABLE = "masked_columns";
    /** Serialises creating the schema between concurrent jobs on one target database. */
    private static final long SCHEMA_LOCK = 0x7067636D61736BL;
    private static final String QUALIFIED = Quote.qualified(SCHEMA, TABLE);

    /** How the values were masked. */
    public enum Method {
        CLONE("clone"), IN_PLACE("in place");

        private final String text;

        Method(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        static Method of(String text) {
            return text.equals(IN_PLACE.text) ? IN_PLACE : CLONE;
        }
    }

    /**
     * One masked column.
     *
     * @param rows rows the rule covered (the table's rows loaded or updated by that job)
     */
    public record Entry(String schema, String table, String column, Method method, MaskRule rule, String jobId,
                        long rows) {
    }

    private MaskingRecord() {
    }

    /**
     * Records entries in the caller's transaction (creating the table on first use), replacing an earlier entry of
     * the same table, column and method; the caller commits. Each table must exist.
     */
    public static void record(Connection target, List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        ensureSchema(target);
        try (Statement st = target.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + QUALIFIED + " (table_oid oid NOT NULL, schema_name text NOT NULL,"
                    + " table_name text NOT NULL, column_name text NOT NULL, method text NOT NULL"
                    + " CHECK (method IN ('clone', 'in place')), strategy text NOT NULL, rule jsonb NOT NULL,"
                    + " job_id text, rows bigint NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (table_oid, column_name, method))");
            // rows of tables that no longer exist say nothing true any more
            st.execute("DELETE FROM " + QUALIFIED + " m WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c"
                    + " WHERE c.oid = m.table_oid)");
        }
        try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + QUALIFIED + " AS m (table_oid, schema_name,"
                + " table_name, column_name, method, strategy, rule, job_id, rows) SELECT c.oid, n.nspname, c.relname,"
                + " ?, ?, ?, ?::jsonb, ?, ? FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                + " ON CONFLICT (table_oid, column_name, method) DO UPDATE SET strategy = excluded.strategy,"
                + " rule = excluded.rule, job_id = excluded.job_id, rows = excluded.rows, recorded_at = now()")) {
            for (Entry e : entries) {
                ps.setString(1, e.column());
                ps.setString(2, e.method().text());
                ps.setString(3, e.rule().strategy().json());
                ps.setString(4, Json.write(e.rule()));
                ps.setString(5, e.jobId());
                ps.setLong(6, e.rows());
                ps.setString(7, e.schema());
                ps.setString(8, e.table());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Creates the service's schema on the target when missing, in the caller's transaction (serialised between
     * concurrent jobs on one database by a transaction-level advisory lock).
     */
    static void ensureSchema(Connection target) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("SELECT pg_catalog.pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(SCHEMA));
            st.execute("COMMENT ON SCHEMA " + Quote.ident(SCHEMA) + " IS " + Quote.literal("pgclone: columns the "
                    + "service masked (at clone time or in place), progress of in-place runs and masking policies;"
                    + " read by masking-report and verify"));
        }
    }

    /**
     * The entries of a schema's tables that still hold: same oid, same name, and the column still there. Empty when
     * the service never masked anything in this database.
     */
    public static List<Entry> read(Connection target, String schema) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        if (!exists(target)) {
            return entries;
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT m.schema_name, m.table_name, m.column_name,"
                + " m.method, m.rule::text, m.job_id, m.rows FROM " + QUALIFIED + " m"
                + " JOIN pg_catalog.pg_class c ON c.oid = m.table_oid AND c.relname = m.table_name"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = m.schema_name"
                + " WHERE m.schema_name = ? AND EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid"
                + " AND a.attname = m.column_name AND a.attnum > 0 AND NOT a.attisdropped)"
                + " ORDER BY m.table_name COLLATE \"C\", m.column_name COLLATE \"C\", m.method")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), Method.of(rs.getString(4)),
                            Json.read(rs.getString(5), MaskRule.class), rs.getString(6), rs.getLong(7)));
                }
            }
        }
        return entries;
    }

    private static boolean exists(Connection target) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
            ps.setString(1, QUALIFIED);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
