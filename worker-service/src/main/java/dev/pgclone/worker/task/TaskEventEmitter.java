package dev.pgclone.worker.task;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Message;
import dev.pgclone.contracts.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes task events keyed by job id, and unreadable task records to the dead-letter topic. */
@ApplicationScoped
public class TaskEventEmitter {

    private final MutinyEmitter<String> events;
    private final MutinyEmitter<String> deadLetters;

    public TaskEventEmitter(@Channel("task-events") MutinyEmitter<String> events,
                            @Channel("dead-letter") MutinyEmitter<String> deadLetters) {
        this.events = events;
        this.deadLetters = deadLetters;
    }

    /** Returns once the broker has the event: a task is acknowledged only after its outcome is out. */
    public void send(Message event) {
        events.sendMessageAndAwait(org.eclipse.microprofile.reactive.messaging.Message.of(Json.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.jobId()).build()));
    }

    /** Parks a task record nobody can read, with the reason in a header; the payload is passed on unchanged. */
    public void deadLetter(String payload, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("pgclone-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("pgclone-source-topic", Topics.TASKS.getBytes(StandardCharsets.UTF_8));
        deadLetters.sendMessageAndAwait(org.eclipse.microprofile.reactive.messaging.Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()));
    }
}
