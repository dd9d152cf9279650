package dev.pgclone.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where test servers run: local processes, or Docker containers through Testcontainers. This class decides without
 * touching Testcontainers, so the local path never loads a Testcontainers class.
 */
enum Backend {
    LOCAL,
    DOCKER;

    /** {@code local} or {@code docker}; unset means "Docker when it answers, else local". */
    static final String ENV = "PGCLONE_TEST_BACKEND";

    static Backend select() {
        String forced = System.getenv(ENV);
        if (forced != null && !forced.isBlank()) {
            try {
                return valueOf(forced.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV + " must be local or docker, not \"" + forced + "\"", e);
            }
        }
        return dockerMightAnswer() && ContainerBackends.isDockerAvailable() ? DOCKER : LOCAL;
    }

    /** Cheap signs of a Docker engine; only when one is present is Testcontainers asked to connect. */
    private static boolean dockerMightAnswer() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || (runtimeDir != null && Files.exists(Path.of(runtimeDir, "docker.sock")))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker/run/docker.sock"));
    }
}
