package dev.pgclone.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Worker settings ({@code pgclone.*}). */
@ConfigMapping(prefix = "pgclone")
public interface WorkerConfig {

    /** Base64 AES-256 key shared by all pgclone services; opens sealed connection secrets. */
    String secretKey();

    /** Worker-specific settings. */
    Worker worker();

    /** Data masking. */
    Masking masking();

    interface Masking {

        /**
         * The deployment's {@code keyed_hash} key (at least 16 bytes; the same on the coordinator and every worker),
         * from a secret such as {@code PGCLONE_MASKING_KEY}. Never logged, never in a message: tasks carry only its
         * id. Without it a {@code keyed_hash} mask fails closed ({@code mask-key-missing}).
         */
        Optional<String> key();
    }

    interface Worker {

        /** This instance's name in task events and logs; defaults to host name and process id. */
        Optional<String> id();

        /** How often a running copy reports cumulative rows and bytes. */
        @WithDefault("2s")
        Duration progressInterval();

        /** Application name the worker's PostgreSQL sessions show in pg_stat_activity. */
        @WithDefault("pgclone-worker")
        String applicationName();
    }
}
