package dev.pgclone.coordinator.config;

import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.pg.connect.PgConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Beans built from configuration. */
public class Beans {

    @Produces
    @ApplicationScoped
    SecretSealer sealer(CoordinatorConfig config) {
        return SecretSealer.fromBase64(config.secretKey());
    }

    @Produces
    @ApplicationScoped
    PgConnector connector(CoordinatorConfig config) {
        return new PgConnector(config.coordinator().applicationName());
    }
}
