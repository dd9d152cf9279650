package dev.pgclone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files the {@code deploy} module materialises for tests: the Kafka broker's classpath and the PostgreSQL bundles.
 * When they are missing (a fresh clone, a {@code clean}), they are produced by running
 * {@code ./mvnw -f deploy/pom.xml generate-resources} once.
 */
final class DeployArtifacts {

    static final String GENERATE_HINT = "run ./mvnw -f deploy/pom.xml generate-resources";
    private static boolean generated;

    private DeployArtifacts() {
    }

    /**
     * The project root: the {@code pgcloneTest.projectRoot} property (set by surefire and failsafe), else the first
     * directory above {@code user.dir} that holds {@code deploy/pom.xml}.
     */
    static Path projectRoot() {
        for (String start : new String[] {System.getProperty("pgcloneTest.projectRoot"), System.getProperty("user.dir")}) {
            if (start == null || start.isBlank()) {
                continue;
            }
            for (Path dir = Path.of(start).toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("deploy/pom.xml"))) {
                    return dir;
                }
            }
        }
        throw new IllegalStateException("cannot find the pgclone project root (a directory with deploy/pom.xml) above "
                + System.getProperty("user.dir") + "; set -DpgcloneTest.projectRoot");
    }

    /** {@code deploy/target/kafka/libs}: the broker's classpath. */
    static Path kafkaLibs() {
        Path libs = projectRoot().resolve("deploy/target/kafka/libs");
        if (!hasKafkaJar(libs)) {
            generate();
        }
        if (!hasKafkaJar(libs)) {
            throw new IllegalStateException("no Kafka broker jars in " + libs + ": " + GENERATE_HINT);
        }
        return libs;
    }

    /** {@code deploy/target/pg-bundles/postgres-<major>.jar}: a zonky bundle of initdb, pg_ctl and postgres. */
    static Path postgresBundle(int major) {
        Path bundle = projectRoot().resolve("deploy/target/pg-bundles/postgres-" + major + ".jar");
        if (!Files.isRegularFile(bundle)) {
            generate();
        }
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalStateException("no PostgreSQL " + major + " bundle at " + bundle
                    + " (deploy/pom.xml lists the majors it fetches): " + GENERATE_HINT);
        }
        return bundle;
    }

    private static boolean hasKafkaJar(Path libs) {
        if (!Files.isDirectory(libs)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(libs)) {
            return jars.anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Once per JVM, and under a file lock so two JVMs do not write the same jars at once. */
    private static synchronized void generate() {
        if (generated) {
            return;
        }
        generated = true;
        Path root = projectRoot();
        Path mvnw = root.resolve("mvnw");
        List<String> command = List.of(Files.isExecutable(mvnw) ? mvnw.toString() : "mvn",
                "-q", "-B", "-f", root.resolve("deploy/pom.xml").toString(), "generate-resources");
        Path lockFile = ScratchSpace.directory(ScratchSpace.BASE).resolve("deploy-generate.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            System.err.println("pgclone test-support: deploy files missing, running " + String.join(" ", command));
            ExternalCommand.Result result = ExternalCommand.run(command, root, Duration.ofMinutes(10));
            if (!result.succeeded()) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + GENERATE_HINT + "):\n"
                        + result.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }
}
