package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.testing.DataSignature;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DDL from another session while a clone copies: TRUNCATE, DROP COLUMN and DROP TABLE on tables not copied yet wait
 * for the clone's ACCESS SHARE locks (as they would for pg_dump), and the target gets exactly what the snapshot saw.
 */
class ConcurrentDdlIT {

    private static GatewayClient gateway;
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @Test
    void ddlOnTablesNotCopiedYetWaitsAndTheTargetHoldsTheSnapshotsRows() throws Exception {
        Result result = run(gateway, source, target);
        assertThat(result.job().status()).as(result.job().error() + " " + result.job().warnings())
                .isEqualTo(JobStatus.COMPLETED);
        assertThat(result.dataAsOfSnapshot()).as("the target holds the snapshot's rows").isTrue();
    }

    /**
     * What the scenario observed (the fault suite records it too).
     *
     * @param ddlWaited how long the DDL sessions waited for the job's locks
     */
    record Result(JobView job, boolean dataAsOfSnapshot, Duration ddlWaited) {
    }

    /** Runs the scenario: asserts that the DDL waits and takes effect after the job; returns the job and data check. */
    static Result run(GatewayClient gateway, PostgresCluster source, PostgresCluster target) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "ddl_src_" + suffix;
        String tgt = "ddl_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, """
                CREATE SCHEMA app;
                CREATE TABLE app.big (id bigint PRIMARY KEY, pad text);
                INSERT INTO app.big SELECT g, repeat('b', 400) FROM generate_series(1, 600000) g;
                CREATE TABLE app.truncated (id int PRIMARY KEY, note text);
                CREATE TABLE app.narrowed (id int PRIMARY KEY, note text, gone text);
                CREATE TABLE app.dropped (id int PRIMARY KEY, note text);
                INSERT INTO app.truncated SELECT g, 't' || g FROM generate_series(1, 1000) g;
                INSERT INTO app.narrowed SELECT g, 'n' || g, 'g' || g FROM generate_series(1, 1000) g;
                INSERT INTO app.dropped SELECT g, 'd' || g FROM generate_series(1, 1000) g;""");
        Map<String, DataSignature> atStart = Map.of(
                "truncated", DataSignature.of(source, src, "app.truncated"),
                "narrowed", DataSignature.of(source, src, "app.narrowed"),
                "dropped", DataSignature.of(source, src, "app.dropped"));

        TopicRecorder taskEvents = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASK_EVENTS);
        HttpResponse<String> accepted = gateway.post("/api/v1/clones/schema", "{\"source\":" + Json.write(source.conninfo(src))
                + ",\"target\":" + Json.write(target.conninfo(tgt)) + ",\"schema\":\"app\",\"options\":{\"parallel\":1}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = Json.read(accepted.body(), JobView.class).id();
        try (taskEvents) {
            // biggest first, one at a time: once app.big has started, the three small tables are still to come
            taskEvents.await(v -> v.contains("\"task-started\"") && v.contains(Ids.taskId(id, "app", "big", 0)),
                    Duration.ofMinutes(2));
        }

        long ddlStarted = System.nanoTime();
        AtomicLong ddlDone = new AtomicLong(ddlStarted);
        List<CompletableFuture<Void>> ddl = Stream.of("TRUNCATE app.truncated", "ALTER TABLE app.narrowed DROP COLUMN gone",
                "DROP TABLE app.dropped").map(sql -> CompletableFuture.runAsync(() -> {
                    source.execute(src, sql);
                    ddlDone.accumulateAndGet(System.nanoTime(), Math::max);
                })).toList();
        awaitSessionsWaitingOnLocks(source, src, 3);
        assertThat(gateway.job(id).status()).isEqualTo(JobStatus.RUNNING);

        JobView job = gateway.awaitEnd(id, Duration.ofMinutes(5));
        boolean equal = job.status() == JobStatus.COMPLETED;
        for (var expected : atStart.entrySet()) {
            equal &= DataSignature.of(target, tgt, "app." + expected.getKey()).equals(expected.getValue());
        }
        CompletableFuture.allOf(ddl.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Duration waited = Duration.ofNanos(ddlDone.get() - ddlStarted);
        assertThat(source.query(src, "SELECT count(*) FROM app.truncated").get(0).get(0)).isEqualTo("0");
        assertThat(source.query(src, "SELECT to_regclass('app.dropped') IS NULL").get(0).get(0)).isEqualTo("t");
        return new Result(job, equal, waited);
    }

    private static void awaitSessionsWaitingOnLocks(PostgresCluster source, String db, int sessions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND application_name <> 'pgclone-worker'";
        while (Integer.parseInt(source.query(db, waiting).get(0).get(0)) < sessions) {
            assertThat(System.nanoTime()).as(sessions + " DDL sessions waiting on the clone's locks").isLessThan(deadline);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
