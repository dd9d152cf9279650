package dev.pgclone.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.coordinator.plan.PlannedTable;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.ddl.TableDdl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopySchedulerTest {

    private final List<TaskRun> published = new ArrayList<>();

    @Test
    void biggestTablesGoFirstAndNoMoreThanParallelAreInFlight() {
        CopyScheduler s = new CopyScheduler("job", List.of(table("small", 10), table("big", 1000), table("mid", 100)),
                List.of(), 2);
        s.dispatchMore(published::add);
        assertThat(published).extracting(TaskRun::tableName).containsExactly("public.big", "public.mid");

        assertThat(s.completed(published.get(0), 5, 50)).isFalse();
        s.dispatchMore(published::add);
        assertThat(published).extracting(TaskRun::tableName).containsExactly("public.big", "public.mid", "public.small");
    }

    @Test
    void eventsOfAnOlderAttemptOrADoneTaskAreIgnored() {
        CopyScheduler s = new CopyScheduler("job", List.of(table("t", 1)), List.of(), 1);
        s.dispatchMore(published::add);
        TaskRun task = published.get(0);
        s.failed(task);
        s.dispatch(task, published::add);

        assertThat(s.current(started(task.taskId, 1))).isEmpty();
        assertThat(s.current(started(task.taskId, 2))).contains(task);
        assertThat(s.completed(task, 7, 70)).isTrue();
        assertThat(s.current(started(task.taskId, 2))).isEmpty();
    }

    @Test
    void largeObjectsTravelInBatchesAndDoNotCountAsRows() {
        List<Long> oids = new ArrayList<>();
        for (long i = 0; i < CopyScheduler.LARGE_OBJECT_BATCH + 1; i++) {
            oids.add(16384 + i);
        }
        CopyScheduler s = new CopyScheduler("job", List.of(table("t", 1)), oids, 8);
        s.dispatchMore(published::add);
        assertThat(published).hasSize(3);
        published.forEach(t -> s.completed(t, t.table != null ? 10 : t.largeObjects.size(), 100));

        assertThat(s.progress().rowsCopied()).isEqualTo(10);
        assertThat(s.progress().bytesCopied()).isEqualTo(300);
        assertThat(s.progress().tablesTotal()).isEqualTo(1);
        assertThat(s.progress().tasksCompleted()).isEqualTo(3);
    }

    private static TaskEvent started(String taskId, int attempt) {
        return new TaskEvent.TaskStarted(MessageHeader.create("job", "test"), taskId, attempt, "w");
    }

    private static PlannedTable table(String name, long bytes) {
        QualifiedName qn = new QualifiedName("public", name);
        Table t = new Table(bytes, qn, "public." + name, 'r', false, null, null, null, List.of(), List.of(), 0, bytes,
                "postgres", List.of(), false, false, 'd', null, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), null);
        return new PlannedTable(t, new TableDdl(t, qn, null));
    }
}
