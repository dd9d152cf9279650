package dev.pgclone.coordinator.command;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.coordinator.job.JobService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Hands worker events to their jobs (each job orders its own events on its own thread). */
@ApplicationScoped
public class TaskEventConsumer {

    private static final Logger LOG = Logger.getLogger(TaskEventConsumer.class);

    private final JobService jobs;

    public TaskEventConsumer(JobService jobs) {
        this.jobs = jobs;
    }

    @Incoming("task-events")
    public void onTaskEvent(String payload) {
        try {
            jobs.onTaskEvent(Json.read(payload, TaskEvent.class));
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring an unreadable task event: %s", e.getMessage());
        }
    }
}
