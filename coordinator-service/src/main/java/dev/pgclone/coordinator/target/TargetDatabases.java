package dev.pgclone.coordinator.target;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.DatabaseDef;
import dev.pgclone.pg.failure.PgFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** database-create: makes the target database when it is missing (pgclone.database_create). */
public final class TargetDatabases {

    private TargetDatabases() {
    }

    /**
     * Creates {@code name} from template0 with the source's encoding and locale, else with the source's encoding
     * only (the target may lack the locale), else with the cluster's defaults.
     *
     * @param maintenance a session on the target cluster (outside any transaction)
     * @return a warning when the database was created with other settings than the source's, "" when as the source's,
     *         null when it already existed
     */
    public static String ensure(Connection maintenance, String name, DatabaseDef like) throws SQLException {
        try (PreparedStatement ps = maintenance.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return null;
                }
            }
        }
        String base = "CREATE DATABASE " + Quote.ident(name) + " TEMPLATE template0";
        List<String> attempts = List.of(
                base + " ENCODING " + Quote.literal(like.encoding()) + " LC_COLLATE " + Quote.literal(like.collate())
                        + " LC_CTYPE " + Quote.literal(like.ctype()),
                base + " ENCODING " + Quote.literal(like.encoding()),
                "CREATE DATABASE " + Quote.ident(name));
        SQLException last = null;
        maintenance.setAutoCommit(true);
        for (int i = 0; i < attempts.size(); i++) {
            try (Statement st = maintenance.createStatement()) {
                st.execute(attempts.get(i));
                return i == 0 ? "" : "database " + name + " was created without the source's "
                        + (i == 1 ? "locale (" + like.collate() + ")" : "encoding and locale") + ": "
                        + PgFailures.describe(last);
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState())) {
                    throw e; // no CREATEDB privilege: no point trying other settings
                }
                last = e;
            }
        }
        throw last;
    }
}
