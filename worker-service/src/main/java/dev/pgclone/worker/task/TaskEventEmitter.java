package dev.pgclone.worker.task;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes task events keyed by job id. An outcome is sent until the broker has it (a broker that is down for a
 * while delays the task's acknowledgement, it never loses the outcome); progress is best effort.
 */
@ApplicationScoped
public class TaskEventEmitter {

    /** The worker is stopping before the event was sent: the task stays unacknowledged and is delivered again. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("the worker is stopping", null, false, false);
        }
    }

    private static final Logger LOG = Logger.getLogger(TaskEventEmitter.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final MutinyEmitter<String> events;
    private volatile boolean stopping;

    public TaskEventEmitter(@Channel("task-events") MutinyEmitter<String> events) {
        this.events = events;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Returns once the broker has the event (a task is acknowledged only after its outcome is out), trying again with
     * a doubling, jittered backoff while the broker cannot take it.
     *
     * @throws Stopping when the worker stops first
     */
    public void send(Message event) {
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                sendOnce(event);
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw new Stopping();
                }
                LOG.warnf("could not publish a %s event (attempt %d, trying again in %d ms): %s",
                        event.getClass().getSimpleName(), attempt, backoff, e.getMessage());
            }
            try {
                Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopping();
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** A progress report: the next one supersedes it, so a failure is only logged. */
    public void sendProgress(Message event) {
        try {
            sendOnce(event);
        } catch (RuntimeException e) {
            LOG.debugf("progress event not published: %s", e.getMessage());
        }
    }

    private void sendOnce(Message event) {
        events.sendMessageAndAwait(org.eclipse.microprofile.reactive.messaging.Message.of(Json.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.jobId()).build()));
    }
}
