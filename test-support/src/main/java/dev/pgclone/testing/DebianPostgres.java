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

/**
 * Debian's PostgreSQL packages, installed on demand: the only source of {@code pg_dump} and {@code psql} on a
 * fresh machine (the Maven bundles hold servers only). Installed when missing and running as root, once per
 * machine (a file lock serialises test JVMs).
 */
final class DebianPostgres {

    private static final Path LIB = Path.of("/usr/lib/postgresql");
    private static volatile boolean checked;

    private DebianPostgres() {
    }

    /** Makes sure some {@code /usr/lib/postgresql/<major>/bin/pg_dump} exists, installing the package if it can. */
    static synchronized void ensureClientTools() {
        if (checked || hasPgDump()) {
            checked = true;
            return;
        }
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            checked = true;
            return;
        }
        Path lockFile = ScratchSpace.directory(ScratchSpace.BASE).resolve("apt.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!hasPgDump()) {
                Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
                ExternalCommand.run(List.of("apt-get", "update", "-qq"), tmp, Duration.ofMinutes(5));
                ExternalCommand.Result install = ExternalCommand.run(List.of("env", "DEBIAN_FRONTEND=noninteractive",
                        "apt-get", "install", "-y", "-qq", "postgresql"), tmp, Duration.ofMinutes(10));
                if (!install.succeeded() || !hasPgDump()) {
                    throw new IllegalStateException("apt-get install postgresql failed:\n" + install.output());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checked = true;
    }

    private static boolean hasPgDump() {
        if (!Files.isDirectory(LIB)) {
            return false;
        }
        try (var dirs = Files.list(LIB)) {
            return dirs.anyMatch(d -> Files.isExecutable(d.resolve("bin/pg_dump")));
        } catch (IOException e) {
            return false;
        }
    }
}
