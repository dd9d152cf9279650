package dev.pgclone.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as the gateway reads them: {@code 120s}, {@code 2m}, {@code 1h}, {@code 500ms}, {@code PT2M}, or seconds. */
public final class WaitDuration {

    private WaitDuration() {
    }

    public static Duration parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw CliException.usage(option + " needs a duration such as 30s, 2m or 1h");
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
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw CliException.usage(option + " must be a duration such as 30s, 2m or 1h, not \"" + text.strip() + "\"");
        }
        if (d.isNegative() || d.isZero()) {
            throw CliException.usage(option + " must be a positive duration");
        }
        return d;
    }

    /** The gateway's {@code ?wait=} form. */
    public static String query(Duration d) {
        return d.toMillis() + "ms";
    }
}
