package dev.pgclone.gateway.report;

import dev.pgclone.gateway.projection.ProjectionConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps the gateway's report store current from report events (including reports requested straight on Kafka), as a
 * member of the consumer group {@code pgclone-gateway-reports}. What the gateway missed while it was down is read
 * before it reports ready by {@link ReportEventCatchUp}. Unreadable events are dead-lettered, a state database outage
 * waited out ({@link ProjectionConsumer}).
 */
@ApplicationScoped
public class ReportEventConsumer {

    static final String CHANNEL = "report-events";

    private final ReportProjection projection;
    private final ProjectionConsumer consumer;

    public ReportEventConsumer(ReportProjection projection, ProjectionConsumer consumer) {
        this.projection = projection;
        this.consumer = consumer;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onReportEvent(Message<String> record) {
        return consumer.consume(record, CHANNEL, projection);
    }
}
