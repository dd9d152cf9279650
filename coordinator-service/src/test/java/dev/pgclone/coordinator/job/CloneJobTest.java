package dev.pgclone.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator against a real broker and real clusters. The test plays the worker: it reads tasks from Kafka
 * and answers with task events, so the coordinator's state machine is exercised end to end on its own.
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
class CloneJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private String sourceDb;
    private String targetDb;
    private TopicRecorder tasks;
    private TopicRecorder jobEvents;
    private TestProducer producer;

    @BeforeEach
    void setUp() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sourceDb = "coord_src_" + suffix;
        targetDb = "coord_tgt_" + suffix;
        source.createDatabase(sourceDb);
        target.createDatabase(targetDb);
        source.execute(sourceDb, """
                CREATE TABLE public.orders (id bigserial PRIMARY KEY, customer text NOT NULL, total numeric(10,2));
                CREATE INDEX orders_customer_idx ON public.orders (customer);
                INSERT INTO public.orders (customer, total) SELECT 'c' || g, g FROM generate_series(1, 100) g;""");
        tasks = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASKS);
        jobEvents = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.JOB_EVENTS);
        producer = new TestProducer(TestInfra.kafka().bootstrapServers());
    }

    @AfterEach
    void tearDown() {
        tasks.close();
        jobEvents.close();
        producer.close();
    }

    @Test
    void holdsTheSnapshotDispatchesATaskCarryingItAndCompletesAfterTheWorkerReports() {
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        CopyTableTask task = awaitTask(jobId, 1);

        assertThat(task.snapshotId()).isNotBlank();
        assertThat(task.copy().columns()).containsExactly("id", "customer", "total");
        assertThat(keeperSessions()).isEqualTo(1);
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'").get(0).get(0))
                .as("indexes come after the data").isEqualTo("0");

        report(new TaskEvent.TaskCompleted(header(jobId), task.taskId(), 1, "test-worker", 100, 4000, 5, false));
        JobView done = awaitEnd(jobId);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.progress().rowsCopied()).isEqualTo(100);
        assertThat(done.summary()).extracting(s -> s.phase().name())
                .containsExactly("SNAPSHOT", "CATALOG", "PRE_DATA", "COPY_DATA", "POST_DATA", "FINALIZE");
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'").get(0).get(0))
                .isEqualTo("2");
        assertThat(keeperSessions()).as("snapshot released").isZero();
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_namespace WHERE nspname = '_pgclone'").get(0).get(0))
                .as("ledger removed").isEqualTo("0");
    }

    @Test
    void aRetriableTaskFailureIsDispatchedAgainAndEventsOfTheOldAttemptAreIgnored() {
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        CopyTableTask first = awaitTask(jobId, 1);
        report(new TaskEvent.TaskFailed(header(jobId), first.taskId(), 1, "w",
                new ErrorInfo("copy-failed", "connection reset", true, "08006")));
        CopyTableTask second = awaitTask(jobId, 2);
        assertThat(second.taskId()).isEqualTo(first.taskId());

        report(new TaskEvent.TaskCompleted(header(jobId), first.taskId(), 1, "w", 1, 1, 1, false));
        report(new TaskEvent.TaskCompleted(header(jobId), second.taskId(), 2, "w", 100, 4000, 1, false));
        JobView done = awaitEnd(jobId);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.progress().rowsCopied()).isEqualTo(100);
    }

    @Test
    void aFatalTaskFailureFailsTheJobNamingTheTable() {
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        CopyTableTask task = awaitTask(jobId, 1);
        report(new TaskEvent.TaskFailed(header(jobId), task.taskId(), 1, "w",
                new ErrorInfo("copy-failed", "value too long for type character varying(3)", false, "22001")));

        JobView failed = awaitEnd(jobId);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).contains("public.orders").contains("value too long");
        assertThat(keeperSessions()).isZero();
    }

    @Test
    void aLostKeeperFailsTheJobNamingTheCauseAndTheConsistentFalseEscape() {
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        awaitTask(jobId, 1);
        source.query(sourceDb, """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = 'pgclone-coordinator'
                   AND state = 'idle in transaction'""");

        JobView failed = awaitEnd(jobId);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).contains("snapshot").contains("\"consistent\": false");
    }

    @Test
    void theKeeperOutlivesTheSourcesIdleAndStatementTimeouts() throws Exception {
        source.execute("postgres", "ALTER DATABASE " + sourceDb
                + " SET idle_in_transaction_session_timeout = '1s'; ALTER DATABASE " + sourceDb + " SET statement_timeout = '1s'");
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        CopyTableTask task = awaitTask(jobId, 1);
        Thread.sleep(3000); // a slow worker: the keeper sits idle in its transaction meanwhile

        assertThat(keeperSessions()).isEqualTo(1);
        report(new TaskEvent.TaskCompleted(header(jobId), task.taskId(), 1, "w", 100, 4000, 3000, false));
        assertThat(awaitEnd(jobId).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void consistentFalseHoldsNoSnapshot() {
        String jobId = start(table("orders"), CloneOptions.fromJson(Json.mapper().valueToTree(
                java.util.Map.of("consistent", false))));
        CopyTableTask task = awaitTask(jobId, 1);
        assertThat(task.snapshotId()).isNull();
        assertThat(keeperSessions()).isZero();
    }

    @Test
    void aMissingTableFailsTheJobInOneSentenceAndCreatesNothing() {
        String jobId = start(table("nope"), CloneOptions.DEFAULTS);
        JobView failed = awaitEnd(jobId);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo("table \"public\".\"nope\" does not exist on the source");
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_class WHERE relname = 'nope'").get(0).get(0)).isEqualTo("0");
    }

    @Test
    void aMissingSchemaFailsTheJobInOneSentence() {
        JobView failed = awaitEnd(start(new CloneScope.Table("Nope Schema", "orders", null), CloneOptions.DEFAULTS));

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo("schema \"Nope Schema\" does not exist on the source");
    }

    @Test
    void aWrongPasswordFailsTheJobWithoutRevealingIt() {
        String badPassword = "wrong-" + UUID.randomUUID();
        String conninfo = "host=127.0.0.1 port=" + source.port() + " dbname=" + sourceDb + " user=postgres password="
                + badPassword;
        String jobId = start(table("orders"), CloneOptions.DEFAULTS, conninfo);
        JobView failed = awaitEnd(jobId);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).contains("could not connect to the source").contains("password authentication failed");
        assertThat(String.join("\n", jobEvents.values())).doesNotContain(badPassword).doesNotContain(source.password());
    }

    @Test
    void anUnreachableSourceFailsTheJobNamingIt() {
        String conninfo = "host=127.0.0.1 port=1 dbname=x user=postgres connect_timeout=3";
        JobView failed = awaitEnd(start(table("orders"), CloneOptions.DEFAULTS, conninfo));

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).startsWith("could not connect to the source").contains("refused");
    }

    @Test
    void conflictErrorLeavesTheExistingTargetTableAsItWas() {
        target.execute(targetDb, "CREATE TABLE public.orders (keep int); INSERT INTO public.orders VALUES (1), (2)");
        JobView failed = awaitEnd(start(table("orders"), CloneOptions.DEFAULTS));

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).contains("already exists on the target").contains("conflict");
        assertThat(target.query(targetDb, "SELECT count(*), string_agg(keep::text, ',') FROM public.orders").get(0))
                .containsExactly("2", "1,2");
    }

    @Test
    void aRedeliveredStartCommandStartsNothingNew() {
        StartClone command = command(table("orders"), CloneOptions.DEFAULTS, source.conninfo(sourceDb));
        send(command);
        send(command);
        awaitTask(command.jobId(), 1);
        sleep(1500);
        long dispatched = tasks.values().stream().map(v -> Json.read(v, Task.class))
                .filter(t -> t.jobId().equals(command.jobId())).count();
        assertThat(dispatched).isEqualTo(1);
    }

    @Test
    void aCommandWithAnUnknownOptionIsRejectedNamingTheOption() {
        String jobId = Ids.newJobId();
        String json = Json.write(command(table("orders"), CloneOptions.DEFAULTS, source.conninfo(sourceDb), jobId))
                .replace("\"options\":{}", "\"options\":{\"paralel\":4}");
        producer.send(Topics.COMMANDS, jobId, json);

        JobView rejected = awaitEnd(jobId);
        assertThat(rejected.status()).isEqualTo(JobStatus.FAILED);
        assertThat(rejected.error()).contains("paralel").contains("unknown option");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private CloneScope.Table table(String name) {
        return new CloneScope.Table("public", name, null);
    }

    private String start(CloneScope scope, CloneOptions options) {
        return start(scope, options, source.conninfo(sourceDb));
    }

    private String start(CloneScope scope, CloneOptions options, String sourceConninfo) {
        StartClone command = command(scope, options, sourceConninfo);
        send(command);
        return command.jobId();
    }

    private StartClone command(CloneScope scope, CloneOptions options, String sourceConninfo) {
        return command(scope, options, sourceConninfo, Ids.newJobId());
    }

    private StartClone command(CloneScope scope, CloneOptions options, String sourceConninfo, String jobId) {
        return new StartClone(header(jobId), scope, sealer.seal(Conninfo.parse(sourceConninfo)),
                sealer.seal(Conninfo.parse(target.conninfo(targetDb))), true, options);
    }

    private void send(StartClone command) {
        producer.send(Topics.COMMANDS, command.jobId(), Json.write(command));
    }

    private void report(TaskEvent event) {
        producer.send(Topics.TASK_EVENTS, event.jobId(), Json.write(event));
    }

    private static MessageHeader header(String jobId) {
        return MessageHeader.create(jobId, "test");
    }

    private CopyTableTask awaitTask(String jobId, int attempt) {
        return (CopyTableTask) Json.read(tasks.await(v -> {
            Task t = Json.read(v, Task.class);
            return t.jobId().equals(jobId) && t.attempt() == attempt;
        }, TIMEOUT), Task.class);
    }

    private JobView awaitEnd(String jobId) {
        return Json.read(jobEvents.await(v -> {
            JobEvent e = Json.read(v, JobEvent.class);
            return e.jobId().equals(jobId) && e.job().status().terminal();
        }, TIMEOUT), JobEvent.class).job();
    }

    private long keeperSessions() {
        return Long.parseLong(source.query(sourceDb, """
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                   AND application_name = 'pgclone-coordinator' AND state = 'idle in transaction'""").get(0).get(0));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
