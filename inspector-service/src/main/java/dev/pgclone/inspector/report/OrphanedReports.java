package dev.pgclone.inspector.report;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.inspector.config.Beans;
import dev.pgclone.inspector.config.InspectorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reports whose inspector stopped before they ended are failed with {@code inspector-stopped}: at start-up those this
 * inspector (same host and port) left in an earlier life, at once; and, at start-up and every heartbeat interval
 * after, any inspector's that went unrenewed for three intervals. There is nothing to clean up on the databases:
 * reports only read. Each report is taken over only from the version read, so two inspectors sweeping at once fail
 * it once, and its former runner, should it still be alive, writes nothing more.
 */
@ApplicationScoped
public class OrphanedReports {

    private static final Logger LOG = Logger.getLogger(OrphanedReports.class);

    private final ReportStore store;
    private final ReportEventEmitter emitter;
    private final ReportDispatcher dispatcher;
    private final Beans.Identity identity;
    private final Duration interval;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orphaned-reports");
        t.setDaemon(true);
        return t;
    });

    public OrphanedReports(ReportStore store, ReportEventEmitter emitter, ReportDispatcher dispatcher,
                           Beans.Identity identity, InspectorConfig config) {
        this.store = store;
        this.emitter = emitter;
        this.dispatcher = dispatcher;
        this.identity = identity;
        this.interval = config.inspector().heartbeatInterval();
    }

    void onStart(@Observes StartupEvent event) {
        // In the background: a slow state database does not delay start-up.
        sweeper.execute(() -> sweep(true));
        sweeper.scheduleWithFixedDelay(() -> sweep(false), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
    }

    /** Fails every orphan found; {@code startUp} adds those an earlier run of this inspector left. */
    void sweep(boolean startUp) {
        if (dispatcher.stopping()) {
            return;
        }
        List<ReportStore.Orphan> orphans;
        try {
            orphans = store.orphans(interval.multipliedBy(3), startUp ? identity.name() : null, identity.run());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("could not look for orphaned reports: %s", e.getMessage());
            return;
        }
        for (ReportStore.Orphan orphan : orphans) {
            try {
                fail(orphan);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("report %s: could not fail it as orphaned: %s", orphan.view().id(), e.getMessage());
            }
        }
    }

    private void fail(ReportStore.Orphan orphan) throws SQLException {
        ReportView view = orphan.view();
        String message = "the inspector that ran this report (" + orphan.owner() + ") stopped before it ended; "
                + "nothing was changed anywhere (reports only read): request it again";
        ErrorInfo error = new ErrorInfo(ErrorCode.INSPECTOR_STOPPED, message, true, null);
        ReportView failed = view.failed(error, Instant.now());
        if (!store.takeOver(failed, view.version())) {
            return; // its runner moved on, or another inspector took it first
        }
        LOG.warnf("report %s: %s left %s by %s; failed", view.id(), view.kind(), view.status(), orphan.owner());
        emitter.publish(new ReportEvent.ReportFailed(MessageHeader.create(view.id(), identity.name()), failed, error));
    }
}
