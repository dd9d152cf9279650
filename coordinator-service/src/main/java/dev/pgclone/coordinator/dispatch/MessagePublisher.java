package dev.pgclone.coordinator.dispatch;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.task.Task;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The coordinator's outgoing records: tasks keyed by task id, job events keyed by job id. Waits for acks. */
@ApplicationScoped
public class MessagePublisher {

    private final MutinyEmitter<String> tasks;
    private final MutinyEmitter<String> jobEvents;

    public MessagePublisher(@Channel("tasks") MutinyEmitter<String> tasks,
                            @Channel("job-events") MutinyEmitter<String> jobEvents) {
        this.tasks = tasks;
        this.jobEvents = jobEvents;
    }

    public void publish(Task task) {
        tasks.sendMessageAndAwait(Message.of(Json.write(task))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(task.taskId()).build()));
    }

    public void publish(JobEvent event) {
        jobEvents.sendMessageAndAwait(Message.of(Json.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.jobId()).build()));
    }
}
