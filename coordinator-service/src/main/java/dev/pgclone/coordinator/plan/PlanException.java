package dev.pgclone.coordinator.plan;

/** The request cannot be planned against this source (missing schema or table, bad column list…). */
public class PlanException extends RuntimeException {

    private final String code;

    public PlanException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
