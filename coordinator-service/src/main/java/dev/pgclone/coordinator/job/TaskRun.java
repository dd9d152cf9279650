package dev.pgclone.coordinator.job;

import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.coordinator.plan.PlannedTable;
import java.util.List;

/**
 * The coordinator's view of one copy task: a table (or part of one), or a batch of large objects. Only touched on
 * its job's thread.
 */
final class TaskRun {

    enum State { PENDING, DISPATCHED, RUNNING, DONE }

    final String taskId;
    final PlannedTable table;
    final TablePart part;
    final List<Long> largeObjects;
    int attempt;
    State state = State.PENDING;
    long rows;
    long bytes;

    TaskRun(String taskId, PlannedTable table, TablePart part) {
        this.taskId = taskId;
        this.table = table;
        this.part = part;
        this.largeObjects = null;
    }

    TaskRun(String taskId, List<Long> largeObjects) {
        this.taskId = taskId;
        this.table = null;
        this.part = null;
        this.largeObjects = List.copyOf(largeObjects);
    }

    /** What the task copies, for messages. */
    String tableName() {
        return table != null ? table.ddl().target().toString() : largeObjects.size() + " large object(s)";
    }
}
