package dev.pgclone.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** A view of a cluster owned by another class loader's copy of this module (see {@link TestInfra}). */
final class ExportedPostgresCluster implements PostgresCluster {

    private final Map<String, Object> description;

    ExportedPostgresCluster(Map<String, Object> description) {
        this.description = Map.copyOf(description);
    }

    /** The cluster as JDK types, which every class loader shares. Host and port never change after start. */
    static Map<String, Object> describe(PostgresCluster cluster) {
        return Map.of("major", cluster.major(),
                "host", cluster.host(),
                "port", cluster.port(),
                "superuser", cluster.superuser(),
                "password", cluster.password(),
                "binDir", (Supplier<Path>) cluster::binDir,
                "stop", (Runnable) cluster::stop,
                "start", (Runnable) cluster::start);
    }

    @Override
    public int major() {
        return (Integer) description.get("major");
    }

    @Override
    public String host() {
        return (String) description.get("host");
    }

    @Override
    public int port() {
        return (Integer) description.get("port");
    }

    @Override
    public String superuser() {
        return (String) description.get("superuser");
    }

    @Override
    public String password() {
        return (String) description.get("password");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Path binDir() {
        return ((Supplier<Path>) description.get("binDir")).get();
    }

    @Override
    public void stop() {
        ((Runnable) description.get("stop")).run();
    }

    @Override
    public void start() {
        ((Runnable) description.get("start")).run();
    }
}
