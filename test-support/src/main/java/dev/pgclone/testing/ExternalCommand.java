package dev.pgclone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command (initdb, pg_ctl, tar, mvnw) to completion and keeps its combined output. */
final class ExternalCommand {

    /** What a finished command said. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ExternalCommand() {
    }

    /** Runs the command in {@code workDir}; a non-zero exit is returned, not thrown. */
    static Result run(List<String> command, Path workDir, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        // Drain on another thread: a chatty command would otherwise block on a full pipe and never exit.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e.getMessage() + ")";
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + command);
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the output of " + command, e);
        }
    }

    /** Runs the command and fails, with its output, unless it exits with 0. */
    static String runOrThrow(List<String> command, Path workDir, Duration timeout) {
        Result result = run(command, workDir, timeout);
        if (!result.succeeded()) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }
}
