package dev.pgclone.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how output goes: stdout/stderr writers, whether the progress line is redrawn in place ({@code live}, on
 * a terminal) or printed as separate lines (pipes, files, CI logs), the width to fit, the clock and time zone.
 *
 * @param out   results (stdout)
 * @param err   errors, and the progress line when results are JSON (stderr)
 * @param live  redraw the progress line in place
 * @param width screen width for the progress line
 * @param clock the time
 * @param zone  the zone times are shown in
 */
public record Terminal(PrintWriter out, PrintWriter err, boolean live, int width, Clock clock, ZoneId zone) {

    static final int DEFAULT_WIDTH = 120;

    /**
     * The process's terminal. Live progress when stdin and stdout are a terminal; {@code PGCLONE_PROGRESS=live|lines}
     * forces either; {@code COLUMNS} gives the width (bin/pgclone exports it).
     */
    public static Terminal system(Map<String, String> env) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        String mode = env.getOrDefault("PGCLONE_PROGRESS", "").toLowerCase(Locale.ROOT);
        boolean live = switch (mode) {
            case "live" -> true;
            case "lines" -> false;
            default -> System.console() != null && !"dumb".equals(env.get("TERM"));
        };
        return new Terminal(out, err, live, width(env.get("COLUMNS")), Clock.systemUTC(), ZoneId.systemDefault());
    }

    static int width(String columns) {
        try {
            int w = Integer.parseInt(columns == null ? "" : columns.strip());
            return w >= 40 ? w : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }
}
