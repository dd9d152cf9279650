package dev.pgclone.gateway.job;

import dev.pgclone.contracts.job.JobView;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a request wait for a job to end ({@code ?wait=}). Woken by this instance's job event consumer, and
 * re-reading the store every second so a wait also ends when another gateway instance consumed the event.
 */
@ApplicationScoped
public class JobWatch {

    private final Map<String, Object> monitors = new ConcurrentHashMap<>();
    private final JobStore store;

    public JobWatch(JobStore store) {
        this.store = store;
    }

    /** Called when a newer view of the job was stored. */
    public void changed(String jobId) {
        Object monitor = monitors.get(jobId);
        if (monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /** The job once it has ended, or as it is when the wait runs out. Blocks the calling (worker) thread. */
    public Optional<JobView> awaitEnd(String jobId, Duration wait) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Object monitor = monitors.computeIfAbsent(jobId, k -> new Object());
        try {
            while (true) {
                Optional<JobView> view = store.find(jobId);
                long left = deadline - System.nanoTime();
                if (view.isPresent() && view.get().status().terminal() || left <= 0) {
                    return view;
                }
                synchronized (monitor) {
                    monitor.wait(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 1000)));
                }
            }
        } finally {
            monitors.remove(jobId, monitor);
        }
    }
}
