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
    }
}
