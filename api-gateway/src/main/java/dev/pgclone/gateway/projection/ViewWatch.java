package dev.pgclone.gateway.projection;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Lets a request wait for a view to end ({@code ?wait=}). Woken by this instance's projection, and re-reading the
 * store every second so a wait also ends when another gateway instance consumed the event.
 *
 * @param <V> the view ({@code JobView}, {@code ReportView})
 */
public class ViewWatch<V> {

    /** Reads a view from the store. */
    @FunctionalInterface
    public interface Finder<V> {
        Optional<V> find(String id) throws SQLException;
    }

    private final Map<String, Object> monitors = new ConcurrentHashMap<>();
    private final Finder<V> store;
    private final Predicate<V> ended;

    public ViewWatch(Finder<V> store, Predicate<V> ended) {
        this.store = store;
        this.ended = ended;
    }

    /** Called when a newer version of the view was stored. */
    public void changed(String id) {
        Object monitor = monitors.get(id);
        if (monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /** The view once it has ended, or as it is when the wait runs out. Blocks the calling (worker) thread. */
    public Optional<V> awaitEnd(String id, Duration wait) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Object monitor = monitors.computeIfAbsent(id, k -> new Object());
        try {
            while (true) {
                Optional<V> view = store.find(id);
                long left = deadline - System.nanoTime();
                if (view.isPresent() && ended.test(view.get()) || left <= 0) {
                    return view;
                }
                synchronized (monitor) {
                    monitor.wait(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 1000)));
                }
            }
        } finally {
            monitors.remove(id, monitor);
        }
    }
}
