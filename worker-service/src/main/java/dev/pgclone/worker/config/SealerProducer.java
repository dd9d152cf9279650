package dev.pgclone.worker.config;

import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.pg.connect.PgConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Beans built from configuration. */
public class SealerProducer {

    @Produces
    @ApplicationScoped
    SecretSealer sealer(WorkerConfig config) {
        return SecretSealer.fromBase64(config.secretKey());
    }

    @Produces
    @ApplicationScoped
    PgConnector connector(WorkerConfig config) {
        return new PgConnector(config.worker().applicationName());
    }
}
