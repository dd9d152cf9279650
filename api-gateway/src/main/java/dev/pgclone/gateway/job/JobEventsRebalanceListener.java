package dev.pgclone.gateway.job;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells the start-up catch-up when the consumer group has given this gateway its share of the job-events topic
 * (channel setting {@code consumer-rebalance-listener.name}). Runs on the consumer's polling thread: it only sets a
 * flag. SmallRye still runs its own commit handling around it.
 */
@ApplicationScoped
@Identifier(JobEventsRebalanceListener.NAME)
public class JobEventsRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "job-events-rebalance";

    private final JobEventCatchUp catchUp;

    public JobEventsRebalanceListener(JobEventCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        catchUp.groupHasPartitions();
    }
}
