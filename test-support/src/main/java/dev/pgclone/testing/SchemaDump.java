package dev.pgclone.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The schema half of the fidelity oracle: {@code pg_dump --schema-only}, normalized so two dumps of equal schemas
 * compare equal (no comments, no SET / set_config preamble, no {@code \restrict} keys, no blank lines).
 */
public final class SchemaDump {

    private SchemaDump() {
    }

    /** A pg_dump that can read servers of this major: the newest installed one at least as new. */
    public static Optional<Path> pgDumpFor(int serverMajor) {
        DebianPostgres.ensureClientTools();
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(base)) {
            return majors.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Integer.parseInt(p.getFileName().toString()) >= serverMajor)
                    .map(p -> p.resolve("bin/pg_dump")).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Normalized schema-only dump.
     *
     * @param extraArgs e.g. {@code -n}, {@code "Shop"} or {@code -t}, {@code public.orders}
     */
    public static String of(PostgresCluster cluster, String db, String... extraArgs) {
        Path pgDump = pgDumpFor(cluster.major()).orElseThrow(() -> new IllegalStateException(
                "no pg_dump able to read PostgreSQL " + cluster.major() + " is installed"));
        List<String> command = new ArrayList<>(List.of(pgDump.toString(), "--schema-only", "--no-password",
                "-h", cluster.host(), "-p", String.valueOf(cluster.port()), "-U", cluster.superuser(), "-d", db));
        command.addAll(List.of(extraArgs));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", cluster.password());
            Process process = pb.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("pg_dump failed: " + out.replace(cluster.password(), "***"));
            }
            return normalize(out);
        } catch (IOException e) {
            throw new IllegalStateException("pg_dump could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String normalize(String dump) {
        return dump.lines()
                .filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("--"))
                .filter(l -> !l.startsWith("SET "))
                .filter(l -> !l.startsWith("SELECT pg_catalog.set_config"))
                .filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
                .collect(Collectors.joining("\n"));
    }
}
