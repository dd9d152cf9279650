package dev.pgclone.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Gateway settings ({@code pgclone.*}). */
@ConfigMapping(prefix = "pgclone")
public interface GatewayConfig {

    /** Base64 AES-256 key shared by all pgclone services; seals connection secrets before they travel. */
    String secretKey();

    Gateway gateway();

    interface Gateway {

        /** Longest {@code ?wait=} a request may ask for. */
        @WithDefault("1h")
        Duration maxWait();

        /** Default and maximum page size of job listings. */
        @WithDefault("100")
        int listLimit();

        /**
         * How long a job read ({@code GET /api/v1/jobs...}, cancel) waits for the start-up catch-up of job events
         * before it answers 503 with {@code Retry-After}; until the catch-up ends the store may be stale.
         */
        @WithDefault("30s")
        Duration catchUpWait();

        /**
         * First delay before the start-up catch-up tries Kafka again after a failure; it doubles, jittered, up to
         * 30 s.
         */
        @WithDefault("1s")
        Duration catchUpRetryBackoff();
    }
}
