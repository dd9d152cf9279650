package dev.pgclone.gateway.job;

import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.projection.EventCatchUp;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The job store's start-up catch-up on {@code pgclone.job-events.v1} ({@link EventCatchUp}, ADR 9): job reads and the
 * readiness check {@code Job events catch-up} wait for it.
 */
@Singleton
public class JobEventCatchUp extends EventCatchUp {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    public JobEventCatchUp(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                           @ConfigProperty(name = "mp.messaging.incoming.job-events.topic") String topic,
                           @ConfigProperty(name = "mp.messaging.incoming.job-events.group.id") String groupId,
                           GatewayConfig config, JobProjection projection) {
        this(kafka, topic, groupId, config.gateway().catchUpRetryBackoff(), KAFKA_TIMEOUT, projection);
    }

    JobEventCatchUp(Map<String, Object> kafka, String topic, String groupId, Duration firstBackoff,
                    Duration kafkaTimeout, JobProjection projection) {
        super("job events", "job", kafka, topic, groupId, firstBackoff, kafkaTimeout, projection);
    }

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        start(); // after the stores have created their tables (default observer priority)
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }
}
