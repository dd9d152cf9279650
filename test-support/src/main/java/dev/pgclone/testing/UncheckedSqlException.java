package dev.pgclone.testing;

import java.sql.SQLException;

/** A failed test statement, unchecked so set-up code stays short; the SQLState is kept for assertions. */
public final class UncheckedSqlException extends RuntimeException {

    public UncheckedSqlException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
