package dev.pgclone.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.coordinator.JobTopics;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskedColumn;
import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.Task;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Masks planned and applied by the coordinator with a keyed_hash key, against a real broker and real clusters. The
 * test plays the worker (it reads tasks and answers), except on the keeper path, where the coordinator copies itself.
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
@TestProfile(MaskedCloneJobTest.WithMaskKey.class)
class MaskedCloneJobTest {

    static final String KEY = "coordinator-test key: 32 bytes!!";

    /** The coordinator's config with a masking key. */
    public static class WithMaskKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgclone.masking.key", KEY);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String FIXTURE = """
            CREATE SCHEMA hr;
            CREATE TABLE hr.users (id int PRIMARY KEY, email text NOT NULL UNIQUE, full_name text, age int,
                                   nick varchar(8), code text UNIQUE, born date NOT NULL DEFAULT '2000-01-01',
                                   shout text GENERATED ALWAYS AS (upper(full_name)) STORED);
            CREATE TABLE hr.orders (id int PRIMARY KEY, user_email text REFERENCES hr.users (email), note text);
            CREATE TABLE hr.events (id int, at date NOT NULL, ip text) PARTITION BY RANGE (at);
            CREATE TABLE hr.events_2024 PARTITION OF hr.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE hr.events_2025 PARTITION OF hr.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            INSERT INTO hr.users (id, email, full_name, age, nick, code)
                 SELECT g, 'user' || g || '@example.com', 'Name ' || g, g, 'n' || g, 'c' || g FROM generate_series(1, 50) g;
            INSERT INTO hr.orders SELECT g, 'user' || (g % 50 + 1) || '@example.com', 'note ' || g FROM generate_series(1, 80) g;
            INSERT INTO hr.events VALUES (1, '2024-05-01', '10.0.0.1'), (2, '2025-05-01', '10.0.0.2');
            """;

    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private String sourceDb;
    private String targetDb;
    private TopicRecorder tasks;
    private JobTopics topics;
    private TopicRecorder jobEvents;
    private TestProducer producer;

    @BeforeEach
    void setUp() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sourceDb = "mask_src_" + suffix;
        targetDb = "mask_tgt_" + suffix;
        source.createDatabase(sourceDb);
        target.createDatabase(targetDb);
        source.execute(sourceDb, FIXTURE);
        topics = new JobTopics(TIMEOUT);
        tasks = topics.tasks();
        jobEvents = topics.jobEvents();
        producer = topics.producer();
    }

    @AfterEach
    void tearDown() {
        topics.close();
    }

    @Test
    void everyTaskOfAParallelSchemaCloneCarriesItsMasksNeverTheRawColumnsAndTheEvidenceIsRecorded() {
        String jobId = start(new CloneScope.Schema("hr"), options("""
                {"parallel": 3, "masks": {
                   "users": {"email": "keyed_hash", "full_name": "name", "nick": {"type": "partial", "prefix": 1, "suffix": 1}},
                   "hr.orders": {"user_email": "keyed_hash", "note": {"type": "constant", "value": "n/a"}},
                   "events": {"ip": "null"}}}"""));
        // Three in flight at a time: each is answered as it comes, which lets the next one go.
        Map<String, Long> rows = Map.of("users", 50L, "orders", 80L, "events_2024", 1L, "events_2025", 1L);
        List<CopyTableTask> sent = new ArrayList<>();
        while (sent.size() < rows.size()) {
            List<String> seen = sent.stream().map(CopyTableTask::taskId).toList();
            CopyTableTask t = (CopyTableTask) Json.read(tasks.await(v -> Json.read(v, Task.class) instanceof CopyTableTask c
                    && c.jobId().equals(jobId) && !seen.contains(c.taskId()), TIMEOUT), Task.class);
            sent.add(t);
            long n = rows.get(t.copy().source().name());
            report(new TaskEvent.TaskCompleted(header(jobId), t.taskId(), 1, "test-worker", n, n * 10, 1, false));
        }

        for (CopyTableTask t : sent) {
            List<String> masked = t.copy().masks().stream().map(ColumnMask::column).toList();
            assertThat(masked).as(t.copy().source().name()).isNotEmpty();
            assertThat(t.copy().columns()).as("raw columns of " + t.copy().source().name())
                    .doesNotContainAnyElementsOf(masked);
        }
        CopyTableTask users = byTable(sent, "users");
        assertThat(users.copy().columns()).containsExactly("id", "age", "code", "born");
        assertThat(users.copy().masks()).extracting(m -> m.column() + ":" + m.rule().strategy().json() + ":" + m.charMaxLength())
                .containsExactly("email:keyed_hash:0", "full_name:name:0", "nick:partial:8");
        assertThat(users.copy().maskKeyId()).isEqualTo(MaskKey.of(KEY).id());
        assertThat(byTable(sent, "events_2025").copy().masks()).extracting(ColumnMask::column)
                .as("the parent's mask reaches each partition").containsExactly("ip");
        assertThat(byTable(sent, "events_2025").copy().maskKeyId()).isNull();

        JobView done = awaitEnd(jobId);

        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.masking()).extracting(m -> m.table() + "." + m.column() + "=" + m.rows())
                .containsExactlyInAnyOrder("hr.users.email=50", "hr.users.full_name=50", "hr.users.nick=50",
                        "hr.orders.user_email=80", "hr.orders.note=80", "hr.events_2024.ip=1",
                        "hr.events_2025.ip=1");
        assertThat(done.masking()).allMatch(m -> m.status() == MaskedColumn.Status.MASKED);
        assertThat(done.masking().stream().filter(m -> m.column().equals("note")).findFirst().orElseThrow().parameters())
                .containsEntry("value", "n/a");
        assertThat(target.query(targetDb, "SELECT table_name || '.' || column_name || '=' || strategy || ':' || rows "
                + "FROM _pgclone_masking.masked_columns ORDER BY 1")).extracting(r -> r.get(0)).containsExactly(
                "events_2024.ip=null:1", "events_2025.ip=null:1", "orders.note=constant:80",
                "orders.user_email=keyed_hash:80", "users.email=keyed_hash:50", "users.full_name=name:50",
                "users.nick=partial:50");
        assertThat(String.join("\n", jobEvents.values()) + String.join("\n", tasks.values())).doesNotContain(KEY);
    }

    @Test
    void aDatabaseCloneMasksTheTablesItsKeysNameInEverySchema() {
        source.execute(sourceDb, "CREATE SCHEMA sales; CREATE TABLE sales.users (id int PRIMARY KEY, full_name text);"
                + "INSERT INTO sales.users VALUES (1, 'Someone')");
        String jobId = start(new CloneScope.Database(), options("""
                {"masks": {"users": {"full_name": "name"}, "hr.events": {"ip": "null"}}}"""));
        List<CopyTableTask> sent = answerTasks(jobId, 5);
        CopyTableTask salesUsers = sent.stream().filter(t -> t.copy().source().schema().equals("sales")).findFirst()
                .orElseThrow();

        assertThat(salesUsers.copy().masks()).extracting(ColumnMask::column).containsExactly("full_name");
        assertThat(salesUsers.copy().columns()).containsExactly("id");
        assertThat(byTable(sent, "orders").copy().masks()).isEmpty();
        JobView done = awaitEnd(jobId);
        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.masking()).extracting(m -> m.table() + "." + m.column()).containsExactlyInAnyOrder(
                "hr.users.full_name", "sales.users.full_name", "hr.events_2024.ip", "hr.events_2025.ip");
    }

    @Test
    void largeObjectsNamedOnlyByAMaskedColumnStayOnTheSource() {
        source.execute(sourceDb, "CREATE TABLE hr.docs (id int PRIMARY KEY, blob oid);"
                + "INSERT INTO hr.docs VALUES (1, lo_from_bytea(0, 'payroll secrets'))");
        String jobId = start(new CloneScope.Schema("hr"), options("{\"masks\": {\"docs\": {\"blob\": \"null\"}}}"));
        answerTasks(jobId, 5);

        JobView done = awaitEnd(jobId);
        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(tasks.values()).filteredOn(v -> v.contains(jobId)).noneMatch(v -> v.contains("copy-large-objects"));
        assertThat(done.progress().tasksTotal()).isEqualTo(5);
    }

    @Test
    void aRetriedTaskCarriesTheSameMasksAsItsFirstAttempt() {
        String jobId = start(new CloneScope.Table("hr", "users", "users_masked"), options("""
                {"mask": {"email": "keyed_hash", "full_name": "name"}}"""));
        CopyTableTask first = awaitTask(jobId, "users");
        report(new TaskEvent.TaskFailed(header(jobId), first.taskId(), 1, "w",
                new ErrorInfo("copy-failed", "connection reset", true, "08006")));
        CopyTableTask second = (CopyTableTask) Json.read(tasks.await(v -> v.contains(jobId)
                && Json.read(v, Task.class).attempt() == 2, TIMEOUT), Task.class);

        assertThat(second.copy()).isEqualTo(first.copy());
        assertThat(second.copy().target().name()).isEqualTo("users_masked");
        report(new TaskEvent.TaskCompleted(header(jobId), second.taskId(), 2, "w", 50, 500, 1, false));
        JobView done = awaitEnd(jobId);
        assertThat(done.masking()).extracting(m -> m.table() + "." + m.column() + "=" + m.rows())
                .containsExactly("hr.users_masked.email=50", "hr.users_masked.full_name=50");
    }

    @Test
    void aMaskedTableReadThroughTheKeeperIsMaskedWithTheSameKey() throws Exception {
        String jobId = start(new CloneScope.Table("hr", "users", null), options("""
                {"mask": {"email": "keyed_hash", "full_name": "name", "age": {"type": "random_int", "min": 1, "max": 9},
                          "nick": "email"}}"""));
        CopyTableTask task = awaitTask(jobId, "users");
        CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> source.execute(sourceDb, "TRUNCATE hr.users CASCADE"));
        await("TRUNCATE waiting on a lock", () -> !source.query(sourceDb, "SELECT 1 FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND query LIKE 'TRUNCATE%'").isEmpty());
        report(new TaskEvent.TaskFailed(header(jobId), task.taskId(), 1, "w", new ErrorInfo("lock-queued",
                "table hr.users cannot be read by a new session until the job ends", true, "55P03")));

        JobView done = awaitEnd(jobId);
        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.masking()).extracting(MaskedColumn::rows).containsOnly(50L);
        assertThat(target.query(targetDb, "SELECT email FROM hr.users WHERE id = 7").get(0).get(0))
                .isEqualTo(hmac("user7@example.com"));
        assertThat(target.query(targetDb, "SELECT count(*) FROM hr.users WHERE full_name = 'XXXX' AND age BETWEEN 1 AND 9"
                + " AND nick = '***' AND email ~ '^[0-9a-f]{64}$'").get(0).get(0)).isEqualTo("50");
        assertThat(target.query(targetDb, "SELECT count(*) FROM hr.users u WHERE u::text LIKE '%@example.com%'"
                + " OR u::text LIKE '%Name %'").get(0).get(0)).isEqualTo("0");
        ddl.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a key that matches no table | {\"masks\": {\"userz\": {\"email\": \"email\"}}}                  | masks.userz: matches no table",
        "an unknown column           | {\"masks\": {\"users\": {\"mail\": \"email\"}}}                   | hr.users.mail: no such column",
        "a generated column          | {\"masks\": {\"users\": {\"shout\": \"name\"}}}                   | hr.users.shout: a generated column",
        "text into an integer        | {\"masks\": {\"users\": {\"age\": \"email\"}}}                    | hr.users.age: \"email\" produces text",
        "a constant the type refuses | {\"masks\": {\"users\": {\"born\": {\"type\": \"constant\", \"value\": \"soon\"}}}} | hr.users.born: \"constant\" value is not accepted by date: invalid input syntax",
        "null into NOT NULL          | {\"masks\": {\"users\": {\"born\": \"null\"}}}                    | hr.users.born: \"null\" on a NOT NULL column",
        "a non-unique primary key    | {\"masks\": {\"users\": {\"id\": {\"type\": \"random_int\"}}}}    | hr.users.id: \"random_int\" can give equal values",
        "a non-unique unique column  | {\"masks\": {\"users\": {\"code\": \"name\"}}}                    | hr.users.code: \"name\" can give equal values",
        "a foreign key masked once   | {\"masks\": {\"users\": {\"email\": \"hash\"}}}                    | hr.orders.user_email: foreign key orders_user_email_fkey",
        "skip cannot null a PK       | {\"on_mask_error\": \"skip\", \"masks\": {\"users\": {\"id\": \"email\"}}} | cannot clone it as NULL: the column is part of the primary key"})
    void aMaskThatCannotApplyFailsTheJobBeforeAnythingIsCreatedOrSent(String name, String json, String reason) {
        String jobId = start(new CloneScope.Schema("hr"), options(json));
        JobEvent.JobFailed failed = awaitFailure(jobId);

        assertThat(failed.error().code()).isEqualTo("mask-invalid");
        assertThat(failed.job().error()).contains(reason).contains("nothing was cloned");
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_namespace WHERE nspname = 'hr'").get(0).get(0))
                .as("nothing created on the target").isEqualTo("0");
        assertThat(tasks.values()).noneMatch(v -> v.contains(jobId));
    }

    @Test
    void withSkipAMaskThatCannotApplyClonesTheColumnAsNullAndSaysWhy() {
        String jobId = start(new CloneScope.Table("hr", "users", null), options("""
                {"on_mask_error": "skip", "mask": {"age": "email", "full_name": "name"}}"""));
        CopyTableTask task = awaitTask(jobId, "users");

        assertThat(task.copy().masks()).extracting(m -> m.column() + ":" + m.rule().strategy().json())
                .containsExactly("age:null", "full_name:name");
        report(new TaskEvent.TaskCompleted(header(jobId), task.taskId(), 1, "w", 50, 500, 1, false));
        JobView done = awaitEnd(jobId);
        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.warnings()).anyMatch(w -> w.contains("hr.users.age") && w.contains("cloned as NULL"));
        MaskedColumn age = done.masking().stream().filter(m -> m.column().equals("age")).findFirst().orElseThrow();
        assertThat(age.status()).isEqualTo(MaskedColumn.Status.NULLED);
        assertThat(age.strategy()).isEqualTo("email");
        assertThat(age.reason()).contains("produces text");
    }

    @Test
    void aMaskOptionOutsideItsCloneKindPublishedOnKafkaIsRejected() {
        String jobId = start(new CloneScope.Table("hr", "users", null), options("{\"masks\": {\"users\": {\"email\": \"email\"}}}"));
        JobEvent rejected = Json.read(jobEvents.await(v -> {
            JobEvent e = Json.read(v, JobEvent.class);
            return e.jobId().equals(jobId) && e.job().status().terminal();
        }, TIMEOUT), JobEvent.class);

        assertThat(rejected).isInstanceOf(JobEvent.JobRejected.class);
        assertThat(((JobEvent.JobRejected) rejected).error().code()).isEqualTo("invalid-request");
        assertThat(rejected.job().error()).startsWith("options.masks: applies to schema and database clones");
    }

    /** Plays the worker: answers each copy task of the job as it comes (so the next ones go), until there are n. */
    private List<CopyTableTask> answerTasks(String jobId, int n) {
        List<CopyTableTask> sent = new ArrayList<>();
        while (sent.size() < n) {
            List<String> seen = sent.stream().map(CopyTableTask::taskId).toList();
            CopyTableTask t = (CopyTableTask) Json.read(tasks.await(v -> Json.read(v, Task.class) instanceof CopyTableTask c
                    && c.jobId().equals(jobId) && !seen.contains(c.taskId()), TIMEOUT), Task.class);
            sent.add(t);
            report(new TaskEvent.TaskCompleted(header(jobId), t.taskId(), 1, "w", 1, 10, 1, false));
        }
        return sent;
    }

    private static CloneOptions options(String json) {
        return Json.read(json, CloneOptions.class);
    }

    private static CopyTableTask byTable(List<CopyTableTask> sent, String table) {
        return sent.stream().filter(t -> t.copy().source().name().equals(table)).findFirst().orElseThrow();
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

    private String start(CloneScope scope, CloneOptions options) {
        String jobId = Ids.newJobId();
        StartClone command = new StartClone(header(jobId), scope, sealer.seal(Conninfo.parse(source.conninfo(sourceDb))),
                sealer.seal(Conninfo.parse(target.conninfo(targetDb))), true, options);
        topics.send(command);
        return jobId;
    }

    private void report(TaskEvent event) {
        topics.report(event);
    }

    private static MessageHeader header(String jobId) {
        return MessageHeader.create(jobId, "test");
    }

    private CopyTableTask awaitTask(String jobId, String table) {
        return topics.awaitTask(jobId, c -> c.copy().source().name().equals(table));
    }

    private JobView awaitEnd(String jobId) {
        return topics.awaitEnd(jobId);
    }

    private JobEvent.JobFailed awaitFailure(String jobId) {
        return topics.awaitFailure(jobId);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
