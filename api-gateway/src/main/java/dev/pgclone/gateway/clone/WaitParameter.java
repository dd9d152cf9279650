package dev.pgclone.gateway.clone;

import dev.pgclone.contracts.Durations;
import dev.pgclone.gateway.problem.ApiException;
import java.time.Duration;

/** The {@code ?wait=} query parameter: a {@link Durations} text, at most the configured maximum. */
public final class WaitParameter {

    private WaitParameter() {
    }

    /** Null or blank means do not wait. */
    public static Duration parse(String text, Duration max) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("wait", "query parameter \"wait\" " + e.getMessage());
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
