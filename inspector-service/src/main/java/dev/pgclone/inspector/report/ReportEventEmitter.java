package dev.pgclone.inspector.report;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.event.ReportEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Report events on {@code pgclone.report-events.v1}, keyed by report id (so one report's events stay in order). */
@ApplicationScoped
public class ReportEventEmitter {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<String> events;

    public ReportEventEmitter(@Channel("report-events") MutinyEmitter<String> events) {
        this.events = events;
    }

    /** Sends and waits for the broker's acknowledgement; a failure is thrown to the caller. */
    public void publish(ReportEvent event) {
        events.sendMessage(Message.of(Json.write(event))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.jobId()).build()))
                .await().atMost(SEND_TIMEOUT);
    }
}
