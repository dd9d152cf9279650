package dev.pgclone.worker.config;

import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.messaging.UnreadableRecords;
import dev.pgclone.pg.connect.PgConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Beans built from configuration. */
public class SealerProducer {

    @Produces
    @ApplicationScoped
    SecretSealer sealer(WorkerConfig config) {
        return SecretSealer.fromBase64(config.secretKey());
    }

    /** Dead-letters what this worker's consumers cannot read, naming this worker. */
    @Produces
    @Singleton
    UnreadableRecords unreadableRecords(WorkerIdentity identity) {
        return new UnreadableRecords(identity.id());
    }

    @Produces
    @ApplicationScoped
    PgConnector connector(WorkerConfig config) {
        return new PgConnector(config.worker().applicationName());
    }
}
