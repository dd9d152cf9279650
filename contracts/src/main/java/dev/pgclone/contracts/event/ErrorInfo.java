package dev.pgclone.contracts.event;

/**
 * A failure, fit to show a person.
 *
 * @param code      stable code, e.g. {@code source-unreachable}, {@code copy-failed}
 * @param message   one sentence, no secret, no stack trace
 * @param retriable whether trying again may succeed (connection-class failures)
 * @param sqlState  the PostgreSQL SQLSTATE, when there was one
 */
public record ErrorInfo(String code, String message, boolean retriable, String sqlState) {
}
