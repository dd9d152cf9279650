package dev.pgclone.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The servers one test JVM shares: a Kafka broker and named PostgreSQL clusters ("state", "source", "target",
 * "source-17", ...), each started on first use and reused by every later test class. One shutdown hook stops them
 * all and deletes {@link #runDir()}; if the JVM dies without running it, a guard process does (see RunDirectory).
 * Servers are local processes unless Docker answers, or {@code PGCLONE_TEST_BACKEND=local|docker} says otherwise.
 *
 * <p>Quarkus loads test code in class loaders of its own, so this class may exist in several copies in one JVM.
 * Statics alone would then start a second "state" cluster per copy. Instead, the copy in the system class loader
 * owns the servers ({@link SharedServers}); any other copy asks it through reflection and gets views built from JDK
 * types ({@link ExportedKafkaBroker}, {@link ExportedPostgresCluster}).
 */
public final class TestInfra {

    /** The owning copy of SharedServers, or null when this copy is the owner. */
    private static final Class<?> OWNER = ownerIfElsewhere();
    private static final Map<String, Object> VIEWS = new ConcurrentHashMap<>();

    private TestInfra() {
    }

    /** The shared broker. */
    public static KafkaBroker kafka() {
        if (OWNER == null) {
            return SharedServers.kafka();
        }
        return view("kafka", key -> new ExportedKafkaBroker(fromOwner("exportKafka")));
    }

    /** The shared cluster called {@code name}, running {@link PostgresDistributions#defaultMajor()}. */
    public static PostgresCluster postgres(String name) {
        return postgres(name, PostgresDistributions.defaultMajor());
    }

    /** The shared cluster called {@code name}; asking again for the same name with another major is an error. */
    public static PostgresCluster postgres(String name, int major) {
        if (OWNER == null) {
            return SharedServers.postgres(name, major);
        }
        PostgresCluster cluster = view("postgres:" + name,
                key -> new ExportedPostgresCluster(fromOwner("exportPostgres", name, major)));
        if (cluster.major() != major) {
            fromOwner("exportPostgres", name, major); // the owner explains the mismatch
        }
        return cluster;
    }

    /** A random {@code pgclone.secret-key} (32 bytes, base64), the same for the whole JVM. */
    public static String secretKey() {
        return OWNER == null ? SharedServers.secretKey() : fromOwner("secretKey");
    }

    /** This JVM's scratch directory under {@code /tmp/pgclone-test}, deleted at exit. */
    public static Path runDir() {
        return OWNER == null ? SharedServers.runDir() : fromOwner("runDir");
    }

    @SuppressWarnings("unchecked")
    private static <T> T view(String key, Function<String, T> create) {
        return (T) VIEWS.computeIfAbsent(key, create::apply);
    }

    private static Class<?> ownerIfElsewhere() {
        try {
            Class<?> owner = Class.forName(SharedServers.class.getName(), true, ClassLoader.getSystemClassLoader());
            return owner == SharedServers.class ? null : owner;
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // the system class loader cannot see this module: this copy is the only one
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T fromOwner(String method, Object... args) {
        try {
            Class<?>[] types = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                types[i] = args[i] instanceof Integer ? int.class : args[i].getClass();
            }
            Method entryPoint = OWNER.getDeclaredMethod(method, types);
            entryPoint.setAccessible(true);
            return (T) entryPoint.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("shared test infrastructure failed in " + method, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared test infrastructure (" + method + ")", e);
        }
    }
}
