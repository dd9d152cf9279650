package dev.pgclone.gateway.config;

import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.messaging.UnreadableRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;

/** Beans built from configuration. */
public class Beans {

    @Produces
    @ApplicationScoped
    SecretSealer sealer(GatewayConfig config) {
        return SecretSealer.fromBase64(config.secretKey());
    }

    /** This gateway's name where it signs something, e.g. records it refuses. */
    public record Identity(String name) {
    }

    @Produces
    @Singleton
    Identity identity() {
        try {
            return new Identity("gateway@" + InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid());
        } catch (Exception e) {
            return new Identity("gateway:" + ProcessHandle.current().pid());
        }
    }

    /** Dead-letters what this gateway's consumers cannot read, naming this gateway. */
    @Produces
    @Singleton
    UnreadableRecords unreadableRecords(Identity identity) {
        return new UnreadableRecords(identity.name());
    }
}
