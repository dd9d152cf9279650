package dev.pgclone.pg.ddl;

/** A definition that cannot be reproduced on the target as asked; the message says which and why. */
public class DdlException extends RuntimeException {

    public DdlException(String message) {
        super(message, null, false, false);
    }
}
