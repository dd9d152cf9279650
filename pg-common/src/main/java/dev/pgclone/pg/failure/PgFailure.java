package dev.pgclone.pg.failure;

/**
 * A classified failure.
 *
 * @param retriable whether trying again may succeed (connection loss, serialization, too many connections)
 * @param sqlState  SQLSTATE from the first SQLException in the cause chain, or null
 * @param message   one sentence for people: no secret, no stack trace
 */
public record PgFailure(boolean retriable, String sqlState, String message) {
}
