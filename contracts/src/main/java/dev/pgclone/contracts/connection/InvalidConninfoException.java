package dev.pgclone.contracts.connection;

/** A conninfo that cannot be used. The message never repeats the conninfo (it may hold a password). */
public class InvalidConninfoException extends RuntimeException {

    public InvalidConninfoException(String message) {
        super(message, null, false, false);
    }
}
