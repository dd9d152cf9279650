package dev.pgclone.inspector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Inspector settings ({@code pgclone.*}), checked at start-up ({@link #check}). */
@ConfigMapping(prefix = "pgclone")
public interface InspectorConfig {

    /** Base64 AES-256 key shared by all pgclone services; opens the sealed connection secrets of report requests. */
    String secretKey();

    Inspector inspector();

    interface Inspector {

        /** Reports this inspector computes at once (1–64); more requests wait, accepted, in a queue. */
        @WithDefault("2")
        int concurrency();

        /** Minimum time between two progress events of one report. */
        @WithDefault("1s")
        Duration progressInterval();

        /**
         * How often this inspector renews the reports it runs. A report left unrenewed for three intervals (its
         * inspector stopped) is failed by any inspector, at start-up or while it runs.
         */
        @WithDefault("10s")
        Duration heartbeatInterval();

        /** Sessions per side that hash tables at once in an exact verify (each imports its side's snapshot). */
        @WithDefault("2")
        int verifyParallelism();

        /**
         * How long a verify session waits for a table's lock (a clone loading it, DDL) before the report fails
         * {@code lock-timeout} naming the table; 0 waits without limit.
         */
        @WithDefault("1m")
        Duration lockWaitTimeout();

        /** Application name of the inspector's PostgreSQL sessions (on the databases it reports on). */
        @WithDefault("pgclone-inspector")
        String applicationName();
    }

    /** Refuses settings the inspector cannot work with, naming the key. */
    static void check(InspectorConfig config) {
        Inspector i = config.inspector();
        if (i.concurrency() < 1 || i.concurrency() > 64) {
            throw new IllegalArgumentException("pgclone.inspector.concurrency must be between 1 and 64, not "
                    + i.concurrency());
        }
        if (i.progressInterval().isNegative() || i.progressInterval().isZero()) {
            throw new IllegalArgumentException("pgclone.inspector.progress-interval must be positive");
        }
        if (i.heartbeatInterval().toMillis() < 100) {
            throw new IllegalArgumentException("pgclone.inspector.heartbeat-interval must be at least 100ms");
        }
        if (i.applicationName().isBlank()) {
            throw new IllegalArgumentException("pgclone.inspector.application-name must not be blank");
        }
    }
}
