package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row filters through the whole system. Hostile filters either never get past the gateway (400) or, when only the
 * source can tell (user-defined functions, operators, casts, views), fail the job at planning with code
 * {@code invalid-where}: nothing is created on the target, no row is copied, and the file each of them would have
 * written on the source server with {@code lo_export} (which READ ONLY does not stop) does not exist. A legitimate
 * subset filter with an unqualified subquery on another table of the schema copies exactly its rows.
 */
class RowFilterIT {

    /** Every hostile function here would export large object 4242 to {@code <FILE>} if it ever ran. */
    private static final String FIXTURE = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.customers (id int PRIMARY KEY, region text NOT NULL);
            CREATE TABLE shop.orders (id int PRIMARY KEY, customer_id int, amount numeric);
            INSERT INTO shop.customers SELECT g, CASE WHEN g % 3 = 0 THEN 'EU' ELSE 'US' END FROM generate_series(1, 30) g;
            INSERT INTO shop.orders SELECT g, 1 + g % 30, g * 1.5 FROM generate_series(1, 300) g;
            SELECT lo_from_bytea(4242, 'pwned');
            CREATE FUNCTION shop.leak(int) RETURNS boolean LANGUAGE sql VOLATILE
                AS $$ SELECT lo_export(4242, '<FILE>') > 0 $$;
            CREATE FUNCTION shop.export_it(oid, text) RETURNS int LANGUAGE internal VOLATILE STRICT AS 'be_lo_export';
            CREATE FUNCTION shop.leak_eq(int, int) RETURNS boolean LANGUAGE sql VOLATILE
                AS $$ SELECT lo_export(4242, '<FILE>') > 0 $$;
            CREATE OPERATOR shop.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = shop.leak_eq);
            CREATE TYPE shop.code AS (c text);
            CREATE FUNCTION shop.to_code(int) RETURNS shop.code LANGUAGE sql VOLATILE
                AS $$ SELECT ROW(lo_export(4242, '<FILE>')::text)::shop.code $$;
            CREATE CAST (int AS shop.code) WITH FUNCTION shop.to_code(int);
            CREATE FUNCTION shop.label(shop.orders) RETURNS text LANGUAGE sql VOLATILE
                AS $$ SELECT lo_export(4242, '<FILE>')::text $$;
            CREATE FUNCTION shop.definer(int) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS $$ SELECT true $$;
            CREATE VIEW shop.leaky AS SELECT id FROM shop.customers WHERE shop.leak(id);
            """;

    private static PgcloneServices services;
    private static GatewayClient gateway;
    private static TopicRecorder jobEvents;
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        services = PgcloneServices.get();
        gateway = new GatewayClient(services.gatewayUrl());
        jobEvents = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.JOB_EVENTS);
    }

    @AfterAll
    static void stop() {
        jobEvents.close();
    }

    @Test
    void filtersOnlyTheSourceCanJudgeFailTheJobBeforeAnythingIsCreatedOrWritten() {
        for (String filter : List.of(
                "leak(id)",                              // a user-defined VOLATILE function
                "shop.export_it(4242, '<FILE>') > 0",     // lo_export under another name
                "id === 1",                              // an operator backed by a VOLATILE function
                "id OPERATOR(shop.===) 1",
                "(id::code) IS NOT NULL",                // a cast whose function is VOLATILE
                "orders.label IS NOT NULL",              // attribute notation: label(orders)
                "definer(id)",                           // SECURITY DEFINER
                "EXISTS (SELECT 1 FROM leaky)")) {       // a view whose query calls leak()
            Fixture f = fixture();
            String where = filter.replace("<FILE>", f.file);

            JobView job = cloneOrders(f, where);

            assertThat(job.status()).as(where + ": " + job.error()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).as(where).startsWith("options.where: must not use ");
            assertThat(failureCode(job.id())).as(where).isEqualTo("invalid-where");
            assertThat(job.progress().rowsCopied()).as(where).isZero();
            assertThat(target.query(f.tgt, "SELECT count(*) FROM pg_class WHERE relname = 'orders'").get(0).get(0))
                    .as("%s: nothing created on the target", where).isEqualTo("0");
            assertThat(fileOnSource(f)).as("%s: no file written on the source server", where).isFalse();
        }
    }

    @Test
    void theHostileFunctionsReallyWriteFilesWhenRunReadOnly() throws Exception {
        Fixture f = fixture();
        // The control: READ ONLY does not stop lo_export, so the check is what keeps the file from being written.
        try (Connection c = source.connect(f.src); Statement st = c.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            st.execute("SELECT shop.leak(1)");
            st.execute("COMMIT");
        }
        try {
            assertThat(fileOnSource(f)).isTrue();
        } finally {
            Files.deleteIfExists(Path.of(f.file)); // a local cluster wrote it on this machine; a container keeps it
        }
    }

    @Test
    void filtersRefusedWithoutADatabaseAre400sNamingTheFunction() {
        Fixture f = fixture();
        for (List<String> c : List.of(
                List.of("EXISTS (SELECT 1 FROM ts_stat('SELECT to_tsvector(''simple'', pg_read_file(''/etc/passwd''))') "
                        + "WHERE word = 'root')", "must not call ts_stat() (it runs SQL given as text)"),
                List.of("EXISTS (SELECT 1 FROM ts_stat('SELECT to_tsvector(''simple'', lo_export(4242, ''" + f.file
                        + "'')::text)'))", "must not call ts_stat()"),
                List.of("lo_export(4242, '" + f.file + "') > 0", "must not call lo_export()"),
                List.of("table_to_xml('pg_authid'::regclass, true, false, '') IS NOT NULL", "must not call table_to_xml()"),
                List.of("EXISTS (SELECT 1 FROM pg_authid)", "must not read pg_authid"),
                List.of("id = 1; SELECT 1", "semicolon"))) {
            HttpResponse<String> r = gateway.post("/api/v1/clones/table", body(f, c.get(0)));

            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            assertThat(r.body()).contains("\"field\":\"options.where\"").contains(Json.write(c.get(1)).replace("\"", ""));
        }
        assertThat(fileOnSource(f)).isFalse();
    }

    @Test
    void aSubsetFilterWithAnUnqualifiedSubqueryCopiesExactlyItsRows() {
        Fixture f = fixture();

        JobView job = cloneOrders(f, "customer_id IN (SELECT id FROM customers WHERE region = 'EU') AND random() < 2");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        String expected = source.query(f.src, "SELECT count(*), string_agg(id::text, ',' ORDER BY id) FROM shop.orders "
                + "WHERE customer_id IN (SELECT id FROM shop.customers WHERE region = 'EU')").get(0).toString();
        assertThat(target.query(f.tgt, "SELECT count(*), string_agg(id::text, ',' ORDER BY id) FROM shop.orders")
                .get(0).toString()).isEqualTo(expected).startsWith("[100,");
        assertThat(job.progress().rowsCopied()).isEqualTo(100);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private record Fixture(String src, String tgt, String file) {
    }

    private Fixture fixture() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String file = "/tmp/pgclone-filter-" + suffix;
        Fixture f = new Fixture("filter_src_" + suffix, "filter_tgt_" + suffix, file);
        source.createDatabase(f.src);
        target.createDatabase(f.tgt);
        source.execute(f.src, FIXTURE.replace("<FILE>", file));
        return f;
    }

    /** Asked of the source server itself, so it holds wherever the cluster runs. */
    private boolean fileOnSource(Fixture f) {
        String state = source.query(f.src, "SELECT CASE WHEN pg_stat_file('" + f.file + "', true) IS NULL THEN 'absent' "
                + "ELSE 'present' END").get(0).get(0);
        assertThat(state).isIn("absent", "present");
        return state.equals("present");
    }

    private JobView cloneOrders(Fixture f, String where) {
        HttpResponse<String> r = gateway.post("/api/v1/clones/table?wait=300s", body(f, where));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return Json.read(r.body(), JobView.class);
    }

    /** The code of the job's {@code job-failed} event (the job view carries only the message). */
    private static String failureCode(String jobId) {
        String event = jobEvents.await(v -> v.contains(jobId) && v.contains("\"job-failed\""), Duration.ofSeconds(30));
        return ((JobEvent.JobFailed) Json.read(event, JobEvent.class)).error().code();
    }

    private String body(Fixture f, String where) {
        return "{\"source\":" + Json.write(source.conninfo(f.src)) + ",\"target\":" + Json.write(target.uri(f.tgt))
                + ",\"schema\":\"shop\",\"table\":\"orders\",\"targetName\":null,\"includeData\":true,"
                + "\"options\":{\"where\":" + Json.write(where) + "}}";
    }
}
