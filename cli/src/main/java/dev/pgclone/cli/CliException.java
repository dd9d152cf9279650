package dev.pgclone.cli;

/**
 * A failure the user sees as one line ({@code pgclone: <message>}) and an exit code; never a stack trace. The message
 * must not contain a conninfo the user typed.
 */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public static CliException unavailable(String message) {
        return new CliException(ExitCode.UNAVAILABLE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
