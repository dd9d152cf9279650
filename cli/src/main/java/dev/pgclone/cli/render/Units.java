package dev.pgclone.cli.render;

import java.time.Duration;
import java.util.Locale;

/** How numbers, sizes and durations look on screen. Sizes are decimal: 1 MB = 1,000,000 bytes. */
public final class Units {

    private Units() {
    }

    /** 1234567 → {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Bytes as {@code 512 B}, {@code 12.3 kB}, {@code 85.3 MB}, {@code 1.20 GB}. */
    public static String bytes(long b) {
        if (b < 1000) {
            return b + " B";
        }
        if (b < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        }
        if (b < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }

    /** Always in MB with one decimal, for the progress line: {@code 85.3 MB}. */
    public static String megabytes(long b) {
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }

    /** A rate in MB/s: {@code 12.1 MB/s}. */
    public static String megabytesPerSecond(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
    }

    /** A row rate: {@code 950 rows/s}, {@code 45.1k rows/s}, {@code 1.2M rows/s}. */
    public static String rowsPerSecond(double rowsPerSecond) {
        if (rowsPerSecond < 1000) {
            return String.format(Locale.ROOT, "%.0f rows/s", rowsPerSecond);
        }
        if (rowsPerSecond < 1e6) {
            return String.format(Locale.ROOT, "%.1fk rows/s", rowsPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1fM rows/s", rowsPerSecond / 1e6);
    }

    /** A wall clock for the progress line: {@code 00:07}, {@code 1:02:03}. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** A duration for people: {@code 388 ms}, {@code 4.2 s}, {@code 1m 33s}, {@code 2h 05m}. */
    public static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s / 60 % 60);
    }
}
