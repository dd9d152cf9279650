package dev.pgclone.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Docker path's cluster: the official {@code postgres:<major>} image, tuned like {@link LocalPostgresCluster}. */
final class ContainerPostgresCluster implements PostgresCluster, RemovableContainer {

    private static final int POSTGRES_PORT = 5432;
    private final int major;
    private final String password;
    private final PostgreSQLContainer container;

    private ContainerPostgresCluster(int major, String password, PostgreSQLContainer container) {
        this.major = major;
        this.password = password;
        this.container = container;
    }

    static ContainerPostgresCluster start(int major) {
        String password = RandomSecrets.password();
        String zone = LocalPostgresCluster.TIME_ZONE;
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + major)
                .withUsername("postgres")
                .withPassword(password)
                .withDatabaseName("postgres")
                .withEnv("TZ", zone)
                .withEnv("PGTZ", zone)
                .withCommand("postgres", "-c", "timezone=" + zone, "-c", "log_timezone=" + zone,
                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                        "-c", "max_connections=200", "-c", "shared_buffers=64MB", "-c", "max_wal_senders=0", "-c", "wal_level=minimal",
                        "-c", "max_prepared_transactions=0");
        ContainerBackends.publishOnFixedPort(container, POSTGRES_PORT);
        container.start();
        return new ContainerPostgresCluster(major, password, container);
    }

    @Override
    public int major() {
        return major;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(POSTGRES_PORT);
    }

    @Override
    public String superuser() {
        return "postgres";
    }

    @Override
    public String password() {
        return password;
    }

    /** The server runs in the container; this is the local binaries of the same major, for client-side tools. */
    @Override
    public Path binDir() {
        return PostgresDistributions.binDir(major);
    }

    @Override
    public void stop() {
        ContainerBackends.stopKeepingData(container);
    }

    @Override
    public void start() {
        ContainerBackends.restart(container);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedSqlException("PostgreSQL container did not come back on port " + port(), e);
                }
                sleepBriefly();
            }
        }
    }

    @Override
    public void remove() {
        container.stop();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
