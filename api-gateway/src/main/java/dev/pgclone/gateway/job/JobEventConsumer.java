package dev.pgclone.gateway.job;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.event.JobEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Keeps the gateway's job store current from job events (including jobs submitted straight to Kafka). */
@ApplicationScoped
public class JobEventConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

    private final JobStore store;
    private final JobWatch watch;

    public JobEventConsumer(JobStore store, JobWatch watch) {
        this.store = store;
        this.watch = watch;
    }

    @Incoming("job-events")
    @Blocking
    public void onJobEvent(String payload) throws SQLException {
        JobEvent event;
        try {
            event = Json.read(payload, JobEvent.class);
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring an unreadable job event: %s", e.getMessage());
            return;
        }
        if (event.job() == null || event.job().id() == null || event.job().status() == null) {
            LOG.warnf("ignoring a job event without a job");
            return;
        }
        store.upsert(event.job());
        watch.changed(event.jobId());
    }
}
