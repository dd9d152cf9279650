package dev.pgclone.inspector.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.contracts.report.ReportStatus;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.pg.failure.CloneFailure;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One accepted report, from PENDING to its end. Every change is written to the store (conditional on this run still
 * owning the report) and then published whole, one version up. The handler's progress arrives through
 * {@link #update} from any of its threads; it is published at most once per progress interval (the newest values,
 * cumulative), from the progress scheduler, never from the handler's thread.
 */
final class ReportRun implements ReportProgressSink {

    private static final Logger LOG = Logger.getLogger(ReportRun.class);
    /** How long an ended report's last write may wait for the state database to come back. */
    private static final Duration TERMINAL_WRITE_PATIENCE = Duration.ofSeconds(30);

    /** What a run needs from the inspector around it. */
    record Context(ReportStore store, ReportEventEmitter emitter, ScheduledExecutorService progressScheduler,
                   Duration progressInterval, String producer, String ownerRun) {
    }

    private final Context ctx;
    private final ReportRequest request;
    private final ReportHandler handler;

    private ReportView view;
    private ReportProgress latest;
    private long lastProgressAt;
    private boolean flushScheduled;
    private boolean over;
    private volatile boolean stopping;
    private volatile Future<?> future;

    ReportRun(Context ctx, ReportView accepted, ReportRequest request, ReportHandler handler) {
        this.ctx = ctx;
        this.view = accepted;
        this.request = request;
        this.handler = handler;
    }

    String id() {
        return request.id();
    }

    synchronized ReportView view() {
        return view;
    }

    void attach(Future<?> running) {
        this.future = running;
    }

