package dev.pgclone.pg.failure;

import dev.pgclone.contracts.ErrorCode;

/** Trying again may succeed: a lost connection, a serialization failure, a server shutting down, a lock not granted. */
public non-sealed class RetriableFailure extends CloneFailure {

    public RetriableFailure(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public RetriableFailure(ErrorCode code, String message, String sqlState, Throwable cause) {
        super(code, message, sqlState, cause);
    }

    @Override
    public final boolean retriable() {
        return true;
    }
}
