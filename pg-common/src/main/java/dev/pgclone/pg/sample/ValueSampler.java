package dev.pgclone.pg.sample;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a few rows of some columns of one table, as text, to look at what the values are like (sensitive-data
 * discovery). {@code TABLESAMPLE SYSTEM} (whole pages, cheap) when the table is big enough for a page sample to be
 * spread out, {@code BERNOULLI} otherwise, always with a {@code LIMIT}; {@code ONLY} the table itself. Text longer than
 * {@value #MAX_TEXT} characters is cut: nothing that long is an address, a number or a date. The caller runs it in a
 * read-only transaction and never logs what comes back.
 */
public final class ValueSampler {

    /** Characters of each value read. */
    public static final int MAX_TEXT = 256;
    /** A page sample aims at this many times the rows wanted, so the LIMIT is usually reached. */
    private static final int OVERSAMPLE = 4;
    /** Below this many estimated rows per row wanted, the table is sampled row by row. */
    private static final int PAGE_SAMPLE_FROM = 20;

    private ValueSampler() {
    }

    /**
     * The sampling query.
     *
     * @param estimatedRows the planner's estimate ({@code reltuples}); 0 or negative when unknown (never analyzed)
     */
    public static String sql(QualifiedName table, List<String> columns, int limit, double estimatedRows) {
        if (columns.isEmpty() || limit < 1) {
            throw new IllegalArgumentException("nothing to sample");
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("pg_catalog.left(").append(Quote.ident(columns.get(i)))
                    .append("::pg_catalog.text, ").append(MAX_TEXT).append(')');
        }
        sql.append(" FROM ONLY ").append(table.quoted()).append(" TABLESAMPLE ");
        if (estimatedRows >= (double) PAGE_SAMPLE_FROM * limit) {
            double percent = Math.max(0.0001, Math.min(100, 100.0 * OVERSAMPLE * limit / estimatedRows));
            sql.append("SYSTEM (").append(String.format(Locale.ROOT, "%.4f", percent)).append(')');
        } else {
            sql.append("BERNOULLI (100)");
        }
        return sql.append(" LIMIT ").append(limit).toString();
    }

    /** Each sampled row's values, as text (null stays null), in column order. */
    public static List<List<String>> sample(Connection source, QualifiedName table, List<String> columns, int limit,
                                            double estimatedRows) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery(sql(table, columns, limit, estimatedRows))) {
            while (rs.next()) {
                String[] row = new String[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(Arrays.asList(row));
            }
        }
        return rows;
    }
}
