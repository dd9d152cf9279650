package dev.pgclone.cli;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.job.PhaseSummary;
import dev.pgclone.contracts.options.CloneOptions;
import java.time.Instant;
import java.util.List;

/** Job views for tests. */
final class Jobs {

    static final String ID = "0197361e-3fad-71d8-b495-bd504501cb37";
    static final Instant SUBMITTED = Instant.parse("2026-01-02T03:03:55Z");
    static final Instant STARTED = Instant.parse("2026-01-02T03:03:58Z");

    private Jobs() {
    }

    static JobView running(Phase phase, JobProgress progress) {
        return new JobView(ID, "table", JobStatus.RUNNING, phase, "host=src user=u password=***",
                "host=tgt user=u password=***", request(), SUBMITTED, STARTED, null, progress, List.of(), List.of(),
                null, null, 3);
    }

    static JobView ended(JobStatus status, String error) {
        JobProgress p = new JobProgress(1, status == JobStatus.COMPLETED ? 1 : 0, 1, 1, 20_000, 1_500_000, List.of());
        List<PhaseSummary> summary = List.of(new PhaseSummary(Phase.SNAPSHOT, 12, 0, 0, 0),
                new PhaseSummary(Phase.CATALOG, 40, 1, 0, 0),
                new PhaseSummary(Phase.COPY_DATA, 2_300, 1, 20_000, 1_500_000));
        return new JobView(ID, "table", status, status == JobStatus.COMPLETED ? Phase.DONE : Phase.COPY_DATA,
                "host=src user=u password=***", "host=tgt user=u password=***", request(), SUBMITTED, STARTED,
                STARTED.plusMillis(4_200), p, summary,
                status == JobStatus.COMPLETED ? List.of("trigger t was skipped") : List.of(), error, null, 9);
    }

    static JobView pending() {
        return new JobView(ID, "table", JobStatus.PENDING, Phase.ACCEPTED, "host=src user=u password=***",
                "host=tgt user=u password=***", request(), SUBMITTED, null, null, JobProgress.NONE, List.of(),
                List.of(), null, null, 1);
    }

    static String json(JobView job) {
        return Json.write(job);
    }

    private static JobRequest request() {
        return new JobRequest(new CloneScope.Table("shop", "orders", null), true, CloneOptions.DEFAULTS);
    }
}
