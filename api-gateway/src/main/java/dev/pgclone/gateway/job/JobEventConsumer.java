package dev.pgclone.gateway.job;

import dev.pgclone.gateway.projection.ProjectionConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps the gateway's job store current from job events (including jobs submitted straight to Kafka), as a member
 * of the consumer group {@code pgclone-gateway}. What the gateway missed while it was down is read before it reports
 * ready by {@link JobEventCatchUp}. Unreadable events are dead-lettered, a state database outage waited out
 * ({@link ProjectionConsumer}).
 */
@ApplicationScoped
public class JobEventConsumer {

    static final String CHANNEL = "job-events";

    private final JobProjection projection;
    private final ProjectionConsumer consumer;

    public JobEventConsumer(JobProjection projection, ProjectionConsumer consumer) {
        this.projection = projection;
        this.consumer = consumer;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onJobEvent(Message<String> record) {
        return consumer.consume(record, CHANNEL, projection);
    }
}
