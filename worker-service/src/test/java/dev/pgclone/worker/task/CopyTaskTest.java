package dev.pgclone.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.DeadLetters;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.task.CopySpec;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.contracts.task.TableRef;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import dev.pgclone.testing.UncheckedSqlException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker against a real broker and two real clusters: copy tasks are published on the tasks topic as the
 * coordinator would, and the worker's task events are read back from Kafka.
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
class CopyTaskTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final String CREATE = """
            CREATE TABLE public."Order Lines" (id bigint PRIMARY KEY, "Label" text, amount numeric(12,2),
                                               at timestamptz, tags text[], doc jsonb, raw bytea)""";

    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private String sourceDb;
    private String targetDb;
    private String jobId;
    private TopicRecorder events;
    private TestProducer producer;

    @BeforeEach
    void databases() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sourceDb = "copy_src_" + suffix;
        targetDb = "copy_tgt_" + suffix;
        source.createDatabase(sourceDb);
        target.createDatabase(targetDb);
        source.execute(sourceDb, CREATE + ";" + """
                INSERT INTO public."Order Lines"
                SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'line ' || g || E'\\ttab \\u00e9\\n' END, g * 1.25,
                       timestamptz '2024-03-01 10:00+13' + g * interval '1 minute', ARRAY['a', NULL, 'b' || g],
                       jsonb_build_object('n', g, 'q', 'it''s'), decode(md5(g::text), 'hex')
                  FROM generate_series(1, 20000) g""");
        target.execute(targetDb, CREATE);
        jobId = Ids.newJobId();
        try (Connection c = target.connect(targetDb)) {
            new TaskLedger(jobId).create(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        events = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASK_EVENTS);
        producer = new TestProducer(TestInfra.kafka().bootstrapServers());
    }

    @AfterEach
    void close() {
        events.close();
        producer.close();
    }

    @Test
    void copiesExactlyTheRowsOfTheExportedSnapshot() throws Exception {
        try (Connection keeper = source.connect(sourceDb); Statement st = keeper.createStatement()) {
            keeper.setAutoCommit(false);
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()");
            rs.next();
            String snapshot = rs.getString(1);
            TableSignature atSnapshot = signature(source, sourceDb);
            // Rows written after the export must not reach the target.
            source.execute(sourceDb, "INSERT INTO public.\"Order Lines\" (id) SELECT g FROM generate_series(20001, 20500) g");

            CopyTableTask task = task(snapshot, TablePart.WHOLE, 1);
            send(task);
            TaskEvent.TaskCompleted done = awaitCompleted(task);

            assertThat(done.alreadyApplied()).isFalse();
            assertThat(done.rows()).isEqualTo(20000);
            assertThat(signature(target, targetDb)).isEqualTo(atSnapshot);
            keeper.rollback();
        }
    }

    @Test
    void redeliveredTaskIsRecognisedAndLoadsNothingTwice() {
        CopyTableTask task = task(null, TablePart.WHOLE, 1);
        send(task);
        awaitCompleted(task);
        send(task);
        TaskEvent.TaskCompleted again = awaitCompletedWhere(task, TaskEvent.TaskCompleted::alreadyApplied);

        assertThat(again.rows()).isEqualTo(20000);
        assertThat(signature(target, targetDb))
                .isEqualTo(signature(source, sourceDb));
    }

    @Test
    void retryAfterTheTargetSessionDiesMidCopyLeavesExactlyTheSourceRows() {
        source.execute(sourceDb, "INSERT INTO public.\"Order Lines\" (id, \"Label\") "
                + "SELECT g, repeat('x', 400) FROM generate_series(20001, 400000) g");
        CopyTableTask first = task(null, TablePart.WHOLE, 1);
        send(first);
        awaitEvent(first, e -> e instanceof TaskEvent.TaskStarted);
        // Kill the worker's target session while it streams: its transaction must vanish entirely.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && target.query(targetDb, """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = 'pgclone-worker' AND query LIKE 'COPY%'""")
                .isEmpty()) {
            Thread.onSpinWait();
        }
        TaskEvent.TaskFailed failed = (TaskEvent.TaskFailed) awaitEvent(first, e -> e instanceof TaskEvent.TaskFailed);
        assertThat(failed.error().retriable()).isTrue();
        assertThat(signature(target, targetDb).rows()).isZero();

        CopyTableTask retry = task(null, TablePart.WHOLE, 2);
        send(retry);
        awaitCompleted(retry);
        assertThat(signature(target, targetDb))
                .isEqualTo(signature(source, sourceDb));
    }

    @Test
    void partsOfOneTableLoadTheirKeyRangesAndARedeliveredPartReplacesOnlyItsRange() {
        CopyTableTask low = task(null, new TablePart(0, 2, "id", null, 10001L), 1);
        CopyTableTask high = task(null, new TablePart(1, 2, "id", 10001L, null), 1);
        send(low);
        send(high);
        awaitCompleted(low);
        awaitCompleted(high);
        TableSignature expected = signature(source, sourceDb);
        assertThat(signature(target, targetDb)).isEqualTo(expected);

        // A redelivered part that committed only re-reports.
        send(low);
        assertThat(awaitCompletedWhere(low, TaskEvent.TaskCompleted::alreadyApplied).rows()).isEqualTo(10000);
        // A retried part whose record is missing (its earlier load never committed) clears its own range, not the other's.
        target.execute(targetDb, "DELETE FROM _pgclone.\"ledger_" + jobId + "\" WHERE task_id = '" + high.taskId() + "';"
                + "UPDATE public.\"Order Lines\" SET \"Label\" = 'stale' WHERE id >= 10001;"
                + "INSERT INTO public.\"Order Lines\" (id, \"Label\") VALUES (99999, 'stray')");
        CopyTableTask retry = task(null, high.copy().part(), 2);
        send(retry);
        assertThat(awaitCompleted(retry).alreadyApplied()).isFalse();

        assertThat(signature(target, targetDb)).isEqualTo(expected);
    }

    @Test
    void withoutASnapshotTheWorkerLocksItsTableAndNamesTheSessionThatHoldsItTooLong() throws Exception {
        try (Connection blocker = source.connect(sourceDb); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("ALTER TABLE public.\"Order Lines\" ADD COLUMN extra int");
            ResultSet rs = st.executeQuery("SELECT pg_backend_pid()");
            rs.next();
            int pid = rs.getInt(1);
            CopyTableTask task = task(null, TablePart.WHOLE, 1); // lockWaitMillis 5 s
            send(task);
            TaskEvent.TaskFailed failed = (TaskEvent.TaskFailed) awaitEvent(task, e -> e instanceof TaskEvent.TaskFailed);

            assertThat(failed.error().code()).isEqualTo("lock-timeout");
            assertThat(failed.error().retriable()).isTrue();
            assertThat(failed.error().message()).contains("public.Order Lines").contains("session " + pid);
            assertThat(signature(target, targetDb).rows()).isZero();
            blocker.rollback();
        }
    }

    @Test
    void aReleasedSnapshotFailsTheTaskAndLeavesTheTargetUntouched() {
        CopyTableTask task = task("00000003-0000DEAD-1", TablePart.WHOLE, 1);
        send(task);
        TaskEvent.TaskFailed failed = (TaskEvent.TaskFailed) awaitEvent(task, e -> e instanceof TaskEvent.TaskFailed);

        assertThat(failed.error().message()).containsIgnoringCase("snapshot");
        assertThat(failed.error().retriable()).isFalse();
        assertThat(signature(target, targetDb).rows()).isZero();
    }

    @Test
    void databaseTimeoutsOnEitherSideDoNotKillALongCopy() {
        source.execute(sourceDb, "INSERT INTO public.\"Order Lines\" (id, \"Label\") "
                + "SELECT g, repeat('x', 200) FROM generate_series(20001, 200000) g");
        source.execute("postgres", "ALTER DATABASE " + sourceDb + " SET statement_timeout = '5ms'");
        target.execute("postgres", "ALTER DATABASE " + targetDb + " SET statement_timeout = '5ms'");
        CopyTableTask task = task(null, TablePart.WHOLE, 1);
        send(task);

        assertThat(awaitCompleted(task).rows()).isEqualTo(200000);
    }

    @Test
    void aKeyedHashTaskOnAWorkerWithoutAKeyIsRefusedAndNothingIsCopied() {
        TableRef table = new TableRef("public", "Order Lines");
        CopySpec spec = new CopySpec(table, table, List.of("id", "amount", "at", "tags", "doc", "raw"), null,
                TablePart.WHOLE, true, 5_000L, List.of(new dev.pgclone.contracts.mask.ColumnMask("Label",
                dev.pgclone.contracts.mask.MaskRule.keyedHash(null), 0)), "0123456789abcdef");
        CopyTableTask task = new CopyTableTask(MessageHeader.create(jobId, "test"),
                Ids.taskId(jobId, table.schema(), table.name(), 0), 1, null,
                sealer.seal(Conninfo.parse(source.conninfo(sourceDb))), sealer.seal(Conninfo.parse(target.conninfo(targetDb))),
                spec);
        send(task);

        TaskEvent.TaskFailed failed = (TaskEvent.TaskFailed) awaitEvent(task, e -> e instanceof TaskEvent.TaskFailed);
        assertThat(failed.error().code()).isEqualTo("mask-key-missing");
        assertThat(failed.error().retriable()).isFalse();
        assertThat(target.query(targetDb, "SELECT count(*) FROM public.\"Order Lines\"").get(0).get(0)).isEqualTo("0");
    }

    @Test
    void taskEventsNeverCarryAPassword() {
        CopyTableTask task = task(null, TablePart.WHOLE, 1);
        send(task);
        awaitCompleted(task);

        assertThat(String.join("\n", events.values())).doesNotContain(source.password()).doesNotContain(target.password());
    }

    @Test
    void anUnreadableTaskIsDeadLetteredWithItsContextAndTheTaskBehindItIsCopied() {
        try (TopicRecorder deadLetters = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.DEAD_LETTER)) {
            CopyTableTask task = task(null, TablePart.WHOLE, 1);
            // Same key, same partition: the valid task waits behind the poison one.
            String poison = "{\"type\":\"copy-table\",\"header\":{\"jobId\":\"" + jobId + "\"},\"taskId\":\"x\"}";
            TestProducer.Sent sent = producer.send(Topics.TASKS, task.taskId(), poison);
            String poisonJobEvent = "{\"type\":\"job-failed\"}";
            TestProducer.Sent jobEvent = producer.send(Topics.JOB_EVENTS, jobId, poisonJobEvent);
            send(task);

            assertThat(awaitCompleted(task).rows()).isEqualTo(20000);
            TopicRecorder.Recorded dead = deadLetters.awaitRecord(r -> Topics.TASKS.equals(r.headers().get(DeadLetters.TOPIC))
                    && String.valueOf(sent.offset()).equals(r.headers().get(DeadLetters.OFFSET))
                    && String.valueOf(sent.partition()).equals(r.headers().get(DeadLetters.PARTITION)), EVENT_TIMEOUT);
            assertThat(dead.value()).isEqualTo(poison);
            assertThat(dead.key()).isEqualTo(task.taskId());
            assertThat(dead.headers().get(DeadLetters.REASON)).contains("field \"source\" is required");
            assertThat(dead.headers().get(DeadLetters.SERVICE)).startsWith("worker@");
            assertThat(dead.headers().get(DeadLetters.GROUP)).isEqualTo("pgclone-workers");
            // Workers only skip job events they cannot read: the gateway's group dead-letters them, once.
            assertThat(deadLetters.records()).noneMatch(r -> Topics.JOB_EVENTS.equals(r.headers().get(DeadLetters.TOPIC))
                    && String.valueOf(jobEvent.offset()).equals(r.headers().get(DeadLetters.OFFSET)));
        }
    }

    private CopyTableTask task(String snapshot, TablePart part, int attempt) {
        TableRef table = new TableRef("public", "Order Lines");
        CopySpec spec = new CopySpec(table, table, List.of("id", "Label", "amount", "at", "tags", "doc", "raw"), null,
                part, part.whole(), snapshot == null ? 5_000L : null);
        ConnectionSpec src = sealer.seal(Conninfo.parse(source.conninfo(sourceDb)));
        ConnectionSpec tgt = sealer.seal(Conninfo.parse(target.conninfo(targetDb)));
        String taskId = Ids.taskId(jobId, table.schema(), table.name(), part.index());
        return new CopyTableTask(MessageHeader.create(jobId, "test"), taskId, attempt, snapshot, src, tgt, spec);
    }

    private void send(CopyTableTask task) {
        producer.send(Topics.TASKS, task.taskId(), Json.write(task));
    }

    private TaskEvent awaitEvent(CopyTableTask task, java.util.function.Predicate<TaskEvent> match) {
        String json = events.await(v -> {
            TaskEvent e = Json.read(v, TaskEvent.class);
            return e.taskId().equals(task.taskId()) && e.attempt() == task.attempt() && match.test(e);
        }, EVENT_TIMEOUT);
        return Json.read(json, TaskEvent.class);
    }

    private TaskEvent.TaskCompleted awaitCompleted(CopyTableTask task) {
        return awaitCompletedWhere(task, c -> true);
    }

    private TaskEvent.TaskCompleted awaitCompletedWhere(CopyTableTask task,
                                                        java.util.function.Predicate<TaskEvent.TaskCompleted> match) {
        return (TaskEvent.TaskCompleted) awaitEvent(task,
                e -> e instanceof TaskEvent.TaskCompleted c && match.test(c));
    }

    /** Count and order-independent hash of public."Order Lines", computed by the server (pg-common's TableSignature). */
    private static TableSignature signature(PostgresCluster cluster, String db) {
        try (Connection c = cluster.connect(db)) {
            return TableSignature.of(c, new QualifiedName("public", "Order Lines"));
        } catch (SQLException e) {
            throw new UncheckedSqlException("signature in database " + db, e);
        }
    }
}
