package dev.pgclone.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The servers behind {@link TestInfra}, owned by one copy of this class (the system class loader's; see
 * {@link TestInfra}). Each starts on first use; one shutdown hook stops them all and deletes the run directory.
 */
final class SharedServers {

    private static final ConcurrentMap<String, Once<?>> SERVERS = new ConcurrentHashMap<>();
    private static final Once<RunDirectory> RUN_DIRECTORY = new Once<>(RunDirectory::create);
    private static final Once<Backend> BACKEND = new Once<>(Backend::select);
    private static final String SECRET_KEY = RandomSecrets.secretKey();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedServers::stopAll, "pgclone-test-infra-stop"));
    }

    private SharedServers() {
    }

    static KafkaBroker kafka() {
        return server("kafka", () -> BACKEND.get() == Backend.DOCKER
                ? ContainerBackends.startKafka()
                : LocalKafkaBroker.start(runDir().resolve("kafka")));
    }

    static PostgresCluster postgres(String name, int major) {
        PostgresCluster cluster = server("postgres:" + name, () -> BACKEND.get() == Backend.DOCKER
                ? ContainerBackends.startPostgres(major)
                : LocalPostgresCluster.create(major, runDir().resolve("pg").resolve(directoryName(name))));
        if (cluster.major() != major) {
            throw new IllegalArgumentException("cluster \"" + name + "\" already runs PostgreSQL " + cluster.major()
                    + ", not " + major + ": give the other major its own name (e.g. \"" + name + "-" + major + "\")");
        }
        return cluster;
    }

    static String secretKey() {
        return SECRET_KEY;
    }

    static Path runDir() {
        return RUN_DIRECTORY.get().path();
    }

    // Entry points for copies of TestInfra in other class loaders: JDK types only, so they cross loaders.

    static Map<String, Object> exportKafka() {
        return ExportedKafkaBroker.describe(kafka());
    }

    static Map<String, Object> exportPostgres(String name, int major) {
        return ExportedPostgresCluster.describe(postgres(name, major));
    }

    @SuppressWarnings("unchecked")
    private static <T> T server(String key, Supplier<T> starter) {
        return ((Once<T>) SERVERS.computeIfAbsent(key, k -> new Once<>(starter))).get();
    }

    /** Cluster names become directory names: keep them readable, but only with safe characters. */
    private static String directoryName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Stops every started server in parallel (each may wait for a clean shutdown), then removes the run directory. */
    private static void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (Once<?> once : SERVERS.values()) {
            Object server = once.valueIfStarted();
            if (server != null) {
                Thread stopper = new Thread(() -> stopQuietly(server), "pgclone-stop-" + server);
                stopper.start();
                stoppers.add(stopper);
            }
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RunDirectory runDirectory = RUN_DIRECTORY.valueIfStarted();
        if (runDirectory != null) {
            runDirectory.close();
        }
    }

    private static void stopQuietly(Object server) {
        try {
            if (server instanceof RemovableContainer container) {
                container.remove();
            } else if (server instanceof KafkaBroker broker) {
                broker.stop();
            } else if (server instanceof PostgresCluster cluster) {
                cluster.stop();
            }
        } catch (RuntimeException e) {
            System.err.println("pgclone test-support: could not stop " + server + ": " + e);
        }
    }

    /** Starts a value once; a failure is remembered, so later test classes fail fast instead of waiting again. */
    private static final class Once<T> {
        private final Supplier<T> starter;
        private volatile T value;
        private RuntimeException failure;

        Once(Supplier<T> starter) {
            this.starter = starter;
        }

        synchronized T get() {
            if (value == null && failure == null) {
                try {
                    value = starter.get();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException("could not start test infrastructure: " + failure.getMessage(), failure);
            }
            return value;
        }

        T valueIfStarted() {
            return value;
        }
    }
}
