package dev.pgclone.gateway.config;

import dev.pgclone.contracts.connection.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Beans built from configuration. */
public class Beans {

    @Produces
    @ApplicationScoped
    SecretSealer sealer(GatewayConfig config) {
        return SecretSealer.fromBase64(config.secretKey());
    }
}
