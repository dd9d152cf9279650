package dev.pgclone.cli;

import dev.pgclone.contracts.Durations;
import java.time.Duration;

/** {@code --wait} values: {@link Durations} text, positive, turned into usage errors. */
public final class WaitDuration {

    private WaitDuration() {
    }

    public static Duration parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw CliException.usage(option + " needs a duration such as 30s, 2m or 1h");
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
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
