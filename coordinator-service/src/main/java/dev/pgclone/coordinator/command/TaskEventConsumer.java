package dev.pgclone.coordinator.command;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.coordinator.job.JobService;
import dev.pgclone.messaging.UnreadableRecords;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Hands worker events to their jobs (each job orders its own events on its own thread). An event that cannot be read
 * goes to the dead-letter topic.
 */
@ApplicationScoped
public class TaskEventConsumer {

    static final String CHANNEL = "task-events";
    private static final Logger LOG = Logger.getLogger(TaskEventConsumer.class);

    private final JobService jobs;
    private final UnreadableRecords unreadable;

    public TaskEventConsumer(JobService jobs, UnreadableRecords unreadable) {
        this.jobs = jobs;
        this.unreadable = unreadable;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onTaskEvent(Message<String> record) {
        TaskEvent event;
        try {
            event = Json.read(record.getPayload(), TaskEvent.class);
        } catch (MalformedMessageException e) {
            LOG.warnf("unreadable task event sent to the dead-letter topic: %s", e.getMessage());
            return unreadable.deadLetter(record, CHANNEL, e);
        }
        try {
            jobs.onTaskEvent(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "task event of job %s could not be handled; sent to the dead-letter topic", event.jobId());
            return unreadable.deadLetter(record, CHANNEL, e);
        }
        return record.ack();
    }
}
