package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.testing.GroupOffsets;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.SchemaDump;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table clone through the whole system: REST → Kafka → coordinator → worker processes → target cluster, with
 * progress back as events. Source and target are separate PostgreSQL clusters; the services are the packaged jars.
 */
class TableCloneIT {

    private static final String TABLE = "\"Sales Dept\".\"Orders \"\"2024\"\"\"";
    /** Quoted names with spaces, quotes and upper case; identity, serial, generated, collation, check, comments. */
    private static final String FIXTURE = """
            CREATE SCHEMA "Sales Dept";
            CREATE TABLE <T> (
                id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                code      serial UNIQUE,
                "Kunde"   text COLLATE "C" NOT NULL,
                amount    numeric(12,2) CHECK (amount >= 0),
                net       numeric(12,2) GENERATED ALWAYS AS (amount / 1.2) STORED,
                at        timestamptz DEFAULT now(),
                tags      text[],
                doc       jsonb,
                note      text
            );
            COMMENT ON TABLE <T> IS 'orders, with quotes '' and "dq"';
            COMMENT ON COLUMN <T>.note IS 'free text';
            CREATE INDEX "by Kunde" ON <T> ("Kunde", at DESC) WHERE amount > 0;
            CREATE TABLE "Sales Dept".empty_one (x int);
            """.replace("<T>", TABLE);

