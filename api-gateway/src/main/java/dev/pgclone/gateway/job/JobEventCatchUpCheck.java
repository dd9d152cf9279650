package dev.pgclone.gateway.job;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the job store holds every job event that was in the topic when the gateway started. */
@Readiness
@ApplicationScoped
public class JobEventCatchUpCheck implements HealthCheck {

    private final JobEventCatchUp catchUp;

    public JobEventCatchUpCheck(JobEventCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public HealthCheckResponse call() {
        JobEventCatchUp.Status s = catchUp.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("Job events catch-up").status(s.caughtUp())
                .withData("state", s.state())
                .withData("eventsApplied", s.eventsApplied());
        if (!s.caughtUp()) {
            b.withData("reason", "the gateway is reading the job events it missed; job reads wait for it");
            b.withData("attempts", s.attempts());
            if (s.eventsLeft() >= 0) {
                b.withData("eventsLeft", s.eventsLeft());
            }
        } else {
            b.withData("tookMs", s.tookMs());
        }
        if (s.reason() != null) {
            b.withData(s.caughtUp() ? "note" : "lastError", s.reason());
        }
        return b.build();
    }
}
