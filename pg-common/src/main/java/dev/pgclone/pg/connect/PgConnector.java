package dev.pgclone.pg.connect;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.failure.RetriableFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Opens the one kind of connection pgclone uses against user databases: plain pgjdbc (not pooled: a clone's
 * sessions carry snapshots and long transactions), with session settings that make COPY text identical on both
 * sides and DDL output fully qualified.
 */
public final class PgConnector {

    /**
     * Output formats both sides agree on, so text COPY round-trips exactly whatever the clusters' defaults:
     * dates (pgjdbc already forces DateStyle ISO), intervals, money, floats and bytea. And, as pg_dump and pg_restore
     * do for their sessions, no timeouts: a database's statement_timeout must not kill an hour-long COPY, nor its
     * idle_in_transaction_session_timeout a session waiting between statements of a clone.
     */
    private static final List<String> COMMON_SETTINGS = List.of(
            "SET statement_timeout = 0",
            "SET lock_timeout = 0",
            "SET idle_in_transaction_session_timeout = 0",
            "SET IntervalStyle = 'postgres'",
            "SET lc_monetary = 'C'",
            "SET extra_float_digits = 3",
            "SET bytea_output = 'hex'",
            "SET TimeZone = 'UTC'");
    /**
     * As pg_dump's: a table whose row-level security policies would filter what the session reads is an error, never a
     * silently partial read. Every source session has it; a target session that must read every row (verify) sets it.
     * Not on target writes: a materialized view over such a table is refreshed there as its owner, as on the source.
     */
    public static final String READ_ALL_ROWS = "SET row_security = off";

    /**
     * SQLSTATE of "database ... is not currently accepting connections" at connection time. As a class it is fatal
     * (object not in prerequisite state); when connecting it means the database is closed for a while.
     */
    static final String NOT_ACCEPTING_CONNECTIONS = "55000";

    private final String applicationName;

    public PgConnector(String applicationName) {
        this.applicationName = applicationName;
    }

    /**
     * Opens a session. A connection that cannot be made is a {@link CloneFailure} naming the side
     * ({@code source-unavailable} / {@code target-unavailable}; retriable when the cause is, e.g. refused or reset,
     * fatal for authentication).
     */
    public Connection open(Conninfo conninfo, SessionRole role) throws SQLException {
        JdbcSettings settings = JdbcSettings.from(conninfo, role, applicationName);
        Connection connection;
        try {
            connection = DriverManager.getConnection(settings.url(), settings.properties());
        } catch (SQLException e) {
            String side = role == SessionRole.SOURCE ? "source" : "target";
            ErrorCode code = role == SessionRole.SOURCE ? ErrorCode.SOURCE_UNAVAILABLE : ErrorCode.TARGET_UNAVAILABLE;
            String message = "could not connect to the " + side + ": " + PgFailures.describe(e);
            if (NOT_ACCEPTING_CONNECTIONS.equals(PgFailures.sqlState(e))) {
                // ALTER DATABASE ... ALLOW_CONNECTIONS false, as for maintenance: it usually ends, so try again later
                throw new RetriableFailure(code, message, NOT_ACCEPTING_CONNECTIONS, e);
            }
            throw CloneFailure.of(code, message, e);
        }
        try {
            try (Statement st = connection.createStatement()) {
                for (String setting : COMMON_SETTINGS) {
                    st.execute(setting);
                }
                // Qualified names everywhere: pg_get_*def() and format_type() then emit schema-qualified names
                // (the pgclone 4.0.1 fix), and nothing on the target resolves through a search_path by accident.
                st.execute("SET search_path = pg_catalog");
                if (role == SessionRole.SOURCE) {
                    st.execute(READ_ALL_ROWS);
                }
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
