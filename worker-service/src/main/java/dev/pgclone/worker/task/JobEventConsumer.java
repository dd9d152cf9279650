package dev.pgclone.worker.task;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.event.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Listens to job events (every worker instance sees all of them) to stop work of jobs that ended. */
@ApplicationScoped
public class JobEventConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

    private final EndedJobs endedJobs;

    public JobEventConsumer(EndedJobs endedJobs) {
        this.endedJobs = endedJobs;
    }

    @Incoming("job-events")
    public void onJobEvent(String payload) {
        try {
            JobEvent event = Json.read(payload, JobEvent.class);
            if (event.job() != null && event.job().status() != null && event.job().status().terminal()) {
                endedJobs.markEnded(event.jobId());
            }
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring an unreadable job event: %s", e.getMessage());
        }
    }
}
