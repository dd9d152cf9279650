package dev.pgclone.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Copy rate over a sliding window of recent samples (the counters are cumulative, so a rate is the difference
 * between the oldest and newest sample in the window). A counter going backwards (a retried task) restarts it.
 */
public final class RateMeter {

    private record Sample(Instant at, long bytes, long rows) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RateMeter(Duration window) {
        this.window = window;
    }

    public void add(Instant at, long bytes, long rows) {
        Sample last = samples.peekLast();
        if (last != null && (bytes < last.bytes || rows < last.rows || at.isBefore(last.at))) {
            samples.clear();
        }
        samples.addLast(new Sample(at, bytes, rows));
        // keep one sample older than the window so the rate spans the whole window
        while (samples.size() > 2 && Duration.between(secondOldest(), at).compareTo(window) >= 0) {
            samples.removeFirst();
        }
    }

    /** Bytes per second over the window, or -1 while it cannot be told (fewer than two samples). */
    public double bytesPerSecond() {
        return rate(true);
    }

    /** Rows per second over the window, or -1 while it cannot be told. */
    public double rowsPerSecond() {
        return rate(false);
    }

    private double rate(boolean bytes) {
        if (samples.size() < 2) {
            return -1;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        double seconds = Duration.between(first.at, last.at).toMillis() / 1000.0;
        if (seconds <= 0) {
            return -1;
        }
        return ((bytes ? last.bytes - first.bytes : last.rows - first.rows)) / seconds;
    }

    private Instant secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next().at;
    }
}
