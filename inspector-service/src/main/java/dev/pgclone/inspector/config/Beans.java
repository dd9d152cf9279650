package dev.pgclone.inspector.config;

import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.pg.connect.PgConnector;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Beans built from configuration. Settings and the secret key are checked at start-up, not at the first report. */
public class Beans {

    @Produces
    @Singleton
    @Startup
    SecretSealer sealer(InspectorConfig config) {
        InspectorConfig.check(config);
        return SecretSealer.fromBase64(config.secretKey());
    }

    /** For report handlers: sessions on the databases reported on, named {@code pgclone.inspector.application-name}. */
    @Produces
    @ApplicationScoped
    PgConnector connector(InspectorConfig config) {
        return new PgConnector(config.inspector().applicationName());
    }

    /**
     * This inspector: {@code name} in events and logs, stable across restarts on one host and port (so a restarted
     * inspector recognises the reports it left), and {@code run}, new at every start.
     */
    public record Identity(String name, String run) {
    }

    @Produces
    @Singleton
    Identity identity(@ConfigProperty(name = "quarkus.http.port", defaultValue = "8083") int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return new Identity("inspector@" + host + ":" + port, UUID.randomUUID().toString());
    }
}
