package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator is SIGKILLed while a schema clone copies. Its snapshot and locks die with it, so the job cannot
 * complete; the next coordinator must end it FAILED and say exactly what the target keeps, and leave no task ledger.
 */
class CoordinatorRestartIT {

    private static PgcloneServices services;
    private static GatewayClient gateway;
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        services = PgcloneServices.get();
        gateway = new GatewayClient(services.gatewayUrl());
    }

    @AfterEach
    void coordinatorRunsAgain() {
        if (!services.service("coordinator").alive()) {
            services.restart("coordinator");
        }
    }

    @Test
    void aJobLeftRunningByAKilledCoordinatorEndsFailedWithAnExactAccountAndNoLedger() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "crash_src_" + suffix;
        String tgt = "crash_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, """
                CREATE SCHEMA app;
                CREATE TABLE app.small (id int PRIMARY KEY, note text);
                INSERT INTO app.small SELECT g, 's' || g FROM generate_series(1, 100) g;
                CREATE TABLE app.big (id bigint PRIMARY KEY, pad text);
                INSERT INTO app.big SELECT g, repeat('b', 400) FROM generate_series(1, 600000) g;""");

        try (TopicRecorder events = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.JOB_EVENTS)) {
            HttpResponse<String> accepted = gateway.post("/api/v1/clones/schema", "{\"source\":"
                    + Json.write(source.conninfo(src)) + ",\"target\":" + Json.write(target.conninfo(tgt))
                    + ",\"schema\":\"app\",\"options\":{\"parallel\":1}}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = Json.read(accepted.body(), JobView.class).id();
            // app.small is copied after app.big (biggest first, one at a time). Holding a lock on it on the target
            // makes sure the job cannot end before the kill, however fast big is copied on this machine.
            try (Connection hold = target.connect(tgt); Statement st = hold.createStatement()) {
                hold.setAutoCommit(false);
                awaitTargetTable(tgt, "small");
                st.execute("LOCK TABLE app.small IN ACCESS EXCLUSIVE MODE");
                awaitCopying(id);
                services.kill("coordinator");
                hold.rollback();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            services.restart("coordinator");

            JobEvent.JobFailed settled = (JobEvent.JobFailed) Json.read(events.await(v -> {
                JobEvent e = Json.read(v, JobEvent.class);
                return e.jobId().equals(id) && e.job().warnings().stream().anyMatch(w -> w.startsWith("tables loaded"));
            }, Duration.ofMinutes(3)), JobEvent.class);
            JobView failed = settled.job();

            assertThat(settled.error().code()).isEqualTo("coordinator-restarted");
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.phase()).isEqualTo(Phase.COPY_DATA);
            assertThat(failed.progress().activeTables()).isEmpty();
            assertThat(failed.warnings()).anyMatch(w -> w.startsWith("the target keeps what the job applied: "))
                    .anyMatch(w -> w.startsWith("post-data did not run"));
            // Exactly what committed counts. A copy running when the coordinator died either finished or was rolled
            // back once the job was announced failed; the account must name what the target holds, nothing else.
            long bigRows = rows(tgt, "big");
            long smallRows = rows(tgt, "small");
            assertThat(bigRows).isIn(0L, 600_000L);
            assertThat(smallRows).isIn(0L, 100L);
            List<String> loaded = new ArrayList<>();
            List<String> empty = new ArrayList<>();
            (bigRows > 0 ? loaded : empty).add(bigRows > 0 ? "app.big (600000 rows)" : "app.big");
            (smallRows > 0 ? loaded : empty).add(smallRows > 0 ? "app.small (100 rows)" : "app.small");
            assertThat(failed.warnings()).contains("tables loaded (" + loaded.size() + " of 2): "
                    + (loaded.isEmpty() ? "none" : String.join(", ", loaded)));
            if (!empty.isEmpty()) {
                assertThat(failed.warnings()).contains("tables created but left empty (" + empty.size() + "): "
                        + String.join(", ", empty));
            }
            assertThat(target.query(tgt, "SELECT count(*) FROM pg_namespace WHERE nspname = '_pgclone'").get(0).get(0))
                    .as("task ledger dropped").isEqualTo("0");
            assertThat(gateway.awaitEnd(id, Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.FAILED);
            assertThat(source.query(src, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND application_name = 'pgclone-worker'").get(0).get(0)).as("no copy left running").isEqualTo("0");
        }
    }

    private void awaitCopying(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JobView job = gateway.job(id);
            assertThat(job.status().terminal()).as("the job ended before the coordinator could be killed: %s", job)
                    .isFalse();
            if (job.phase() == Phase.COPY_DATA && job.progress().rowsCopied() > 0) {
                return;
            }
            pause();
        }
        throw new AssertionError("job " + id + " never copied a row");
    }

    private void awaitTargetTable(String db, String table) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!target.query(db, "SELECT 1 FROM pg_tables WHERE schemaname = 'app' AND tablename = '" + table + "'")
                    .isEmpty()) {
                return;
            }
            pause();
        }
        throw new AssertionError("app." + table + " never created on the target");
    }

    private long rows(String db, String table) {
        return Long.parseLong(target.query(db, "SELECT count(*) FROM app." + table).get(0).get(0));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
