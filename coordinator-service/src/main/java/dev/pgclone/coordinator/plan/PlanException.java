package dev.pgclone.coordinator.plan;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.pg.failure.FatalFailure;

/** The request cannot be planned against this source (missing schema or table, bad column list…). */
public class PlanException extends FatalFailure {

    public PlanException(ErrorCode code, String message) {
        super(code, message);
    }
}
