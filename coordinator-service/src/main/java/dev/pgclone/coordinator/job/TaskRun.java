package dev.pgclone.coordinator.job;

import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.coordinator.plan.PlannedTable;

/** The coordinator's view of one copy task. Only touched on its job's thread. */
final class TaskRun {

    enum State { PENDING, DISPATCHED, RUNNING, DONE }

    final String taskId;
    final PlannedTable table;
    final TablePart part;
    int attempt;
    State state = State.PENDING;
    long rows;
    long bytes;

    TaskRun(String taskId, PlannedTable table, TablePart part) {
        this.taskId = taskId;
        this.table = table;
        this.part = part;
    }

    String tableName() {
        return table.ddl().target().toString();
    }
}
