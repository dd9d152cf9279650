package dev.pgclone.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.task.CopySpec;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.contracts.task.TableRef;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.pg.mask.MaskKey;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker with a keyed_hash key copies masked tasks: masked columns are computed on the source, on every part and on
 * a redelivery, and a task planned with another key is refused before anything is read or written.
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
@TestProfile(MaskedCopyTaskTest.WithMaskKey.class)
class MaskedCopyTaskTest {

    static final String KEY = "worker-test masking key, 32 b!!!";

    /** The worker's config with a masking key. */
    public static class WithMaskKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgclone.masking.key", KEY);
        }
    }

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final String CREATE = """
            CREATE TABLE public.people (id int PRIMARY KEY, email text, full_name varchar(3), phone text, ssn text,
                                        salary int, notes text, login text)""";

    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private String sourceDb;
    private String targetDb;
    private String jobId;
    private TopicRecorder events;
    private TopicRecorder taskRecords;
    private TestProducer producer;

    @BeforeEach
    void databases() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sourceDb = "mcopy_src_" + suffix;
        targetDb = "mcopy_tgt_" + suffix;
        source.createDatabase(sourceDb);
        target.createDatabase(targetDb);
        source.execute(sourceDb, CREATE + ";" + """
                INSERT INTO public.people VALUES
                  (1, 'alice@example.com', 'Ali', '+1-555-123-4567', '123-45-6789', 50000, 'secret note', 'alice'),
                  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                  (3, '', '', '', '', 1, '', ''),
                  (4, 'é@ü.de', 'Zoë', '1234', 'ü', 2, 'ß', 'żółw'),
                  (5, 'bob', 'Bob', '12345', '000-00-0000', 3, 'n', 'bob')""");
        target.execute(targetDb, CREATE);
        jobId = Ids.newJobId();
        try (Connection c = target.connect(targetDb)) {
            new TaskLedger(jobId).create(c);
        }
        events = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASK_EVENTS);
        taskRecords = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASKS);
        producer = new TestProducer(TestInfra.kafka().bootstrapServers());
    }

    @AfterEach
    void close() {
        events.close();
        taskRecords.close();
        producer.close();
    }

    @Test
    void everyStrategyIsComputedOnTheSourceOnEveryPartAndARedeliveryReportsOnly() {
        CopyTableTask low = task(new TablePart(0, 2, "id", null, 3L), MaskKey.of(KEY).id());
        CopyTableTask high = task(new TablePart(1, 2, "id", 3L, null), MaskKey.of(KEY).id());
        send(low);
        send(high);
        awaitCompleted(low);
        awaitCompleted(high);

        assertThat(rows()).containsExactly(
                List.of("1", "a***@example.com", "XXX", "***-4567", "NULL", "REDACTED", hmac("alice")),
                List.of("2", "NULL", "NULL", "NULL", "NULL", "REDACTED", "NULL"),
                List.of("3", "***", "XXX", "****", "NULL", "REDACTED", hmac("")),
                List.of("4", "é***@ü.de", "XXX", "****", "NULL", "REDACTED", hmac("żółw")),
                List.of("5", "***", "XXX", "***-2345", "NULL", "REDACTED", hmac("bob")));
        assertThat(target.query(targetDb, "SELECT count(*) FROM public.people WHERE salary BETWEEN 10 AND 20 "
                + "OR (id = 2 AND salary IS NOT NULL)").get(0).get(0)).as("random_int fills NULLs too, within range")
                .isEqualTo("5");

        send(low);
        assertThat(awaitEvent(low, e -> e instanceof TaskEvent.TaskCompleted c && c.alreadyApplied())).isNotNull();
        assertNoRawValueOnTheTarget();
        assertThat(String.join("\n", events.values()) + String.join("\n", taskRecords.values()))
                .doesNotContain(KEY).doesNotContain("alice@example.com").doesNotContain("123-45-6789");
    }

    @Test
    void aTaskPlannedWithAnotherKeyIsRefusedAndNothingIsCopied() {
        CopyTableTask task = task(TablePart.WHOLE, "0123456789abcdef");
        send(task);

        TaskEvent.TaskFailed failed = (TaskEvent.TaskFailed) awaitEvent(task, e -> e instanceof TaskEvent.TaskFailed);
        assertThat(failed.error().code()).isEqualTo("mask-key-mismatch");
        assertThat(failed.error().retriable()).isFalse();
        assertThat(failed.error().message()).contains("0123456789abcdef").contains(MaskKey.of(KEY).id())
                .doesNotContain(KEY);
        assertThat(target.query(targetDb, "SELECT count(*) FROM public.people").get(0).get(0)).isEqualTo("0");
    }

    private void assertNoRawValueOnTheTarget() {
        for (String raw : List.of("alice@example.com", "Ali", "+1-555-123-4567", "123-45-6789", "secret note", "alice",
                "żółw", "Zoë")) {
            assertThat(target.query(targetDb, "SELECT count(*) FROM public.people p WHERE p::text LIKE '%"
                    + raw.replace("'", "''") + "%'").get(0).get(0)).as(raw).isEqualTo("0");
        }
    }

    private List<List<String>> rows() {
        return target.query(targetDb, "SELECT id::text, coalesce(email, 'NULL'), coalesce(full_name, 'NULL'), "
                + "coalesce(phone, 'NULL'), coalesce(ssn, 'NULL'), coalesce(notes, 'NULL'), coalesce(login, 'NULL') "
                + "FROM public.people ORDER BY id");
    }

    private static String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CopyTableTask task(TablePart part, String keyId) {
        TableRef table = new TableRef("public", "people");
        List<ColumnMask> masks = List.of(new ColumnMask("email", MaskRule.of(MaskStrategy.EMAIL), 0),
                new ColumnMask("full_name", MaskRule.of(MaskStrategy.NAME), 3),
                new ColumnMask("phone", MaskRule.of(MaskStrategy.PHONE), 0),
                new ColumnMask("ssn", MaskRule.of(MaskStrategy.NULL), 0),
                new ColumnMask("salary", MaskRule.randomInt(10, 20), 0),
                new ColumnMask("notes", MaskRule.constant("REDACTED"), 0),
                new ColumnMask("login", MaskRule.keyedHash(null), 0));
        CopySpec spec = new CopySpec(table, table, List.of("id"), null, part, part.whole(), 5_000L, masks, keyId);
        ConnectionSpec src = sealer.seal(Conninfo.parse(source.conninfo(sourceDb)));
        ConnectionSpec tgt = sealer.seal(Conninfo.parse(target.conninfo(targetDb)));
        String taskId = Ids.taskId(jobId, table.schema(), table.name(), part.index());
        return new CopyTableTask(MessageHeader.create(jobId, "test"), taskId, 1, null, src, tgt, spec);
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
        TaskEvent e = awaitEvent(task, x -> x instanceof TaskEvent.TaskCompleted || x instanceof TaskEvent.TaskFailed);
        assertThat(e).as(e instanceof TaskEvent.TaskFailed f ? f.error().message() : "").isInstanceOf(TaskEvent.TaskCompleted.class);
        return (TaskEvent.TaskCompleted) e;
    }
}
