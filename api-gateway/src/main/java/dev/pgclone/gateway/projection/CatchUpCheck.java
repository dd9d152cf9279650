package dev.pgclone.gateway.projection;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** Not ready until a read model holds every event that was in its topic when the gateway started. */
public class CatchUpCheck implements HealthCheck {

    private final String name;
    private final EventCatchUp catchUp;

    /** @param name the check's name in {@code /q/health/ready}, e.g. {@code Job events catch-up} */
    public CatchUpCheck(String name, EventCatchUp catchUp) {
        this.name = name;
        this.catchUp = catchUp;
    }

    @Override
    public HealthCheckResponse call() {
        EventCatchUp.Status s = catchUp.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(name).status(s.caughtUp())
                .withData("state", s.state())
                .withData("eventsApplied", s.eventsApplied());
        if (!s.caughtUp()) {
            b.withData("reason", "the gateway is reading the " + catchUp.label() + " it missed; " + catchUp.subject()
                    + " reads wait for it");
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
