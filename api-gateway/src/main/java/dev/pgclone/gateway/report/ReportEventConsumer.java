package dev.pgclone.gateway.report;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the gateway's report store current from report events (including reports requested straight on Kafka), as a
 * member of the consumer group {@code pgclone-gateway-reports}. What the gateway missed while it was down is read
 * before it reports ready by {@link ReportEventCatchUp}. Unreadable events are skipped by the projection; a state
 * database that stays away longer than a minute sends the event to the dead-letter topic rather than stopping the
 * channel.
 */
@ApplicationScoped
public class ReportEventConsumer {

    private static final Logger LOG = Logger.getLogger(ReportEventConsumer.class);
    private static final Duration STATE_DATABASE_PATIENCE = Duration.ofMinutes(1);

    private final ReportProjection projection;

    public ReportEventConsumer(ReportProjection projection) {
        this.projection = projection;
    }

    @Incoming("report-events")
    @Blocking
    public void onReportEvent(String payload) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + STATE_DATABASE_PATIENCE.toNanos();
        long backoff = 250;
        while (true) {
            try {
                projection.apply(List.of(payload));
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warnf("report event not stored yet, the state database is unavailable (%s); trying again in %d ms",
                        e.getMessage(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }
}
