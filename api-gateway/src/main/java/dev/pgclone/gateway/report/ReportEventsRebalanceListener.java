package dev.pgclone.gateway.report;

import dev.pgclone.gateway.projection.GroupPartitionsListener;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;

/** Tells the report-events catch-up when the group {@code pgclone-gateway-reports} has given this gateway its partitions. */
@Singleton
@Identifier(ReportEventsRebalanceListener.NAME)
public class ReportEventsRebalanceListener extends GroupPartitionsListener {

    public static final String NAME = "report-events-rebalance";

    public ReportEventsRebalanceListener(ReportEventCatchUp catchUp) {
        super(catchUp);
    }
}
