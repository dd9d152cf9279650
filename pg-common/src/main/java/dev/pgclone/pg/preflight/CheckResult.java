package dev.pgclone.pg.preflight;

import dev.pgclone.contracts.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check's outcome.
 *
 * @param check   which check
 * @param status  pass, info, warn or fail
 * @param message one sentence for people (never a password), or null; a message goes to the report's
 *                {@code errors} / {@code warnings} / {@code info} by status, as pgclone does
 * @param details the check's other keys in pgclone's shape ({@code value}, {@code bytes}, {@code count}, {@code items}
 *                …), in order; values are strings, numbers, booleans, lists and maps
 * @param code    for a failed check, the error code a refused clone carries (null: the check's own)
 */
public record CheckResult(Check check, CheckStatus status, String message, Map<String, Object> details, ErrorCode code) {

    public CheckResult {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The code a clone this check refuses fails with. */
    public ErrorCode refusal() {
        return code != null ? code : check.refusal();
    }
}
