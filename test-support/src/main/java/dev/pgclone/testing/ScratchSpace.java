package dev.pgclone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code /tmp/pgclone-test}: the one place test servers keep files. It sits outside the home directory because
 * the {@code postgres} OS user must traverse it when the tests run as root ({@code /root} is mode 700).
 */
final class ScratchSpace {

    static final Path BASE = Path.of("/tmp/pgclone-test");

    private ScratchSpace() {
    }

    /** Creates the directory (and parents) readable and traversable by every user. */
    static Path directory(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Path p = dir; p != null && p.startsWith(BASE); p = p.getParent()) {
                if (Files.getOwner(p).getName().equals(System.getProperty("user.name"))) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Deletes a tree, best effort: used at shutdown, where throwing helps nobody. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("pgclone test-support: could not delete " + root + ": " + e.getMessage());
        }
    }
}
