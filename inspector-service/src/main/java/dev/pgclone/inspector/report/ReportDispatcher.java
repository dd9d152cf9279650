package dev.pgclone.inspector.report;

import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.inspector.config.Beans;
import dev.pgclone.inspector.config.InspectorConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs accepted reports on a pool of {@code pgclone.inspector.concurrency} threads; more wait in its queue (PENDING),
 * so the command consumer never waits for a report. Renews the reports it holds every heartbeat interval. When the
 * inspector stops, running reports are interrupted and queued ones abandoned, each failed with
 * {@code inspector-stopped}.
 */
@ApplicationScoped
public class ReportDispatcher {

    private static final Logger LOG = Logger.getLogger(ReportDispatcher.class);

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService progress;
    private final ScheduledExecutorService heartbeat;
    private final Map<String, ReportRun> live = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final ReportRun.Context ctx;
    private final ReportStore store;
    private final String ownerRun;
    private final int concurrency;
    private volatile boolean stopping;

    public ReportDispatcher(ReportStore store, ReportEventEmitter emitter, InspectorConfig config,
                            Beans.Identity identity) {
        this.store = store;
        this.ownerRun = identity.run();
        this.concurrency = config.inspector().concurrency();
        pool = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemon("report-"));
        progress = Executors.newSingleThreadScheduledExecutor(daemon("report-progress-"));
        heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("report-heartbeat-"));
        ctx = new ReportRun.Context(store, emitter, progress, config.inspector().progressInterval(), identity.name(),
                ownerRun);
        long every = config.inspector().heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Queues an accepted report (already stored and announced); returns at once. */
    public void submit(ReportView accepted, ReportRequest request, ReportHandler handler) {
        ReportRun run = new ReportRun(ctx, accepted, request, handler);
        live.put(run.id(), run);
        try {
            run.attach(pool.submit(() -> execute(run)));
        } catch (RejectedExecutionException e) {
            live.remove(run.id());
            run.abandon();
        }
    }

    private void execute(ReportRun run) {
        running.incrementAndGet();
        try {
            if (stopping) {
                run.abandon();
            } else {
                run.execute();
            }
        } finally {
            running.decrementAndGet();
            live.remove(run.id());
        }
    }

    /** Whether this inspector holds the report (queued or running). */
    public boolean holds(String id) {
        return live.containsKey(id);
    }

    public int running() {
        return running.get();
    }

    public int queued() {
        return pool.getQueue().size();
    }

    public int concurrency() {
        return concurrency;
    }

    public boolean stopping() {
        return stopping;
    }

    private void renew() {
        if (stopping || live.isEmpty()) {
            return;
        }
        try {
            store.renew(List.copyOf(live.keySet()), ownerRun);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("could not renew %d report(s) in the state database: %s", live.size(), e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        heartbeat.shutdownNow();
        pool.shutdownNow(); // interrupts the running handlers; the queued ones never start
        live.values().forEach(ReportRun::stop);
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warnf("%d report(s) did not stop in time; the next inspector fails them", running.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ReportRun run : live.values()) {
            if (!run.isOver()) {
                run.abandon(); // queued, or a handler deaf to interrupts
            }
        }
        progress.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
