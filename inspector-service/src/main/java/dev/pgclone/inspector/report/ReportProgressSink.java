package dev.pgclone.inspector.report;

import dev.pgclone.contracts.report.ReportProgress;

/** Receives a report's cumulative progress; published as report events at a bounded rate. */
@FunctionalInterface
public interface ReportProgressSink {

    void update(ReportProgress progress);
}
