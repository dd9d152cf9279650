package dev.pgclone.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.DeadLetters;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.coordinator.JobTopics;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.testing.GroupOffsets;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private JobTopics topics;
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
        awaitKeeperSessions(0); // released right after the failure is announced
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
    void aKeyedHashMaskWithoutAKeyOnTheCoordinatorFailsTheJobBeforeAnythingIsCreated() {
        String jobId = start(table("orders"), Json.read("{\"mask\": {\"customer\": \"keyed_hash\"}}", CloneOptions.class));
        JobEvent.JobFailed failed = awaitFailure(jobId);

        assertThat(failed.error().code()).isEqualTo("mask-key-missing");
        assertThat(failed.job().error()).contains("public.orders.customer: keyed_hash needs the deployment key");
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_class WHERE relname = 'orders'").get(0).get(0))
                .isEqualTo("0");
        assertThat(tasks.values()).noneMatch(v -> v.contains(jobId));
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
    void aCloneThePreflightRefusesFailsBeforePreDataAndChangesNothingOnTheTarget() {
        String role = "no_create_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        target.execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        String asRole = "host=127.0.0.1 port=" + target.port() + " dbname=" + targetDb + " user=" + role
                + " password=" + password;
        StartClone command = new StartClone(header(Ids.newJobId()), table("orders"),
                sealer.seal(Conninfo.parse(source.conninfo(sourceDb))), sealer.seal(Conninfo.parse(asRole)), true,
                CloneOptions.DEFAULTS);
        send(command);

        JobEvent.JobFailed failed = awaitFailure(command.jobId());

        assertThat(failed.error().code()).isEqualTo("insufficient-privilege");
        assertThat(failed.error().retriable()).isFalse();
        assertThat(failed.job().phase()).as("refused at the end of the catalog phase").isEqualTo(Phase.CATALOG);
        assertThat(failed.job().error()).contains("target role lacks CREATE on the target database")
                .contains("task ledger").endsWith("Nothing was changed").doesNotContain(password);
        assertThat(target.query(targetDb, """
                SELECT (SELECT count(*) FROM pg_class WHERE relname = 'orders'),
                       (SELECT count(*) FROM pg_namespace WHERE nspname = '_pgclone')""").get(0))
                .as("nothing created, no ledger").containsExactly("0", "0");
        assertThat(tasks.values().stream().map(v -> Json.read(v, Task.class)).noneMatch(t -> t.jobId().equals(command.jobId())))
                .as("no task dispatched").isTrue();
        awaitKeeperSessions(0);
    }

    @Test
    void aRedeliveredStartCommandStartsNothingNew() {
        StartClone command = command(table("orders"), CloneOptions.DEFAULTS, source.conninfo(sourceDb));
        send(command);
        TestProducer.Sent duplicate = send(command);
        CopyTableTask task = awaitTask(command.jobId(), 1);
        report(new TaskEvent.TaskCompleted(header(command.jobId()), task.taskId(), 1, "w", 100, 4000, 1, false));
        assertThat(awaitEnd(command.jobId()).status()).isEqualTo(JobStatus.COMPLETED);
        awaitCommandsConsumedPast(duplicate); // the coordinator has handled the duplicate

        long dispatched = tasks.values().stream().map(v -> Json.read(v, Task.class))
                .filter(t -> t.jobId().equals(command.jobId())).count();
        long accepted = jobEvents.values().stream().map(v -> Json.read(v, JobEvent.class))
                .filter(e -> e.jobId().equals(command.jobId()) && e instanceof JobEvent.JobAccepted).count();
        assertThat(dispatched).isEqualTo(1);
        assertThat(accepted).isEqualTo(1);
    }

    @Test
    void aSessionHoldingATableLockFailsTheJobNamingTheTableAndTheSession() throws Exception {
        try (Connection blocker = source.connect(sourceDb); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
            int pid = pid(blocker);

            String jobId = start(table("orders"), options("{\"lock_wait_timeout\": \"1s\"}"));
            JobEvent.JobFailed failed = awaitFailure(jobId);

            assertThat(failed.error().code()).isEqualTo("lock-timeout");
            assertThat(failed.job().error()).contains("public.orders").contains("session " + pid)
                    .contains("ACCESS EXCLUSIVE").contains("lock_wait_timeout");
            assertThat(target.query(targetDb, "SELECT count(*) FROM pg_class WHERE relname = 'orders'").get(0).get(0))
                    .as("nothing created").isEqualTo("0");
            blocker.rollback();
        }
    }

    @Test
    void aCallersSnapshotUnderWhichATableWasTruncatedIsRefusedNamingTheTable() throws Exception {
        try (Connection caller = source.connect(sourceDb); Statement st = caller.createStatement()) {
            caller.setAutoCommit(false);
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()");
            rs.next();
            String snapshot = rs.getString(1);
            source.execute(sourceDb, "TRUNCATE public.orders"); // after the export: the snapshot would see it empty

            JobEvent.JobFailed failed = awaitFailure(start(table("orders"), options("{\"snapshot_id\": \"" + snapshot + "\"}")));

            assertThat(failed.error().code()).isEqualTo("snapshot-invalidated");
            assertThat(failed.job().error()).contains("public.orders").contains("rewritten").contains(snapshot);
            caller.rollback();
        }
    }

    @Test
    void aTruncateDuringTheCopyWaitsForTheJobInsteadOfEmptyingWhatTheSnapshotSees() throws Exception {
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        CopyTableTask task = awaitTask(jobId, 1);
        CompletableFuture<Void> truncate = CompletableFuture.runAsync(() -> source.execute(sourceDb, "TRUNCATE public.orders"));
        awaitWaitingOnALock("TRUNCATE");
        assertThat(truncate).isNotDone();

        report(new TaskEvent.TaskCompleted(header(jobId), task.taskId(), 1, "test-worker", 100, 4000, 5, false));
        assertThat(awaitEnd(jobId).status()).isEqualTo(JobStatus.COMPLETED);
        truncate.get(30, TimeUnit.SECONDS); // released with the snapshot
        assertThat(source.query(sourceDb, "SELECT count(*) FROM public.orders").get(0).get(0)).isEqualTo("0");
    }

    @Test
    void aTableNewSessionsCannotReadBehindQueuedDdlIsCopiedThroughTheKeeper() throws Exception {
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        CopyTableTask task = awaitTask(jobId, 1);
        TableSignature atSnapshot = signature(source, sourceDb);
        CompletableFuture<Void> truncate = CompletableFuture.runAsync(() -> source.execute(sourceDb, "TRUNCATE public.orders"));
        awaitWaitingOnALock("TRUNCATE");
        report(new TaskEvent.TaskFailed(header(jobId), task.taskId(), 1, "w", new ErrorInfo("lock-queued",
                "table public.orders cannot be read by a new session until the job ends", true, "55P03")));

        JobView done = awaitEnd(jobId);
        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.progress().rowsCopied()).isEqualTo(100);
        assertThat(signature(target, targetDb)).isEqualTo(atSnapshot);
        truncate.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aTargetConnectionDroppedDuringPreDataIsRetriedAndTheJobCompletes() throws Exception {
        StringBuilder ddl = new StringBuilder("CREATE SCHEMA many;");
        for (int i = 0; i < 300; i++) {
            ddl.append("CREATE TABLE many.t").append(i).append(" (id int PRIMARY KEY, v text DEFAULT 'x');");
        }
        source.execute(sourceDb, ddl.toString());
        AtomicInteger killed = new AtomicInteger();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (killed.get() == 0 && System.nanoTime() < deadline) {
                killed.addAndGet(Integer.parseInt(target.query(targetDb, """
                        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                         WHERE datname = current_database() AND application_name = 'pgclone-coordinator'
                           AND backend_xid IS NOT NULL""").get(0).get(0)));
            }
        });

        StartClone schemaOnly = new StartClone(header(Ids.newJobId()), new CloneScope.Schema("many"),
                sealer.seal(Conninfo.parse(source.conninfo(sourceDb))), sealer.seal(Conninfo.parse(target.conninfo(targetDb))),
                false, CloneOptions.DEFAULTS);
        send(schemaOnly);
        JobView done = awaitEnd(schemaOnly.jobId());
        killer.get(30, TimeUnit.SECONDS);

        assertThat(killed.get()).as("a pre-data session was terminated").isEqualTo(1);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_tables WHERE schemaname = 'many'").get(0).get(0))
                .isEqualTo("300");
    }

    @Test
    void aFailedJobSaysWhichTablesTheTargetKeepsAndDropsTheLedger() throws Exception {
        source.execute(sourceDb, """
                CREATE SCHEMA two;
                CREATE TABLE two.big (id int PRIMARY KEY); INSERT INTO two.big SELECT generate_series(1, 2000);
                CREATE TABLE two.small (id int PRIMARY KEY); INSERT INTO two.small VALUES (1);
                CREATE MATERIALIZED VIEW two.counted AS SELECT count(*) AS n FROM two.big;""");
        String jobId = start(new CloneScope.Schema("two"), CloneOptions.DEFAULTS);
        CopyTableTask big = awaitTask(jobId, 1, "big");
        commitAsAWorkerWould(jobId, big, "INSERT INTO two.big SELECT generate_series(1, 2000)", 2000);
        report(new TaskEvent.TaskCompleted(header(jobId), big.taskId(), 1, "w", 2000, 9000, 1, false));
        CopyTableTask small = awaitTask(jobId, 1, "small");
        report(new TaskEvent.TaskFailed(header(jobId), small.taskId(), 1, "w",
                new ErrorInfo("copy-failed", "invalid input syntax for type integer", false, "22P02")));

        JobView failed = awaitEnd(jobId, v -> v.warnings().stream().anyMatch(w -> w.startsWith("tables loaded")));
        assertThat(jobEvents.values().stream().map(v -> Json.read(v, JobEvent.class))
                .filter(e -> e.jobId().equals(jobId) && e.job().status().terminal()).findFirst().orElseThrow().job().warnings())
                .as("the first announcement only says that the account follows")
                .noneMatch(w -> w.startsWith("tables loaded"));
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.warnings()).contains("tables loaded (1 of 2): two.big (2000 rows)",
                "tables created but left empty (1): two.small");
        assertThat(failed.warnings()).anyMatch(w -> w.startsWith("post-data did not run"));
        assertThat(failed.progress().activeTables()).isEmpty();
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_namespace WHERE nspname = '_pgclone'").get(0).get(0))
                .as("ledger removed").isEqualTo("0");
    }

    @Test
    void aCancelledJobSaysTheCreatedTablesWereLeftEmpty() {
        String jobId = start(table("orders"), CloneOptions.DEFAULTS);
        awaitTask(jobId, 1);
        producer.send(Topics.COMMANDS, jobId, Json.write(new CancelJob(header(jobId), "changed my mind")));

        JobView cancelled = awaitEnd(jobId, v -> v.warnings().stream().anyMatch(w -> w.startsWith("tables loaded")));
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.progress().activeTables()).isEmpty();
        assertThat(cancelled.warnings()).contains("tables created but left empty (1): public.orders");
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

    @Test
    void unreadableCommandsAndTaskEventsAreDeadLetteredWithTheirContextAndTheCommandBehindThemIsHandled() {
        try (TopicRecorder deadLetters = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.DEAD_LETTER)) {
            StartClone valid = command(table("orders"), CloneOptions.DEFAULTS, source.conninfo(sourceDb));
            String rejectedJob = Ids.newJobId();
            String wrongShape = "{\"type\":\"start-clone\",\"header\":{\"jobId\":\"" + rejectedJob + "\"},\"scope\":42}";
            // Same key as the valid command: same partition, so it waits behind the poison.
            TestProducer.Sent notJson = producer.send(Topics.COMMANDS, valid.jobId(), "not json \u0000");
            TestProducer.Sent shape = producer.send(Topics.COMMANDS, valid.jobId(), wrongShape);
            TestProducer.Sent event = producer.send(Topics.TASK_EVENTS, valid.jobId(), "{\"type\":\"task-started\"}");
            send(valid);

            awaitTask(valid.jobId(), 1);
            assertDeadLettered(deadLetters, Topics.COMMANDS, notJson, "pgclone-coordinator-commands", "Unrecognized token");
            assertDeadLettered(deadLetters, Topics.COMMANDS, shape, "pgclone-coordinator-commands", "field \"scope\"");
            assertDeadLettered(deadLetters, Topics.TASK_EVENTS, event, "pgclone-coordinator-task-events",
                    "field \"header\" is required");
            JobView rejected = awaitEnd(rejectedJob);
            assertThat(rejected.status()).isEqualTo(JobStatus.FAILED);
            assertThat(rejected.error()).startsWith("the command was rejected: ").contains("field \"scope\"")
                    .doesNotContain("dev.pgclone");
        }
    }

    @Test
    void aCommandThatMeetsTheStateDatabaseDownIsHandledOnceItIsBackNotDeadLettered() {
        PostgresCluster state = TestInfra.postgres(PgcloneTestResource.STATE_CLUSTER);
        try (TopicRecorder deadLetters = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.DEAD_LETTER)) {
            StartClone command = command(table("orders"), CloneOptions.DEFAULTS, source.conninfo(sourceDb));
            TestProducer.Sent sent;
            state.stop();
            try {
                sent = send(command);
                sleep(3000); // the coordinator tries to store the job meanwhile
            } finally {
                state.start();
            }
            CopyTableTask task = awaitTask(command.jobId(), 1);
            report(new TaskEvent.TaskCompleted(header(command.jobId()), task.taskId(), 1, "w", 100, 4000, 1, false));
            assertThat(awaitEnd(command.jobId()).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(deadLetters.records()).noneMatch(r -> Topics.COMMANDS.equals(r.headers().get(DeadLetters.TOPIC))
                    && String.valueOf(sent.offset()).equals(r.headers().get(DeadLetters.OFFSET)));
        }
    }

    private static void assertDeadLettered(TopicRecorder deadLetters, String topic, TestProducer.Sent sent, String group,
                                           String reason) {
        TopicRecorder.Recorded dead = deadLetters.awaitRecord(r -> topic.equals(r.headers().get(DeadLetters.TOPIC))
                && String.valueOf(sent.partition()).equals(r.headers().get(DeadLetters.PARTITION))
                && String.valueOf(sent.offset()).equals(r.headers().get(DeadLetters.OFFSET)), TIMEOUT);
        assertThat(dead.headers().get(DeadLetters.REASON)).contains(reason).doesNotContain("dev.pgclone");
        assertThat(dead.headers().get(DeadLetters.SERVICE)).startsWith("coordinator@");
        assertThat(dead.headers().get(DeadLetters.GROUP)).isEqualTo(group);
    }

    @Test
    void reportRequestsAreLeftToTheInspectorEvenWhenTheyCannotBeRead() {
        String readable = Ids.newJobId();
        String unreadable = Ids.newJobId();
        String marker = Ids.newJobId();
        String key = Ids.newJobId(); // one key: one partition, handled in this order
        producer.send(Topics.COMMANDS, key, "{\"type\":\"request-report\",\"header\":"
                + Json.write(MessageHeader.create(readable, "test")) + ",\"kind\":\"verify\",\"source\":"
                + "{\"conninfo\":\"host=s user=u\"},\"target\":{\"conninfo\":\"host=t user=u\"}}");
        producer.send(Topics.COMMANDS, key, "{\"type\":\"request-report\",\"header\":"
                + Json.write(MessageHeader.create(unreadable, "test")) + ",\"kind\":\"everything\"}");
        producer.send(Topics.COMMANDS, key, "{\"type\":\"start-clone\",\"header\":"
                + Json.write(MessageHeader.create(marker, "test")) + ",\"scope\":42}");

        assertThat(awaitEnd(marker).status()).as("an unreadable clone command is still rejected")
                .isEqualTo(JobStatus.FAILED);
        assertThat(jobEvents.values().stream().map(v -> Json.read(v, JobEvent.class)).map(JobEvent::jobId))
                .doesNotContain(readable, unreadable);
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

    private TestProducer.Sent send(StartClone command) {
        return topics.send(command);
    }

    private static CloneOptions options(String json) {
        return CloneOptions.fromJson(Json.read(json, com.fasterxml.jackson.databind.JsonNode.class));
    }

    /** Loads rows and the task's completion record in one target transaction, as a worker's ExactlyOnceLoad does. */
    private void commitAsAWorkerWould(String jobId, CopyTableTask task, String load, long rows) throws SQLException {
        try (Connection c = target.connect(targetDb); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute(load);
            new TaskLedger(jobId).record(c, new TaskLedger.Entry(task.taskId(), 1, rows, rows * 4, task.describe()));
            c.commit();
        }
    }

    private void awaitWaitingOnALock(String queryPrefix) {
        await("a session running " + queryPrefix + " waiting on a lock", () -> !source.query(sourceDb,
                "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '" + queryPrefix + "%'").isEmpty());
    }

    private void awaitKeeperSessions(long expected) {
        await(expected + " keeper session(s)", () -> keeperSessions() == expected);
    }

    /** Waits until the coordinator's command consumer has committed past this record (it handled it). */
    private void awaitCommandsConsumedPast(TestProducer.Sent record) {
        await("commands consumed past " + record, () -> GroupOffsets.committed(TestInfra.kafka().bootstrapServers(),
                "pgclone-coordinator-commands", Topics.COMMANDS).getOrDefault(record.partition(), -1L) > record.offset());
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void report(TaskEvent event) {
        topics.report(event);
    }

    private static MessageHeader header(String jobId) {
        return MessageHeader.create(jobId, "test");
    }

    private CopyTableTask awaitTask(String jobId, int attempt) {
        return awaitTask(jobId, attempt, null);
    }

    private CopyTableTask awaitTask(String jobId, int attempt, String table) {
        return topics.awaitTask(jobId, c -> c.attempt() == attempt
                && (table == null || c.copy().source().name().equals(table)));
    }

    private JobView awaitEnd(String jobId) {
        return awaitEnd(jobId, v -> true);
    }

    private JobView awaitEnd(String jobId, java.util.function.Predicate<JobView> also) {
        return topics.awaitEnd(jobId, also, TIMEOUT);
    }

    private JobEvent.JobFailed awaitFailure(String jobId) {
        return topics.awaitFailure(jobId);
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

    /** Count and order-independent hash of public.orders, computed by the server (pg-common's TableSignature). */
    private static TableSignature signature(PostgresCluster cluster, String db) {
        try (Connection c = cluster.connect(db)) {
            return TableSignature.of(c, new QualifiedName("public", "orders"));
        } catch (SQLException e) {
            throw new UncheckedSqlException("signature in database " + db, e);
        }
    }
}
