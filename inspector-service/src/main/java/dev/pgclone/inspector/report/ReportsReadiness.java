package dev.pgclone.inspector.report;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the dispatcher takes reports (Kafka and the state database have checks of their own), with what it
 * serves and holds.
 */
@Readiness
@ApplicationScoped
public class ReportsReadiness implements HealthCheck {

    private final ReportDispatcher dispatcher;
    private final ReportHandlers handlers;

    public ReportsReadiness(ReportDispatcher dispatcher, ReportHandlers handlers) {
        this.dispatcher = dispatcher;
        this.handlers = handlers;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Report dispatcher").status(!dispatcher.stopping())
                .withData("kinds", String.join(", ", handlers.kinds()))
                .withData("concurrency", dispatcher.concurrency())
                .withData("running", dispatcher.running())
                .withData("queued", dispatcher.queued())
                .build();
    }
}
