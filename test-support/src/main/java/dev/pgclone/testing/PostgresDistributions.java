package dev.pgclone.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Where the server binaries of a PostgreSQL major live: the Debian package ({@code /usr/lib/postgresql/<major>/bin})
 * when installed, else the zonky bundle from {@code deploy/target/pg-bundles}, unpacked once per machine into
 * {@code /tmp/pgclone-test/dist/pg-<major>/}.
 */
public final class PostgresDistributions {

    /** Overrides {@link #defaultMajor()}. */
    public static final String MAJOR_ENV = "PGCLONE_TEST_PG_MAJOR";
    static final int FALLBACK_MAJOR = 17;
    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");
    private static final String BUNDLE_ENTRY = "postgres-linux-x86_64.txz";
    private static final Map<Integer, Path> BUNDLED = new ConcurrentHashMap<>();

    private PostgresDistributions() {
    }

    /** {@value #MAJOR_ENV} if set, else the highest Debian-installed major, else {@value #FALLBACK_MAJOR}. */
    public static int defaultMajor() {
        String forced = System.getenv(MAJOR_ENV);
        if (forced != null && !forced.isBlank()) {
            return Integer.parseInt(forced.strip());
        }
        return installedMajors().stream().max(Integer::compare).orElse(FALLBACK_MAJOR);
    }

    /** Majors with a Debian server package (initdb present). */
    public static List<Integer> installedMajors() {
        DebianPostgres.ensureClientTools();
        if (!Files.isDirectory(DEBIAN)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(DEBIAN)) {
            return dirs.map(dir -> dir.getFileName().toString())
                    .filter(name -> name.matches("\\d+"))
                    .map(Integer::valueOf)
                    .filter(major -> Files.isExecutable(debianBinDir(major).resolve("initdb")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The bin directory holding initdb, pg_ctl and postgres for {@code major}. */
    public static Path binDir(int major) {
        Path debian = debianBinDir(major);
        return Files.isExecutable(debian.resolve("initdb")) ? debian : bundledBinDir(major);
    }

    /** The unpacked zonky bundle's bin directory, even where Debian has the same major. */
    public static Path bundledBinDir(int major) {
        return BUNDLED.computeIfAbsent(major, PostgresDistributions::unpackBundle);
    }

    private static Path debianBinDir(int major) {
        return DEBIAN.resolve(Integer.toString(major)).resolve("bin");
    }

    /** Unpacks into a temporary directory, then renames it into place: two JVMs racing both end up with one copy. */
    private static Path unpackBundle(int major) {
        Path dist = ScratchSpace.directory(ScratchSpace.BASE.resolve("dist"));
        Path target = dist.resolve("pg-" + major);
        if (Files.isExecutable(target.resolve("bin/initdb"))) {
            return target.resolve("bin");
        }
        Path bundle = DeployArtifacts.postgresBundle(major);
        Path staging = null;
        try {
            staging = Files.createTempDirectory(dist, ".pg-" + major + "-");
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            untar(bundle, staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lostRace) {
                if (!Files.isExecutable(target.resolve("bin/initdb"))) {
                    throw lostRace;
                }
            }
            return target.resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + bundle + " into " + target, e);
        } finally {
            if (staging != null) {
                ScratchSpace.deleteTree(staging);
            }
        }
    }

    /** Streams the bundle's .txz entry into {@code tar -xJ}: no unzip needed, no temporary archive on disk. */
    private static void untar(Path bundle, Path into) throws IOException {
        Process tar = new ProcessBuilder("tar", "-xJ", "-C", into.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (JarFile jar = new JarFile(bundle.toFile())) {
            ZipEntry entry = jar.getEntry(BUNDLE_ENTRY);
            if (entry == null) {
                tar.destroyForcibly();
                throw new IOException(bundle + " has no " + BUNDLE_ENTRY);
            }
            try (InputStream in = jar.getInputStream(entry); OutputStream out = tar.getOutputStream()) {
                in.transferTo(out);
            }
            if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                tar.destroyForcibly();
                throw new IOException("tar -xJ failed on " + BUNDLE_ENTRY + " from " + bundle);
            }
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking " + bundle, e);
        }
    }
}
