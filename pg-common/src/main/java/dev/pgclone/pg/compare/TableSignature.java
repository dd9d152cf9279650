package dev.pgclone.pg.compare;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table's data signature: its row count and an order-independent hash of its rows, computed by the server in one
 * aggregate pass (nothing but three numbers leaves it, so a table of any size costs no memory on either side).
 *
 * <p>Each row's text form ({@code ROW(t.c1, t.c2, …)::text}, columns chosen by name) is hashed with md5 over its UTF-8
 * bytes, whatever the database encoding; the two 64-bit halves of those hashes are summed modulo 2⁶⁴. Sums do not
 * depend on row order, count duplicates (a XOR would cancel them), and add up: the signature of a table is the sum of
 * the signatures of any split of its rows (page ranges, partitions). Text forms agree across servers only under the
 * same output settings: use sessions opened by {@code PgConnector} on both sides (DateStyle ISO, IntervalStyle
 * postgres, extra_float_digits 3, bytea_output hex, lc_monetary C, TimeZone UTC, search_path pg_catalog).
 *
 * @param rows    row count
 * @param sumHigh sum of the first 64 bits of each row's md5, modulo 2⁶⁴
 * @param sumLow  sum of the last 64 bits, modulo 2⁶⁴
 */
public record TableSignature(long rows, long sumHigh, long sumLow) {

    public static final TableSignature EMPTY = new TableSignature(0, 0, 0);

    /**
     * Pages {@code [from, to)} of a table's heap, by {@code ctid} (a TID range scan, PostgreSQL 14+); {@code to} null
     * reads to the end, so a table that grew since its page count was estimated is still read whole.
     */
    public record PageRange(long from, Long to) {

        public static final PageRange ALL = new PageRange(0, null);

        public PageRange {
            if (from < 0 || to != null && to <= from) {
                throw new IllegalArgumentException("bad page range [" + from + ", " + to + ")");
            }
        }

        String predicate() {
            String lower = from == 0 ? null : "t.ctid >= '(" + from + ",0)'::pg_catalog.tid";
            String upper = to == null ? null : "t.ctid < '(" + to + ",0)'::pg_catalog.tid";
            if (lower == null && upper == null) {
                return "";
            }
            return " WHERE " + (lower == null ? upper : upper == null ? lower : lower + " AND " + upper);
        }
    }

    /** Adds the signature of other rows (another page range, another partition). */
    public TableSignature plus(TableSignature other) {
        return new TableSignature(rows + other.rows, sumHigh + other.sumHigh, sumLow + other.sumLow);
    }

    /** The hash as 32 hex digits (all zeros for no rows). */
    public String hash() {
        return String.format("%016x%016x", sumHigh, sumLow);
    }

    /**
     * The query computing the signature of some pages of one table, its own rows only ({@code ONLY}: partitions and
     * inheritance children are tables of their own), over {@code columns} in that order.
     */
    public static String sql(QualifiedName table, List<String> columns, PageRange pages) {
        String row = columns.stream().map(c -> "t." + Quote.ident(c)).collect(Collectors.joining(", ", "ROW(", ")"));
        return aggregate(row, "ONLY " + table.quoted() + " t" + pages.predicate());
    }

    /** Runs {@link #sql}: the signature of those pages and columns of the table. */
    public static TableSignature read(Connection connection, QualifiedName table, List<String> columns, PageRange pages)
            throws SQLException {
        return run(connection, sql(table, columns, pages));
    }

    /**
     * The signature of everything {@code SELECT * FROM table} returns (descendants included, every column in table
     * order): what a test compares after a clone.
     */
    public static TableSignature of(Connection connection, QualifiedName table) throws SQLException {
        return run(connection, aggregate("ROW(t.*)", table.quoted() + " t"));
    }

    private static String aggregate(String row, String from) {
        return "SELECT pg_catalog.count(*), "
                + "coalesce(pg_catalog.sum(('x' || pg_catalog.substr(h, 1, 16))::pg_catalog.bit(64)::pg_catalog.int8), 0), "
                + "coalesce(pg_catalog.sum(('x' || pg_catalog.substr(h, 17, 16))::pg_catalog.bit(64)::pg_catalog.int8), 0) "
                + "FROM (SELECT pg_catalog.md5(pg_catalog.convert_to(" + row + "::pg_catalog.text, 'UTF8')) AS h FROM "
                + from + ") r";
    }

    private static TableSignature run(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            // sum(int8) is numeric: its low 64 bits are the sum modulo 2^64, as Java's long addition wraps.
            return new TableSignature(rs.getLong(1), rs.getBigDecimal(2).toBigInteger().longValue(),
                    rs.getBigDecimal(3).toBigInteger().longValue());
        }
    }
}
