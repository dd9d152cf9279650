package dev.pgclone.gateway.report;

import dev.pgclone.gateway.projection.CatchUpCheck;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the report store holds every report event that was in the topic when the gateway started. */
@Readiness
@Singleton
public class ReportEventCatchUpCheck extends CatchUpCheck {

    public ReportEventCatchUpCheck(ReportEventCatchUp catchUp) {
        super("Report events catch-up", catchUp);
    }
}
