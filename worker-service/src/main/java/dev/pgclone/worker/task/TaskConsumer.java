package dev.pgclone.worker.task;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.task.CopyLargeObjectsTask;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.mask.MaskKey;
import dev.pgclone.worker.config.WorkerConfig;
import dev.pgclone.worker.config.WorkerIdentity;
import dev.pgclone.pg.copy.CopyCancelledException;
import dev.pgclone.pg.copy.CopyOutcome;
import dev.pgclone.worker.copy.LargeObjectCopier;
import dev.pgclone.pg.copy.TableCopier;
import dev.pgclone.messaging.UnreadableRecords;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Consumes copy tasks. Several run at once (the {@code copy-pool} worker pool); the record is acknowledged only
 * after the task's outcome event is on the broker, so a worker that dies mid-task leaves the record to be
 * redelivered, and the target's completion records make the redelivery harmless. A record that is not a task goes
 * to the dead-letter topic.
 */
@ApplicationScoped
public class TaskConsumer {

    static final String CHANNEL = "tasks";
    private static final Logger LOG = Logger.getLogger(TaskConsumer.class);

    private final TaskEventEmitter emitter;
    private final SecretSealer sealer;
    private final EndedJobs endedJobs;
    private final WorkerIdentity identity;
    private final TableCopier copier;
    private final LargeObjectCopier largeObjects;
    private final UnreadableRecords unreadable;

    public TaskConsumer(TaskEventEmitter emitter, SecretSealer sealer, EndedJobs endedJobs, WorkerIdentity identity,
                        PgConnector connector, WorkerConfig config, UnreadableRecords unreadable) {
        this.emitter = emitter;
        this.unreadable = unreadable;
        this.sealer = sealer;
        this.endedJobs = endedJobs;
        this.identity = identity;
        MaskKey maskKey = config.masking().key().map(MaskKey::of).orElse(null);
        this.copier = new TableCopier(connector, config.worker().progressInterval(), maskKey);
        if (maskKey != null) {
            LOG.infof("keyed_hash masks use the key with id %s", maskKey.id());
        }
        this.largeObjects = new LargeObjectCopier(connector, config.worker().progressInterval());
    }

    @Incoming(CHANNEL)
    @Blocking(value = "copy-pool", ordered = false)
    public CompletionStage<Void> onTask(Message<String> record) {
        Task task;
        try {
            task = Json.read(record.getPayload(), Task.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("unreadable task record sent to the dead-letter topic: %s", e.getMessage());
            return unreadable.deadLetter(record, CHANNEL, e);
        }
        MDC.put("jobId", task.jobId());
        MDC.put("taskId", task.taskId());
        MDC.put("attempt", String.valueOf(task.attempt()));
        MDC.put("worker", identity.id());
        try {
            if (task instanceof CopyTableTask copy) {
                MDC.put("table", copy.copy().source().toString());
                run(copy, copy.copy().source() + " -> " + task.describe(), copy.source(), copy.target(),
                        (src, tgt, progress, cancelled) -> copier.copy(copy, src, tgt, progress, cancelled));
            } else if (task instanceof CopyLargeObjectsTask batch) {
                run(batch, task.describe(), batch.source(), batch.target(),
                        (src, tgt, progress, cancelled) -> largeObjects.copy(batch, src, tgt, progress, cancelled));
            }
        } catch (TaskEventEmitter.Stopping e) {
            LOG.infof("stopping before the outcome of task %s was published: it will be delivered again", task.taskId());
            return CompletableFuture.completedFuture(null); // not acknowledged
        } catch (RuntimeException e) {
            LOG.errorf(e, "task %s could not be handled; sent to the dead-letter topic", task.taskId());
            return unreadable.deadLetter(record, CHANNEL, e);
        } finally {
            MDC.clear();
        }
        return record.ack();
    }

    /** One kind of copy, given opened connections' conninfos. */
    @FunctionalInterface
    private interface Work {
        CopyOutcome run(Conninfo source, Conninfo target, dev.pgclone.pg.copy.CopyProgress progress,
                        java.util.function.BooleanSupplier cancelled) throws Exception;
    }

    private void run(Task task, String what, dev.pgclone.contracts.connection.ConnectionSpec sourceSpec,
                     dev.pgclone.contracts.connection.ConnectionSpec targetSpec, Work work) {
        if (endedJobs.hasEnded(task.jobId())) {
            LOG.infof("skipping task of ended job %s", task.jobId());
            return;
        }
        long started = System.currentTimeMillis();
        emitter.send(new TaskEvent.TaskStarted(header(task), task.taskId(), task.attempt(), identity.id()));
        LOG.infof("copying %s", what);
        try {
            Conninfo source = sealer.open(sourceSpec);
            Conninfo target = sealer.open(targetSpec);
            CopyOutcome outcome = work.run(source, target,
                    (rows, bytes) -> emitter.sendProgress(new TaskEvent.TaskProgressed(header(task), task.taskId(),
                            task.attempt(), identity.id(), rows, bytes)),
                    () -> endedJobs.hasEnded(task.jobId()));
            long duration = System.currentTimeMillis() - started;
            LOG.infof("copied %d rows (%d bytes) in %d ms%s", outcome.rows(), outcome.bytes(), duration,
                    outcome.alreadyApplied() ? " (already applied earlier)" : "");
            emitter.send(new TaskEvent.TaskCompleted(header(task), task.taskId(), task.attempt(), identity.id(),
                    outcome.rows(), outcome.bytes(), duration, outcome.alreadyApplied()));
        } catch (CopyCancelledException e) {
            LOG.info(e.getMessage());
            emitter.send(failed(task, new ErrorInfo(ErrorCode.JOB_ENDED, e.getMessage(), false, null)));
        } catch (InvalidConninfoException e) {
            emitter.send(failed(task, new ErrorInfo(ErrorCode.INVALID_CONNECTION, e.getMessage(), false, null)));
        } catch (Exception e) {
            CloneFailure failure = CloneFailure.of(ErrorCode.COPY_FAILED, PgFailures.describe(e), e);
            LOG.warnf("copy of %s failed (%s): %s", what, failure.retriable() ? "retriable" : "fatal", failure.getMessage());
            emitter.send(failed(task, failure.toErrorInfo()));
        }
    }

    private TaskEvent.TaskFailed failed(Task task, ErrorInfo error) {
        return new TaskEvent.TaskFailed(header(task), task.taskId(), task.attempt(), identity.id(), error);
    }

    private MessageHeader header(Task task) {
        return MessageHeader.create(task.jobId(), identity.id());
    }
}
