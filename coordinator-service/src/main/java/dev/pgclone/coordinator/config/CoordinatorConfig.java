package dev.pgclone.coordinator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Coordinator settings ({@code pgclone.*}). */
@ConfigMapping(prefix = "pgclone")
public interface CoordinatorConfig {

    /** Base64 AES-256 key shared by all pgclone services; opens sealed connection secrets. */
    String secretKey();

    Coordinator coordinator();

    /** Data masking. */
    Masking masking();

    interface Masking {

        /**
         * The deployment's {@code keyed_hash} key (at least 16 bytes; the same on the coordinator and every worker),
         * from a secret such as {@code PGCLONE_MASKING_KEY}. Never logged, never in a message: tasks carry only its
         * id. Without it a {@code keyed_hash} mask fails closed ({@code mask-key-missing}).
         */
        Optional<String> key();

        /**
         * Rows per batch of an in-place mask ({@code mask-in-place}): each batch is one committed transaction on the
         * target (key ranges of about this many rows, or heap block ranges estimated to hold as many).
         */
        @WithDefault("10000")
        long inPlaceBatchRows();
    }

    interface Coordinator {

        /** How often every snapshot keeper is pinged ({@code SELECT 1}); a failed ping fails its job. */
        @WithDefault("5s")
        Duration keeperPingInterval();

        /**
         * Attempts per copy task (and of pre-data) for retriable failures before the job fails. With the default
         * backoff, 5 attempts ride out about 15-20 s of a server that refuses or drops connections (a restart, a
         * database closed for maintenance).
         */
        @WithDefault("5")
        int maxTaskAttempts();

        /** First re-dispatch delay; doubles per attempt, with jitter, capped at 30 s. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** Minimum time between two progress events of one job. */
        @WithDefault("1s")
        Duration progressInterval();

        /**
         * Default of the {@code lock_wait_timeout} option: how long a clone waits for the ACCESS SHARE lock on each
         * table it reads before failing with the name of the session in the way ({@code 0s}: without limit, as
         * pg_dump by default).
         */
        @WithDefault("1m")
        Duration lockWaitTimeout();

        /** Application name of the coordinator's PostgreSQL sessions (source keeper, catalog, target DDL). */
        @WithDefault("pgclone-coordinator")
        String applicationName();
    }
}
