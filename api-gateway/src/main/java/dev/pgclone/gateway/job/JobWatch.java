package dev.pgclone.gateway.job;

import dev.pgclone.contracts.job.JobView;
import dev.pgclone.gateway.projection.ViewWatch;
import jakarta.inject.Singleton;

/** Lets a request wait for a job to end ({@code ?wait=}); see {@link ViewWatch}. */
@Singleton
public class JobWatch extends ViewWatch<JobView> {

    public JobWatch(JobStore store) {
        super(store::find, job -> job.status().terminal());
    }
}
