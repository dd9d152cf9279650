package dev.pgclone.pg.failure;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.event.ErrorInfo;

/**
 * A failure of a clone step, with its stable {@link ErrorCode} and a message fit for people (no secret, no stack
 * trace). Whether trying again may help is the type: {@link RetriableFailure} or {@link FatalFailure}; a low-level
 * exception is sorted into one of them by {@link #of} from its SQLSTATE through the cause chain, so no code ever
 * invents a SQLSTATE to steer classification.
 */
public abstract sealed class CloneFailure extends RuntimeException permits RetriableFailure, FatalFailure {

    private final ErrorCode code;
    private final String sqlState;

    CloneFailure(ErrorCode code, String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.sqlState = sqlState;
    }

    /**
     * {@code cause} as a failure with this code and message: an existing {@code CloneFailure} is kept as it is,
     * anything else is retriable or fatal by {@link PgFailures#classify}.
     */
    public static CloneFailure of(ErrorCode code, String message, Throwable cause) {
        if (cause instanceof CloneFailure failure) {
            return failure;
        }
        PgFailure classified = PgFailures.classify(cause);
        return classified.retriable()
                ? new RetriableFailure(code, message, classified.sqlState(), cause)
                : new FatalFailure(code, message, classified.sqlState(), cause);
    }

    public ErrorCode code() {
        return code;
    }

    /** The PostgreSQL SQLSTATE behind it, when there was one. */
    public String sqlState() {
        return sqlState;
    }

    public abstract boolean retriable();

    /** As it travels in events. */
    public ErrorInfo toErrorInfo() {
        return new ErrorInfo(code.code(), getMessage(), retriable(), sqlState);
    }
}
