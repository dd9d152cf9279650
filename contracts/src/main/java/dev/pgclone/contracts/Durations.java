package dev.pgclone.contracts;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations as people type them for {@code ?wait=} and {@code --wait}: {@code 120s}, {@code 2m}, {@code 1h},
 * {@code 500ms}, ISO-8601 {@code PT2M}, or a bare number of seconds. One parser for the gateway and the CLI.
 */
public final class Durations {

    private Durations() {
    }

    /** Parses; the sign is the caller's rule. @throws IllegalArgumentException when the text is not such a duration */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
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
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("must be a duration such as 30s, 2m or 1h");
        }
        return d;
    }
}
