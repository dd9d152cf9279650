package dev.pgclone.gateway.projection;

import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells a start-up catch-up when the consumer group has given this gateway its share of the topic (channel setting
 * {@code consumer-rebalance-listener.name}). Runs on the consumer's polling thread: it only sets a flag. SmallRye
 * still runs its own commit handling around it.
 */
public class GroupPartitionsListener implements KafkaConsumerRebalanceListener {

    private final EventCatchUp catchUp;

    public GroupPartitionsListener(EventCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        catchUp.groupHasPartitions();
    }
}
