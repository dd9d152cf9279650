package dev.pgclone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * initdb and postgres refuse to run as root. When the JVM is root, server commands run as the OS user
 * {@code postgres} (created if missing) and the files they write are handed to that user first.
 */
final class PostgresOsUser {

    static final String NAME = "postgres";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static volatile UserPrincipal principal;

    private PostgresOsUser() {
    }

    /** The command as the server user: unchanged unless we are root. */
    static List<String> command(List<String> command) {
        if (!ROOT) {
            return command;
        }
        ensureExists();
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code path} to the server user (no-op unless root). */
    static void own(Path path) {
        if (!ROOT) {
            return;
        }
        try {
            Files.setOwner(path, principal());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + NAME, e);
        }
    }

    private static UserPrincipal principal() throws IOException {
        if (principal == null) {
            ensureExists();
            principal = Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
        }
        return principal;
    }

    private static synchronized void ensureExists() {
        if (exists()) {
            return;
        }
        // Another JVM may add the user at the same moment: accept its success as ours.
        ExternalCommand.Result added = ExternalCommand.run(
                List.of("useradd", "--system", NAME), Path.of("/"), Duration.ofSeconds(30));
        if (!exists()) {
            throw new IllegalStateException("cannot create the OS user " + NAME + ": " + added.output());
        }
    }

    private static boolean exists() {
        return ExternalCommand.run(List.of("id", "-u", NAME), Path.of("/"), Duration.ofSeconds(10)).succeeded();
    }
}