    private static PgcloneServices services;
    private static GatewayClient gateway;
    private static final List<String> secrets = new ArrayList<>();
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        services = PgcloneServices.get();
        gateway = new GatewayClient(services.gatewayUrl());
    }

    @AfterAll
    static void noSecretAnywhere() {
        String logs = services.allLogs();
        for (String secret : secrets) {
            assertThat(logs).as("service logs").doesNotContain(secret);
        }
    }

    @Test
    void clonesATableWithEqualSchemaAndDataAcrossClusters() {
        String[] dbs = fixture(50_000);
        JobView job = cloneTable(dbs, "Sales Dept", "Orders \"2024\"", "{}");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.progress().rowsCopied()).isEqualTo(50_000);
        assertThat(job.source()).endsWith("password=***");
        assertThat(CloneOracle.signature(target, dbs[1], TABLE)).isEqualTo(CloneOracle.signature(source, dbs[0], TABLE));
        assertThat(SchemaDump.of(target, dbs[1], "-t", TABLE)).isEqualTo(SchemaDump.of(source, dbs[0], "-t", TABLE));
        // Identity, serial and generated columns work on the target after the clone.
        target.execute(dbs[1], "INSERT INTO " + TABLE + " (\"Kunde\", amount) VALUES ('new', 12)");
        assertThat(target.query(dbs[1], "SELECT id, code, net FROM " + TABLE + " WHERE \"Kunde\" = 'new'").get(0))
                .containsExactly("50001", "50001", "10.00");
    }

    @Test
    void aWorkerKilledMidCopyIsReplacedAndTheTargetHoldsExactlyTheSourceRows() {
        String[] dbs = fixture(600_000);
        source.execute(dbs[0], "UPDATE " + TABLE + " SET note = repeat('n', 300)");
        HttpResponse<String> accepted = gateway.post("/api/v1/clones/table", body(dbs, "Sales Dept", "Orders \"2024\"", "{}"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = Json.read(accepted.body(), JobView.class).id();

        awaitRowsCopied(id);
        ServiceProcess victim = services.liveWorkers().get(0);
        victim.kill();
        services.addWorker();

        JobView job = gateway.awaitEnd(id, Duration.ofMinutes(5));
        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(CloneOracle.signature(target, dbs[1], TABLE)).isEqualTo(CloneOracle.signature(source, dbs[0], TABLE));
    }

    @Test
    void aCancelledJobStopsItsRunningCopyAndCommitsNoRows() {
        String[] dbs = fixture(600_000);
        source.execute(dbs[0], "UPDATE " + TABLE + " SET note = repeat('n', 300)");
        String id = Json.read(gateway.post("/api/v1/clones/table", body(dbs, "Sales Dept", "Orders \"2024\"", "{}")).body(),
                JobView.class).id();
        awaitRowsCopied(id);

        assertThat(gateway.post("/api/v1/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(202);
        JobView job = gateway.awaitEnd(id, Duration.ofSeconds(60));

        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !target.query(dbs[1], "SELECT 1 FROM pg_stat_activity WHERE datname = "
                + "current_database() AND application_name = 'pgclone-worker'").isEmpty()) {
            sleep(100);
        }
        assertThat(CloneOracle.signature(target, dbs[1], TABLE).rows()).as("the running copy rolled back").isZero();
        assertThat(source.query(dbs[0], "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = 'pgclone-coordinator'").get(0).get(0)).as("snapshot released").isEqualTo("0");
    }

    @Test
    void aTaskDeliveredAgainAfterTheJobEndedChangesNothing() {
        String[] dbs = fixture(10_000);
        try (TopicRecorder tasks = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASKS);
             TestProducer producer = new TestProducer(TestInfra.kafka().bootstrapServers())) {
            JobView job = cloneTable(dbs, "Sales Dept", "Orders \"2024\"", "{}");
            assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
            TableSignature cloned = CloneOracle.signature(target, dbs[1], TABLE);
            String task = tasks.await(v -> v.contains(job.id()), Duration.ofSeconds(10));

            TestProducer.Sent again = producer.send(Topics.TASKS, Json.read(task, Task.class).taskId(), task);
            // A worker has handled it once the workers' group commits past it (acknowledged only after handling).
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (GroupOffsets.committed(TestInfra.kafka().bootstrapServers(), "pgclone-workers", Topics.TASKS)
                    .getOrDefault(again.partition(), -1L) <= again.offset()) {
                assertThat(System.nanoTime()).as("no worker took the redelivered task").isLessThan(deadline);
                sleep(200);
            }
            assertThat(CloneOracle.signature(target, dbs[1], TABLE)).isEqualTo(cloned);
        }
    }

    @Test
    void structureOnlyCloneCreatesTheTableWithoutRows() {
        String[] dbs = fixture(100);
        HttpResponse<String> r = gateway.post("/api/v1/clones/table?wait=120s",
                body(dbs, "Sales Dept", "Orders \"2024\"", "{}").replace("\"includeData\":true", "\"includeData\":false"));
        JobView job = Json.read(r.body(), JobView.class);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(CloneOracle.signature(target, dbs[1], TABLE).rows()).isZero();
        assertThat(SchemaDump.of(target, dbs[1], "-t", TABLE)).isEqualTo(SchemaDump.of(source, dbs[0], "-t", TABLE));
    }

    @Test
    void targetNameColumnsAndWhereShapeTheClone() {
        String[] dbs = fixture(1000);
        JobView job = cloneTableAs(dbs, "Sales Dept", "Orders \"2024\"", "orders_lite",
                "{\"columns\": [\"id\", \"Kunde\", \"amount\"], \"where\": \"amount > 500 AND \\\"Kunde\\\" <> 'x'\"}");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(dbs[1], "SELECT count(*) FROM \"Sales Dept\".orders_lite").get(0).get(0))
                .isEqualTo(source.query(dbs[0], "SELECT count(*) FROM " + TABLE + " WHERE amount > 500").get(0).get(0));
        assertThat(target.query(dbs[1], """
                SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute
                 WHERE attrelid = '"Sales Dept".orders_lite'::regclass AND attnum > 0""").get(0).get(0))
                .isEqualTo("id,Kunde,amount");
        assertThat(job.warnings()).anyMatch(w -> w.contains("by Kunde") && w.contains("columns"));
    }

    @Test
    void badConnectionsAndMissingTablesEndAsFailedJobsWithOneSentence() {
        String[] dbs = fixture(10);
        String wrong = "wrong-" + UUID.randomUUID();
        secrets.add(wrong);
        String badSource = "{\"source\":\"host=127.0.0.1 port=" + source.port() + " dbname=" + dbs[0]
                + " user=postgres password=" + wrong + "\",\"target\":\"" + target.conninfo(dbs[1])
                + "\",\"schema\":\"public\",\"table\":\"t\"}";
        JobView auth = Json.read(gateway.post("/api/v1/clones/table?wait=60s", badSource).body(), JobView.class);
        assertThat(auth.status()).isEqualTo(JobStatus.FAILED);
        assertThat(auth.error()).contains("password authentication failed").doesNotContain(wrong).doesNotContain("\n");

        JobView missing = cloneTable(dbs, "Sales Dept", "nope", "{}");
        assertThat(missing.status()).isEqualTo(JobStatus.FAILED);
        assertThat(missing.error()).isEqualTo("table \"Sales Dept\".\"nope\" does not exist on the source");
    }

    @Test
    void aTableCloneBringsTheTypesAndFunctionsItNeedsWhenTheTargetLacksThem() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "needs_src_" + suffix;
        String tgt = "needs_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, """
                CREATE SCHEMA app;
                CREATE TYPE app.status AS ENUM ('new', 'done');
                CREATE DOMAIN app.code AS text CHECK (VALUE ~ '^[A-Z]+$');
                CREATE FUNCTION app.default_code() RETURNS app.code LANGUAGE sql AS $$ SELECT 'NEW'::app.code $$;
                CREATE TABLE app.tickets (id int PRIMARY KEY, status app.status NOT NULL DEFAULT 'new',
                                          code app.code DEFAULT app.default_code());
                INSERT INTO app.tickets (id) VALUES (1), (2);
                CREATE TABLE app.unrelated (x int);""");

        JobView job = cloneTable(new String[] {src, tgt}, "app", "tickets", "{}");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        target.execute(tgt, "INSERT INTO app.tickets (id) VALUES (3)");
        assertThat(target.query(tgt, "SELECT status, code FROM app.tickets WHERE id = 3").get(0)).containsExactly("new", "NEW");
        assertThat(target.query(tgt, "SELECT count(*) FROM pg_class WHERE relname = 'unrelated'").get(0).get(0)).isEqualTo("0");
        // A second table clone finds them there and keeps them.
        JobView again = cloneTableAs(new String[] {src, tgt}, "app", "tickets", "tickets_2", "{}");
        assertThat(again.status()).as(String.valueOf(again.error())).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void inspectorReportsHealth() {
        HttpResponse<String> r = new GatewayClient(services.inspector().url()).get("/q/health/ready");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new GatewayClient(services.gatewayUrl()).get("/q/health/ready").body()).contains("\"UP\"");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String[] fixture(int rows) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "e2e_src_" + suffix;
        String tgt = "e2e_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, FIXTURE + "INSERT INTO " + TABLE + " (\"Kunde\", amount, at, tags, doc, note) "
                + "SELECT 'K' || (g % 97) || ' Müller', g % 1000, timestamptz '2024-01-01 00:00+05:30' + g * interval '1 s', "
                + "ARRAY['x', g::text], jsonb_build_object('g', g), CASE WHEN g % 3 = 0 THEN NULL ELSE E'a\\tb\\\\c' END "
                + "FROM generate_series(1, " + rows + ") g");
        secrets.add(source.password());
        secrets.add(target.password());
        return new String[] {src, tgt};
    }

    private JobView cloneTable(String[] dbs, String schema, String table, String options) {
        return cloneTableAs(dbs, schema, table, null, options);
    }

    private JobView cloneTableAs(String[] dbs, String schema, String table, String targetName, String options) {
        String json = body(dbs, schema, table, options);
        if (targetName != null) {
            json = json.replace("\"targetName\":null", "\"targetName\":" + Json.write(targetName));
        }
        HttpResponse<String> r = gateway.post("/api/v1/clones/table?wait=300s", json);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return Json.read(r.body(), JobView.class);
    }

    private String body(String[] dbs, String schema, String table, String options) {
        return "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":" + Json.write(target.uri(dbs[1]))
                + ",\"schema\":" + Json.write(schema) + ",\"table\":" + Json.write(table)
                + ",\"targetName\":null,\"includeData\":true,\"options\":" + options + "}";
    }

    private void awaitRowsCopied(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JobView job = gateway.job(id);
            if (job.progress().rowsCopied() > 0 || job.status().terminal()) {
                assertThat(job.status().terminal()).as("the copy ended before the worker could be killed").isFalse();
                return;
            }
            sleep(100);
        }
        throw new AssertionError("no progress reported for job " + id);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