    /** Runs the handler on the calling (dispatcher) thread and publishes how it ended. */
    void execute() {
        MDC.put("reportId", request.id());
        try {
            if (!transition(v -> v.running(Instant.now()), ReportEvent.ReportProgressed::new)) {
                return;
            }
            synchronized (this) {
                lastProgressAt = System.nanoTime();
            }
            LOG.infof("report %s: %s started (schema %s)", request.id(), request.kind(),
                    request.schema() == null ? "every user schema" : request.schema());
            long t0 = System.nanoTime();
            DetailedReportHandler.Output output;
            try {
                output = handler instanceof DetailedReportHandler detailed ? detailed.runDetailed(request, this)
                        : new DetailedReportHandler.Output(handler.run(request, this), null);
            } catch (Exception | Error e) {
                if (!isOver()) {
                    fail(failureOf(e));
                }
                return;
            }
            if (output == null || output.result() == null) {
                LOG.errorf("report %s: the %s handler returned no result", request.id(), request.kind());
                fail(internalError());
                return;
            }
            complete(output, Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            MDC.remove("reportId");
        }
    }

    /** The inspector is stopping: a report that has not ended fails, saying so. */
    void stop() {
        stopping = true;
        Future<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
    }

    /** The dispatcher never started it (stopped first): fail it here. */
    void abandon() {
        stopping = true;
        fail(stoppedError());
    }

    synchronized boolean isOver() {
        return over;
    }

    @Override
    public void update(ReportProgress progress) {
        if (progress == null) {
            return;
        }
        synchronized (this) {
            latest = progress;
            if (over || flushScheduled || view.status() != ReportStatus.RUNNING) {
                return;
            }
            long due = lastProgressAt + ctx.progressInterval().toNanos() - System.nanoTime();
            flushScheduled = true;
            try {
                ctx.progressScheduler().schedule(this::flush, Math.max(0, due), TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                flushScheduled = false; // the scheduler is shutting down: the end carries the progress
            }
        }
    }

    private synchronized void flush() {
        flushScheduled = false;
        if (over || latest == null || latest.equals(view.progress())) {
            return;
        }
        ReportProgress p = latest;
        lastProgressAt = System.nanoTime();
        transition(v -> v.progressed(p), ReportEvent.ReportProgressed::new);
    }

    private void complete(DetailedReportHandler.Output output, Duration took) {
        synchronized (this) {
            if (over) {
                return;
            }
            ReportProgress p = latest;
            try {
                end(v -> withLatest(v, p).completed(output.result(), output.details(), Instant.now()),
                        ReportEvent.ReportCompleted::new);
                LOG.infof("report %s: %s completed in %d ms", request.id(), request.kind(), took.toMillis());
            } catch (RecordTooLargeException e) {
                int bytes = Json.write(output).length();
                LOG.errorf("report %s: the result (%d bytes) is larger than Kafka accepts", request.id(), bytes);
                over = false;
                fail(new ErrorInfo(ErrorCode.REPORT_FAILED, "the " + request.kind().json() + " report's result ("
                        + bytes + " bytes) is larger than Kafka accepts in one event; ask for a narrower report "
                        + "(one schema)", false, null));
            }
        }
    }

    private void fail(ErrorInfo error) {
        synchronized (this) {
            if (over) {
                return;
            }
            ReportProgress p = latest;
            try {
                end(v -> withLatest(v, p).failed(error, Instant.now()),
                        (h, v) -> new ReportEvent.ReportFailed(h, v, error));
            } catch (RecordTooLargeException impossible) {
                LOG.errorf("report %s: the failure could not be published", request.id());
            }
            LOG.warnf("report %s: %s failed (%s): %s", request.id(), request.kind(), error.code(), error.message());
        }
    }

    /** How a handler's exception is told: a typed failure as it is; anything else as an internal error (logged). */
    private ErrorInfo failureOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CloneFailure failure) {
                return failure.toErrorInfo();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (stopping) {
            return stoppedError();
        }
        LOG.errorf(LoggedFailure.of(e, request), "report %s: the %s handler failed", request.id(), request.kind());
        return internalError();
    }

    private ErrorInfo internalError() {
        return new ErrorInfo(ErrorCode.REPORT_FAILED, "the " + request.kind().json() + " report could not be computed"
                + " because of an unexpected error in the inspector; its log has the details (report " + request.id()
                + ")", false, null);
    }

    private static ErrorInfo stoppedError() {
        return new ErrorInfo(ErrorCode.INSPECTOR_STOPPED, "the inspector stopped before this report ended; nothing "
                + "was changed anywhere (reports only read): request it again", true, null);
    }

    private static ReportView withLatest(ReportView v, ReportProgress p) {
        return p == null || p.equals(v.progress()) ? v : v.progressed(p);
    }

    /**
     * The last change: written with patience (the state database may be briefly away), then published whatever
     * happened, so the world learns the outcome.
     */
    private void end(UnaryOperator<ReportView> step, BiFunction<MessageHeader, ReportView, ReportEvent> event) {
        // A stopping inspector interrupts its runs: the end must still be written and published.
        boolean interrupted = Thread.interrupted();
        try {
            endUninterrupted(step, event);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void endUninterrupted(UnaryOperator<ReportView> step,
                                  BiFunction<MessageHeader, ReportView, ReportEvent> event) {
        ReportView next = step.apply(view);
        long deadline = System.nanoTime() + TERMINAL_WRITE_PATIENCE.toNanos();
        long backoff = 250;
        while (true) {
            try {
                if (!ctx.store().update(next, view.version(), ctx.ownerRun())) {
                    lost();
                    return;
                }
                break;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    LOG.errorf("report %s: could not record its end (%s); publishing it anyway", request.id(),
                            e.getMessage());
                    break;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 4000);
            }
        }
        over = true;
        view = next;
        publish(event.apply(MessageHeader.create(request.id(), ctx.producer()), next), true);
    }

    /** A change while running: skipped (not published) when the state database cannot record it. */
    private synchronized boolean transition(UnaryOperator<ReportView> step,
                                            BiFunction<MessageHeader, ReportView, ReportEvent> event) {
        if (over) {
            return false;
        }
        ReportView next = step.apply(view);
        try {
            if (!ctx.store().update(next, view.version(), ctx.ownerRun())) {
                lost();
                return false;
            }
        } catch (SQLException e) {
            LOG.warnf("report %s: could not record a change (%s); it is not published", request.id(), e.getMessage());
            return next.status() == view.status();
        }
        view = next;
        publish(event.apply(MessageHeader.create(request.id(), ctx.producer()), next), false);
        return true;
    }

    private void publish(ReportEvent event, boolean last) {
        try {
            ctx.emitter().publish(event);
        } catch (RuntimeException e) {
            if (last && causedBy(e, RecordTooLargeException.class)) {
                throw new RecordTooLargeException(e.getMessage());
            }
            LOG.errorf("report %s: could not publish %s version %d: %s", request.id(),
                    event.getClass().getSimpleName(), event.report().version(), e.getMessage());
        }
    }

    /** Another inspector failed this report as orphaned (this one looked gone): stop without a word. */
    private void lost() {
        over = true;
        LOG.warnf("report %s: taken over by another inspector (it found this one gone); this run stops", request.id());
        Future<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.interrupted(); // ends are written even when stopping; the caller restores the flag
        }
    }
}
