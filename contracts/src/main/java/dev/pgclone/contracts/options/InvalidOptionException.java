package dev.pgclone.contracts.options;

/** A clone option that cannot be accepted. {@link #field()} names it as the user wrote it. */
public class InvalidOptionException extends RuntimeException {

    private final String field;

    public InvalidOptionException(String field, String message) {
        super(field + ": " + message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
