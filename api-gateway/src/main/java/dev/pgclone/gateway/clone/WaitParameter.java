package dev.pgclone.gateway.clone;

import dev.pgclone.gateway.problem.ApiException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses {@code ?wait=}: {@code 120s}, {@code 2m}, {@code 1h}, {@code 500ms}, ISO-8601 {@code PT2M}, or seconds. */
public final class WaitParameter {

    private WaitParameter() {
    }

    /** Null or blank means do not wait. */
    public static Duration parse(String text, Duration max) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.invalid("wait", "query parameter \"wait\" must be a duration such as 30s, 2m or 1h");
        }
        if (d.isNegative()) {
            throw ApiException.invalid("wait", "query parameter \"wait\" must not be negative");
        }
        if (d.compareTo(max) > 0) {
            throw ApiException.invalid("wait", "query parameter \"wait\" must be at most " + max.toSeconds() + "s");
        }
        return d;
    }
}
