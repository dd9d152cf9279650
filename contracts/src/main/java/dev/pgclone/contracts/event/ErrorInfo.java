package dev.pgclone.contracts.event;

import dev.pgclone.contracts.ErrorCode;

/**
 * A failure, fit to show a person.
 *
 * @param code      stable code, e.g. {@code source-unreachable}, {@code copy-failed}
 * @param message   one sentence, no secret, no stack trace
 * @param retriable whether trying again may succeed (connection-class failures)
 * @param sqlState  the PostgreSQL SQLSTATE, when there was one
 */
public record ErrorInfo(String code, String message, boolean retriable, String sqlState) {

    public ErrorInfo(ErrorCode code, String message, boolean retriable, String sqlState) {
        this(code.code(), message, retriable, sqlState);
    }
}
