package dev.pgclone.contracts.filter;

/**
 * A row filter that is refused before it reaches a database: it does not lex or parse as one supported expression,
 * or it names something that is never acceptable in a filter. The message is one sentence for the user.
 */
public class RowFilterException extends RuntimeException {

    public RowFilterException(String message) {
        super(message, null, false, false);
    }
}
