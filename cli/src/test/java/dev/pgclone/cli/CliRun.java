package dev.pgclone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the CLI in-process with captured output, a fixed environment and no real sleeping. */
record CliRun(int code, String out, String err) {

    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    static CliRun run(Map<String, String> env, String... args) {
        return run(env, false, args);
    }

    static CliRun run(Map<String, String> env, boolean live, String... args) {
        return run(env, live, Duration.ZERO, args);
    }

    static CliRun run(Map<String, String> env, boolean live, Duration pollInterval, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true), live, 100,
                Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
        int code = Main.run(args, env, terminal, d -> { }, pollInterval);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** All that was printed. */
    String all() {
        return out + err;
    }
}
