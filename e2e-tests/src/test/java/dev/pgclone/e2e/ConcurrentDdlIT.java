package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
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
 * The fault suite runs the same scenario ({@link #run}) and records its figures.
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
     * What the scenario observed.
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
                INSERT INTO app.big SELECT g, repeat('b', 400) FROM generate_series(1, 400000) g;
                CREATE TABLE app.truncated (id int PRIMARY KEY, note text);
                CREATE TABLE app.narrowed (id int PRIMARY KEY, note text, gone text);
                CREATE TABLE app.dropped (id int PRIMARY KEY, note text);
                INSERT INTO app.truncated SELECT g, 't' || g FROM generate_series(1, 1000) g;
                INSERT INTO app.narrowed SELECT g, 'n' || g, 'g' || g FROM generate_series(1, 1000) g;
                INSERT INTO app.dropped SELECT g, 'd' || g FROM generate_series(1, 1000) g;""");
        Map<String, TableSignature> atStart = Map.of(
                "truncated", CloneOracle.signature(source, src, "app.truncated"),
                "narrowed", CloneOracle.signature(source, src, "app.narrowed"),
                "dropped", CloneOracle.signature(source, src, "app.dropped"));

        HttpResponse<String> accepted = gateway.post("/api/v1/clones/schema", "{\"source\":" + Json.write(source.conninfo(src))
                + ",\"target\":" + Json.write(target.conninfo(tgt)) + ",\"schema\":\"app\",\"options\":{\"parallel\":1}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = Json.read(accepted.body(), JobView.class).id();
        List<CompletableFuture<Void>> ddl;
        long ddlStarted;
        AtomicLong ddlDone = new AtomicLong();
        // Hold the three small tables' copies on the target (biggest first, one at a time: they come after big), so
        // the DDL below certainly runs while they are still to be read, however fast this machine is.
        try (Connection hold = target.connect(tgt); Statement st = hold.createStatement()) {
            hold.setAutoCommit(false);
            awaitTargetTables(target, tgt, 4);
            st.execute("LOCK TABLE app.truncated, app.narrowed, app.dropped IN ACCESS EXCLUSIVE MODE");

            ddlStarted = System.nanoTime();
            ddlDone.set(ddlStarted);
            ddl = Stream.of("TRUNCATE app.truncated", "ALTER TABLE app.narrowed DROP COLUMN gone", "DROP TABLE app.dropped")
                    .map(sql -> CompletableFuture.runAsync(() -> {
                        source.execute(src, sql);
                        ddlDone.accumulateAndGet(System.nanoTime(), Math::max);
                    })).toList();
            awaitSessionsWaitingOnLocks(source, src, 3);
            assertThat(gateway.job(id).status()).isEqualTo(JobStatus.RUNNING);
            hold.rollback();
        }

        JobView job = gateway.awaitEnd(id, Duration.ofMinutes(5));
        boolean equal = job.status() == JobStatus.COMPLETED;
        for (var expected : atStart.entrySet()) {
            equal &= CloneOracle.signature(target, tgt, "app." + expected.getKey()).equals(expected.getValue());
        }
        CompletableFuture.allOf(ddl.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(source.query(src, "SELECT count(*) FROM app.truncated").get(0).get(0)).isEqualTo("0");
        assertThat(source.query(src, "SELECT to_regclass('app.dropped') IS NULL").get(0).get(0)).isEqualTo("t");
        return new Result(job, equal, Duration.ofNanos(ddlDone.get() - ddlStarted));
    }

    private static void awaitTargetTables(PostgresCluster target, String db, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (Integer.parseInt(target.query(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'app'").get(0).get(0))
                < count) {
            assertThat(System.nanoTime()).as("pre-data created the target tables").isLessThan(deadline);
            pause();
        }
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
