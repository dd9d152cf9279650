package dev.pgclone.gateway.job;

import dev.pgclone.gateway.projection.GroupPartitionsListener;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;

/** Tells the job-events catch-up when the group {@code pgclone-gateway} has given this gateway its partitions. */
@Singleton
@Identifier(JobEventsRebalanceListener.NAME)
public class JobEventsRebalanceListener extends GroupPartitionsListener {

    public static final String NAME = "job-events-rebalance";

    public JobEventsRebalanceListener(JobEventCatchUp catchUp) {
        super(catchUp);
    }
}
