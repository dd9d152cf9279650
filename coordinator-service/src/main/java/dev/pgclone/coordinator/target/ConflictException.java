package dev.pgclone.coordinator.target;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.pg.failure.FatalFailure;

/** The target already holds an object the clone would create, and the conflict strategy says stop. */
public class ConflictException extends FatalFailure {

    public ConflictException(String message) {
        super(ErrorCode.TARGET_CONFLICT, message);
    }
}
