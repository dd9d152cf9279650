package dev.pgclone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's own {@code /tmp/pgclone-test/run-<pid>-<random>/}: every server it starts keeps its files there.
 *
 * <p>A guard process ({@code sh}) watches the JVM through a pipe. If the JVM dies without running its shutdown
 * hooks (kill -9, a crashed fork), the pipe closes and the guard stops what is left: each postmaster found through
 * its {@code postmaster.pid} (SIGQUIT, immediate shutdown), each broker through its {@code kafka.pid}, then deletes
 * the directory. {@link #close()} takes the same path on a normal exit.
 */
final class RunDirectory implements AutoCloseable {

    private static final String GUARD_SCRIPT = """
            cat >/dev/null
            [ -d "$1" ] || exit 0
            pids=""
            for f in $(find "$1" -name postmaster.pid -o -name kafka.pid); do
              pid=$(head -n 1 "$f")
              case "$f" in *postmaster.pid) kill -QUIT "$pid" ;; *) kill -KILL "$pid" ;; esac 2>/dev/null
              pids="$pids $pid"
            done
            for i in 1 2 3 4 5 6 7 8 9 10; do
              alive=""
              for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
              [ -z "$alive" ] && break
              sleep 1
            done
            rm -rf "$1"
            """;

    private final Path path;
    private final Process guard;

    private RunDirectory(Path path, Process guard) {
        this.path = path;
        this.guard = guard;
    }

    static RunDirectory create() {
        String name = "run-" + ProcessHandle.current().pid() + "-" + RandomSecrets.alphanumeric(6).toLowerCase();
        Path path = ScratchSpace.directory(ScratchSpace.BASE.resolve(name));
        try {
            Process guard = new ProcessBuilder(List.of("sh", "-c", GUARD_SCRIPT, "pgclone-run-guard", path.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new RunDirectory(path, guard);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the run directory guard", e);
        }
    }

    Path path() {
        return path;
    }

    /**
     * Lets the guard finish the job: it stops whatever still runs here (say, a broker a test started on its own and
     * never stopped) and deletes the directory. Shared servers should be stopped cleanly before this.
     */
    @Override
    public void close() {
        try {
            guard.getOutputStream().close();
            if (!guard.waitFor(30, TimeUnit.SECONDS)) {
                guard.destroy();
            }
        } catch (IOException e) {
            guard.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ScratchSpace.deleteTree(path);
    }
}
