package dev.pgclone.messaging;

import dev.pgclone.contracts.DeadLetters;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Sends a record a service cannot read to the dead-letter topic, through the channel's {@code dead-letter-queue}
 * failure strategy: nacked with the reason (SmallRye adds the original topic, partition, offset and reason as headers)
 * and with headers naming the service instance and the consumer group; the consumer moves on. Only for records that
 * can never be read: a failure that may pass is retried instead ({@link UntilDone}). Each service produces one,
 * named after its instance ({@code coordinator@host:pid}).
 */
public final class UnreadableRecords {

    private final String service;

    public UnreadableRecords(String service) {
        this.service = service;
    }

    public CompletionStage<Void> deadLetter(Message<String> record, String channel, Throwable reason) {
        String group = ConfigProvider.getConfig()
                .getOptionalValue("mp.messaging.incoming." + channel + ".group.id", String.class).orElse(channel);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.SERVICE, service.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.GROUP, group.getBytes(StandardCharsets.UTF_8));
        return record.nack(reason, Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()));
    }
}
