package dev.pgclone.gateway.projection;

import dev.pgclone.contracts.DeadLetters;
import dev.pgclone.gateway.config.Beans;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Sends a record this gateway cannot read to the dead-letter topic, through the channel's {@code dead-letter-queue}
 * failure strategy: nacked with the reason (SmallRye adds the original topic, partition, offset and reason as headers)
 * and with headers naming this gateway and the consumer group; the consumer moves on.
 */
@ApplicationScoped
public class UnreadableRecords {

    private final String service;

    public UnreadableRecords(Beans.Identity identity) {
        this.service = identity.name();
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
