package dev.pgclone.coordinator.masking;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskedColumn;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.coordinator.dispatch.MessagePublisher;
import dev.pgclone.coordinator.store.JobStore;
import dev.pgclone.pg.failure.PgFailures;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One masking job's view and events ({@code mask-in-place}, {@code create-masking-policy},
 * {@code drop-masking-policy}): every change is stored and published with the whole job and a new version, as for
 * clones (ADR 1). Phase {@code ACCEPTED} while it runs, {@code DONE} at the end: a masking job has none of a clone's
 * phases. Progress: {@code rowsCopied} is the rows masked so far (cumulative), the table its one active table.
 */
final class MaskingRun {

    private static final Logger LOG = Logger.getLogger(MaskingRun.class);

    private final String id;
    private final String kind;
    private final String target;
    private final JobRequest request;
    private final JobStore store;
    private final MessagePublisher publisher;
    private final String producer;
    private final Duration progressInterval;
    private final Instant submittedAt = Instant.now();
    private final String table;
    private final List<String> warnings = new ArrayList<>();
    private volatile boolean cancelled;
    private String cancelReason;
    private Instant startedAt;
    private Instant finishedAt;
    private JobStatus status = JobStatus.PENDING;
    private Phase phase = Phase.ACCEPTED;
    private long rows;
    private String error;
    private String result;
    private List<MaskedColumn> masking = List.of();
    private long version;
    private long lastProgressNanos;

    MaskingRun(String id, String kind, String target, JobRequest request, String table, JobStore store,
               MessagePublisher publisher, String producer, Duration progressInterval) {
        this.id = id;
        this.kind = kind;
        this.target = target;
        this.request = request;
        this.table = table;
        this.store = store;
        this.publisher = publisher;
        this.producer = producer;
        this.progressInterval = progressInterval;
    }

    String id() {
        return id;
    }

    synchronized JobView view() {
        boolean ended = status.terminal();
        return new JobView(id, kind, status, phase, null, target, request, submittedAt, startedAt, finishedAt,
                new JobProgress(1, status == JobStatus.COMPLETED ? 1 : 0, 0, 0, rows, 0,
                        ended || status == JobStatus.PENDING ? List.of() : List.of(table)),
                List.of(), warnings, error, null, version, masking, result);
    }

    synchronized void accepted() {
        status = JobStatus.RUNNING;
        startedAt = Instant.now();
        publish(h -> new JobEvent.JobAccepted(h, view()));
    }

    synchronized void progressed(long rowsSoFar) {
        rows = rowsSoFar;
        long now = System.nanoTime();
        if (now - lastProgressNanos < progressInterval.toNanos()) {
            return;
        }
        lastProgressNanos = now;
        publish(h -> new JobEvent.JobProgressed(h, view()));
    }

    synchronized void warn(String warning) {
        warnings.add(warning);
    }

    synchronized void completed(String resultText, long rowsMasked, List<MaskedColumn> evidence) {
        rows = rowsMasked;
        result = resultText;
        masking = List.copyOf(evidence);
        end(JobStatus.COMPLETED);
        publish(h -> new JobEvent.JobCompleted(h, view()));
    }

    synchronized void failed(ErrorCode code, String message, boolean retriable, Throwable cause) {
        error = message;
        end(JobStatus.FAILED);
        ErrorInfo info = new ErrorInfo(code, message, retriable, cause == null ? null : PgFailures.sqlState(cause));
        publish(h -> new JobEvent.JobFailed(h, view(), info));
    }

    synchronized void cancelledNow(long rowsMasked) {
        rows = rowsMasked;
        end(JobStatus.CANCELLED);
        publish(h -> new JobEvent.JobCancelled(h, view(), cancelReason));
    }

    void cancel(String reason) {
        synchronized (this) {
            cancelReason = reason;
        }
        cancelled = true;
    }

    boolean cancelRequested() {
        return cancelled;
    }

    private void end(JobStatus ended) {
        status = ended;
        phase = Phase.DONE;
        finishedAt = Instant.now();
    }

    private void publish(Function<MessageHeader, JobEvent> event) {
        version++;
        JobEvent e = event.apply(MessageHeader.create(id, producer));
        try {
            store.save(e.job());
        } catch (SQLException ex) {
            LOG.errorf("could not store job %s: %s", id, PgFailures.describe(ex));
        }
        try {
            publisher.publish(e);
        } catch (RuntimeException ex) {
            LOG.errorf("could not publish a job event of %s: %s", id, ex.getMessage());
        }
    }
}
