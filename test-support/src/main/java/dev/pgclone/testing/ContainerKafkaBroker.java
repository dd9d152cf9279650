package dev.pgclone.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.kafka.KafkaContainer;

/** The Docker path's broker: {@code apache/kafka} through Testcontainers, published on a fixed host port. */
final class ContainerKafkaBroker implements KafkaBroker, RemovableContainer {

    private static final int KAFKA_PORT = 9092;
    private final KafkaContainer container;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    static ContainerKafkaBroker start(String image) {
        KafkaContainer container = new KafkaContainer(image)
                .withEnv("TZ", LocalPostgresCluster.TIME_ZONE)
                .withEnv("KAFKA_NUM_PARTITIONS", "4")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "5");
        ContainerBackends.publishOnFixedPort(container, KAFKA_PORT);
        container.start();
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void stop() {
        ContainerBackends.stopKeepingData(container);
    }

    /** Restarts the container; its start script and advertised port are unchanged, so waiting for metadata suffices. */
    @Override
    public void start() {
        ContainerBackends.restart(container);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        while (true) {
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka container did not come back on " + bootstrapServers(), e);
                }
            }
        }
    }

    @Override
    public void remove() {
        container.stop();
    }
}
