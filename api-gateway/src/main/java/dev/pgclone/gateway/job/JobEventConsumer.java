package dev.pgclone.gateway.job;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the gateway's job store current from job events (including jobs submitted straight to Kafka), as a member
 * of the consumer group {@code pgclone-gateway}. What the gateway missed while it was down is read before it reports
 * ready by {@link JobEventCatchUp}.
 */
@ApplicationScoped
public class JobEventConsumer {

    private final JobProjection projection;

    public JobEventConsumer(JobProjection projection) {
        this.projection = projection;
    }

    @Incoming("job-events")
    @Blocking
    public void onJobEvent(String payload) throws SQLException {
        projection.apply(List.of(payload));
    }
}
