package dev.pgclone.gateway.projection;

import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.pg.failure.PgFailures;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How a consumer group feeds a read model, for job and report events alike: an event that cannot be read goes to the
 * dead-letter topic; a store that cannot be written (the state database down) is tried again until it can, so no
 * event is lost or dead-lettered for it. Stopping leaves the record unacknowledged: it is read again after the restart.
 */
@ApplicationScoped
public class ProjectionConsumer {

    private static final Logger LOG = Logger.getLogger(ProjectionConsumer.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final UnreadableRecords unreadable;
    private volatile boolean stopped;

    public ProjectionConsumer(UnreadableRecords unreadable) {
        this.unreadable = unreadable;
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    public CompletionStage<Void> consume(Message<String> record, String channel, VersionedProjection<?> projection) {
        String payload = record.getPayload();
        try {
            projection.parse(payload);
        } catch (MalformedMessageException e) {
            LOG.warnf("unreadable record on %s sent to the dead-letter topic: %s", channel, e.getMessage());
            return unreadable.deadLetter(record, channel, e);
        }
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                projection.apply(List.of(payload));
                return record.ack();
            } catch (SQLException e) {
                if (stopped) {
                    return CompletableFuture.completedFuture(null);
                }
                LOG.warnf("could not store a record of %s (attempt %d, trying again in %d ms): %s", channel, attempt,
                        backoff, PgFailures.describe(e));
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
