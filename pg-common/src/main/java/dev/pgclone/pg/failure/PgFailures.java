package dev.pgclone.pg.failure;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Classifies exceptions by walking the cause chain: SQLSTATE class 08 (connection), 40001/40P01
 * (serialization, deadlock), 53300 (too many connections), 57P01..57P03 (shutdown) and bare I/O errors are
 * retriable; 28 (authorization), 42 (syntax/access), 22 (data) and anything unknown are fatal.
 */
public final class PgFailures {

    private static final Set<String> RETRIABLE_STATES = Set.of("40001", "40P01", "53300", "57P01", "57P02", "57P03",
            "55P03");

    private PgFailures() {
    }

    public static PgFailure classify(Throwable error) {
        CloneFailure classified = cause(error, CloneFailure.class);
        if (classified != null) {
            return new PgFailure(classified.retriable(), classified.sqlState(), classified.getMessage());
        }
        String state = sqlState(error);
        boolean retriable = state != null
                ? state.startsWith("08") || RETRIABLE_STATES.contains(state)
                : hasCause(error, IOException.class);
        return new PgFailure(retriable, state, describe(error));
    }

    /** One sentence a person can act on. Server messages are used as-is (PostgreSQL never echoes passwords). */
    public static String describe(Throwable error) {
        UnknownHostException unknownHost = cause(error, UnknownHostException.class);
        if (unknownHost != null) {
            return "unknown host " + unknownHost.getMessage();
        }
        SQLException sql = firstSqlException(error);
        if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            String message = server.getMessage();
            if (message != null && message.startsWith("query would be affected by row-level security policy")) {
                return message + " (the role is subject to its policies and would read or write only some rows: "
                        + "connect as the table's owner, a superuser or a role with BYPASSRLS)";
            }
            return message;
        }
        ConnectException refused = cause(error, ConnectException.class);
        if (refused != null) {
            return "connection refused (" + refused.getMessage() + ")";
        }
        if (cause(error, NoRouteToHostException.class) != null) {
            return "no route to host";
        }
        if (cause(error, SocketTimeoutException.class) != null) {
            return "connection timed out";
        }
        if (sql != null && sql.getMessage() != null) {
            return firstSentence(sql.getMessage());
        }
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : firstSentence(message);
    }

    /** The server's DETAIL line (e.g. which objects depend on one that cannot be dropped), or null. */
    public static String detail(Throwable error) {
        SQLException sql = firstSqlException(error);
        if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            String detail = psql.getServerErrorMessage().getDetail();
            return detail == null ? null : detail.replace('\n', ' ').strip();
        }
        return null;
    }

    /** The first SQLSTATE in the cause chain (wrappers such as pgjdbc's batch errors may carry none themselves). */
    public static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    public static SQLException firstSqlException(Throwable error) {
        return cause(error, SQLException.class);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        return cause(error, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String firstSentence(String message) {
        String m = message.strip();
        int dot = m.indexOf(". ");
        return dot > 0 ? m.substring(0, dot) : m;
    }
}
