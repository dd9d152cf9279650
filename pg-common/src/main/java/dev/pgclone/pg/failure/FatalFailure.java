package dev.pgclone.pg.failure;

import dev.pgclone.contracts.ErrorCode;

/** Trying again the same way fails the same way: bad input, a conflict, missing privileges, invalid data. */
public non-sealed class FatalFailure extends CloneFailure {

    public FatalFailure(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public FatalFailure(ErrorCode code, String message, String sqlState, Throwable cause) {
        super(code, message, sqlState, cause);
    }

    @Override
    public final boolean retriable() {
        return false;
    }
}
