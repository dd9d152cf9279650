package dev.pgclone.gateway.projection;

import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.messaging.UnreadableRecords;
import dev.pgclone.messaging.UntilDone;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How a consumer group feeds a read model, for job and report events alike: an event that cannot be read goes to the
 * dead-letter topic; a store that cannot be written for a reason that may pass (the state database down) is tried
 * again until it can ({@link UntilDone}), so no event is lost or dead-lettered for it. Stopping leaves the record
 * unacknowledged: it is read again after the restart.
 */
@ApplicationScoped
public class ProjectionConsumer {

    private static final Logger LOG = Logger.getLogger(ProjectionConsumer.class);

    private final UnreadableRecords unreadable;
    private final UntilDone untilDone = new UntilDone(LOG);

    public ProjectionConsumer(UnreadableRecords unreadable) {
        this.unreadable = unreadable;
    }

    void stop(@Observes ShutdownEvent event) {
        untilDone.stop();
    }

    public CompletionStage<Void> consume(Message<String> record, String channel, VersionedProjection<?> projection) {
        String payload = record.getPayload();
        try {
            projection.parse(payload);
        } catch (MalformedMessageException e) {
            LOG.warnf("unreadable record on %s sent to the dead-letter topic: %s", channel, e.getMessage());
            return unreadable.deadLetter(record, channel, e);
        }
        try {
            untilDone.run("storing a record of " + channel, () -> projection.apply(List.of(payload)));
        } catch (UntilDone.Stopped stopped) {
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            LOG.errorf("a record of %s could not be stored; sent to the dead-letter topic: %s", channel, e.getMessage());
            return unreadable.deadLetter(record, channel, e);
        }
        return record.ack();
    }
}
