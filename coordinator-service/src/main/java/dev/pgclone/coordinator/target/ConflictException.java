package dev.pgclone.coordinator.target;

/** The target already holds an object the clone would create, and the conflict strategy says stop. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message, null, false, false);
    }
}
