package dev.pgclone.gateway.report;

import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.projection.EventCatchUp;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The report store's start-up catch-up on {@code pgclone.report-events.v1} ({@link EventCatchUp}, the mechanism of
 * ADR 9): report reads and the readiness check {@code Report events catch-up} wait for it.
 */
@Singleton
public class ReportEventCatchUp extends EventCatchUp {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    public ReportEventCatchUp(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                              @ConfigProperty(name = "mp.messaging.incoming.report-events.topic") String topic,
                              @ConfigProperty(name = "mp.messaging.incoming.report-events.group.id") String groupId,
                              GatewayConfig config, ReportProjection projection) {
        super("report events", "report", kafka, topic, groupId, config.gateway().catchUpRetryBackoff(), KAFKA_TIMEOUT,
                projection);
    }

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        start(); // after the stores have created their tables (default observer priority)
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }
}
