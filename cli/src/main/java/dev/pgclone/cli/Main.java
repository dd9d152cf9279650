package dev.pgclone.cli;

import dev.pgclone.cli.command.PgcloneCommand;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point: parses the command line, runs the command, maps every outcome to an exit code and one line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Terminal terminal = Terminal.system(env);
        int code = run(args, env, terminal, d -> Thread.sleep(d.toMillis()), Duration.ofSeconds(1));
        terminal.out().flush();
        terminal.err().flush();
        System.exit(code);
    }

    /** Runs pgclone with the given arguments, environment and terminal; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, Terminal terminal, JobWatcher.Sleeper sleeper,
                          Duration pollInterval) {
        CommandLine cl = new CommandLine(new PgcloneCommand(env, terminal, sleeper, pollInterval));
        cl.setExpandAtFiles(false);
        cl.setOut(terminal.out());
        cl.setErr(terminal.err());
        cl.setParameterExceptionHandler((e, arguments) -> {
            CommandSpec spec = e.getCommandLine().getCommandSpec();
            String command = spec.qualifiedName();
            String message = Secrets.scrubArguments(e.getMessage(), arguments);
            if (e instanceof UnmatchedArgumentException u && !spec.subcommands().isEmpty()
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                String word = u.getUnmatched().get(0);
                message = "unknown command '" + (Secrets.mayBeConninfo(word) ? "<hidden>" : word) + "' for "
                        + command + " (choose from " + String.join(", ", spec.subcommands().keySet()) + ")";
            }
            terminal.err().println("pgclone: " + oneLine(message) + " (see " + command + " --help)");
            terminal.err().flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException c) {
                terminal.err().println("pgclone: " + oneLine(c.getMessage()));
                terminal.err().flush();
                return c.exitCode();
            }
            if (env.containsKey("PGCLONE_DEBUG")) {
                e.printStackTrace(terminal.err());
            }
            terminal.err().println("pgclone: unexpected error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(Secrets.scrubArguments(e.getMessage(), args)))
                    + " (set PGCLONE_DEBUG=1 for details)");
            terminal.err().flush();
            return ExitCode.UNAVAILABLE;
        });
        return cl.execute(args);
    }

    private static String oneLine(String text) {
        return text == null ? "" : Secrets.redact(text.replaceAll("\\s+", " ").strip());
    }
}
