package dev.pgclone.contracts.job;

import java.util.List;

/**
 * Cumulative progress (never deltas, so duplicated or reordered events do no harm).
 *
 * @param tablesTotal     tables whose data the job copies
 * @param tablesCompleted of those, fully copied
 * @param tasksTotal      copy tasks planned (a split table has several)
 * @param tasksCompleted  of those, completed
 * @param rowsCopied      rows committed on the target, plus rows of tasks in flight
 * @param bytesCopied     COPY bytes streamed, same accounting
 * @param activeTables    tables being copied now
 */
public record JobProgress(int tablesTotal, int tablesCompleted, int tasksTotal, int tasksCompleted, long rowsCopied,
                          long bytesCopied, List<String> activeTables) {

    public static final JobProgress NONE = new JobProgress(0, 0, 0, 0, 0, 0, List.of());

    public JobProgress {
        activeTables = activeTables == null ? List.of() : List.copyOf(activeTables);
    }
}
