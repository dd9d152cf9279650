package dev.pgclone.coordinator.job;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.coordinator.plan.PlannedTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The copy tasks of one job: biggest tables first, then large-object batches; at most {@code parallel} in flight;
 * which attempt of each is current (events of older attempts are ignored); the job's cumulative progress. Used only
 * on its job's thread.
 */
final class CopyScheduler {

    /** Large objects per task: enough to amortise a task's cost, few enough to spread over workers. */
    static final int LARGE_OBJECT_BATCH = 500;

    private final Map<String, TaskRun> tasks = new LinkedHashMap<>();
    private final Deque<TaskRun> pending = new ArrayDeque<>();
    private final int parallel;
    private final int tablesTotal;
    private int inFlight;

    CopyScheduler(String jobId, List<PlannedTable> tables, List<Long> largeObjects, int parallel) {
        this.parallel = parallel;
        List<PlannedTable> withRows = tables.stream().filter(PlannedTable::holdsRows)
                .sorted(Comparator.comparingLong((PlannedTable t) -> t.source().sizeBytes()).reversed()).toList();
        this.tablesTotal = withRows.size();
        for (PlannedTable table : withRows) {
            add(new TaskRun(Ids.taskId(jobId, table.source().name().schema(), table.source().name().name(), 0), table,
                    TablePart.WHOLE));
        }
        for (int from = 0, batch = 0; from < largeObjects.size(); from += LARGE_OBJECT_BATCH, batch++) {
            add(new TaskRun(Ids.taskId(jobId, "large objects", "batch", batch),
                    largeObjects.subList(from, Math.min(largeObjects.size(), from + LARGE_OBJECT_BATCH))));
        }
    }

    private void add(TaskRun task) {
        tasks.put(task.taskId, task);
        pending.add(task);
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Dispatches pending tasks while fewer than {@code parallel} are in flight. */
    void dispatchMore(Consumer<TaskRun> publish) {
        while (inFlight < parallel && !pending.isEmpty()) {
            dispatch(pending.poll(), publish);
        }
    }

    /** Dispatches one task as its next attempt. */
    void dispatch(TaskRun task, Consumer<TaskRun> publish) {
        task.attempt++;
        task.state = TaskRun.State.DISPATCHED;
        publish.accept(task);
        inFlight++;
    }

    /** The task an event is about when it concerns its current attempt and the task is not done yet. */
    Optional<TaskRun> current(TaskEvent event) {
        TaskRun task = tasks.get(event.taskId());
        if (task == null || event.attempt() != task.attempt || task.state == TaskRun.State.DONE) {
            return Optional.empty();
        }
        return Optional.of(task);
    }

    void started(TaskRun task) {
        task.state = TaskRun.State.RUNNING;
    }

    void progressed(TaskRun task, long rows, long bytes) {
        task.rows = Math.max(task.rows, rows);
        task.bytes = Math.max(task.bytes, bytes);
    }

    /** @return whether every task is now done */
    boolean completed(TaskRun task, long rows, long bytes) {
        task.state = TaskRun.State.DONE;
        task.rows = rows;
        task.bytes = bytes;
        inFlight--;
        return tasks.values().stream().allMatch(t -> t.state == TaskRun.State.DONE);
    }

    /** A failed attempt no longer counts as in flight; a retry dispatches it again. */
    void failed(TaskRun task) {
        inFlight--;
        task.state = TaskRun.State.PENDING;
        task.rows = 0;
        task.bytes = 0;
    }

    /** Rows a table has loaded so far, over all its parts. */
    long rowsOf(long tableOid) {
        return tasks.values().stream().filter(t -> t.table != null && t.table.source().oid() == tableOid)
                .mapToLong(t -> t.rows).sum();
    }

    /** Cumulative progress; rows are table rows (a large-object batch reports objects). */
    JobProgress progress() {
        long rows = 0;
        long bytes = 0;
        int done = 0;
        int tablesDone = 0;
        List<String> active = new ArrayList<>();
        for (TaskRun t : tasks.values()) {
            rows += t.table != null ? t.rows : 0;
            bytes += t.bytes;
            if (t.state == TaskRun.State.DONE) {
                done++;
                tablesDone += t.table != null ? 1 : 0;
            } else if (t.state == TaskRun.State.RUNNING || t.state == TaskRun.State.DISPATCHED) {
                active.add(t.tableName());
            }
        }
        return new JobProgress(tablesTotal, tablesDone, tasks.size(), done, rows, bytes, active);
    }

    /**
     * The job ended early: copies in flight are being rolled back, so only completed tasks count from now on and
     * nothing is active any more.
     */
    void settle() {
        for (TaskRun t : tasks.values()) {
            if (t.state != TaskRun.State.DONE) {
                t.state = TaskRun.State.PENDING;
                t.rows = 0;
                t.bytes = 0;
            }
        }
        pending.clear();
        inFlight = 0;
    }
}
