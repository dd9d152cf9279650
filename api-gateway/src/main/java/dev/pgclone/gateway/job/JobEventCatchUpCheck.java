package dev.pgclone.gateway.job;

import dev.pgclone.gateway.projection.CatchUpCheck;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the job store holds every job event that was in the topic when the gateway started. */
@Readiness
@Singleton
public class JobEventCatchUpCheck extends CatchUpCheck {

    public JobEventCatchUpCheck(JobEventCatchUp catchUp) {
        super("Job events catch-up", catchUp);
    }
}
