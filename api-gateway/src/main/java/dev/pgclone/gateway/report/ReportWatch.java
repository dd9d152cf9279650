package dev.pgclone.gateway.report;

import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.gateway.projection.ViewWatch;
import jakarta.inject.Singleton;

/** Lets a request wait for a report to end ({@code ?wait=}); see {@link ViewWatch}. */
@Singleton
public class ReportWatch extends ViewWatch<ReportView> {

    public ReportWatch(ReportStore store) {
        super(store::find, report -> report.status().terminal());
    }
}
