package dev.pgclone.coordinator.config;

import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.messaging.UnreadableRecords;
import dev.pgclone.pg.connect.PgConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import jakarta.enterprise.inject.Produces;

/** Beans built from configuration. */
public class Beans {

    @Produces
    @ApplicationScoped
    SecretSealer sealer(CoordinatorConfig config) {
        return SecretSealer.fromBase64(config.secretKey());
    }

    /** This coordinator's name in the messages it produces. */
    public record Identity(String name) {
    }

    @Produces
    @Singleton
    Identity identity() {
        try {
            return new Identity("coordinator@" + InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid());
        } catch (Exception e) {
            return new Identity("coordinator:" + ProcessHandle.current().pid());
        }
    }

    /** Dead-letters what this coordinator's consumers cannot read, naming this coordinator. */
    @Produces
    @Singleton
    UnreadableRecords unreadableRecords(Identity identity) {
        return new UnreadableRecords(identity.name());
    }

    @Produces
    @ApplicationScoped
    PgConnector connector(CoordinatorConfig config) {
        return new PgConnector(config.coordinator().applicationName());
    }
}
