package dev.pgclone.gateway.job;

import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.pg.failure.PgFailures;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Keeps the gateway's job store current from job events (including jobs submitted straight to Kafka), as a member
 * of the consumer group {@code pgclone-gateway}. What the gateway missed while it was down is read before it reports
 * ready by {@link JobEventCatchUp}. An event that cannot be read goes to the dead-letter topic; a store that cannot
 * be written (the state database down) is tried again until it can, so no event is lost or dead-lettered for it.
 */
@ApplicationScoped
public class JobEventConsumer {

    static final String CHANNEL = "job-events";
    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final JobProjection projection;
    private final UnreadableRecords unreadable;
    private volatile boolean stopped;

    public JobEventConsumer(JobProjection projection, UnreadableRecords unreadable) {
        this.projection = projection;
        this.unreadable = unreadable;
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onJobEvent(Message<String> record) {
        String payload = record.getPayload();
        try {
            JobProjection.read(payload);
        } catch (MalformedMessageException e) {
            LOG.warnf("unreadable job event sent to the dead-letter topic: %s", e.getMessage());
            return unreadable.deadLetter(record, CHANNEL, e);
        }
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                projection.apply(List.of(payload));
                return record.ack();
            } catch (SQLException e) {
                if (stopped) {
                    return CompletableFuture.completedFuture(null); // unacknowledged: read again after the restart
                }
                LOG.warnf("could not store a job event (attempt %d, trying again in %d ms): %s", attempt, backoff,
                        PgFailures.describe(e));
            }
            try {
                Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.completedFuture(null);
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }
}
