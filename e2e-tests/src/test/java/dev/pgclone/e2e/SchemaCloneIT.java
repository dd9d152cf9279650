package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.SchemaDump;
import dev.pgclone.testing.TestInfra;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema clones through the whole system, checked against pg_dump and data hashes. */
class SchemaCloneIT {

    private static final String SCHEMA = "Fidélité";
    private static final List<String> TABLES = List.of("\"Customers\"", "orders", "bookings", "events_2024",
            "events_2025", "events_other", "vehicles", "trucks", "\"scratch \"\"pad\"\"\"", "secrets", "order_stats", "documents");

    private static GatewayClient gateway;
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @Test
    void clonesEveryObjectKindWithAnIdenticalDumpIdenticalDataAndWorkingDefaults() {
        String[] dbs = databases();
        source.execute(dbs[0], fixture("fidelity.sql"));

        JobView job = cloneSchema(dbs, SCHEMA, "{\"parallel\": 3}");

        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);
        assertThat(SchemaDump.of(target, dbs[1], "-n", "\"" + SCHEMA + "\"").lines())
                .containsExactlyElementsOf(SchemaDump.of(source, dbs[0], "-n", "\"" + SCHEMA + "\"").lines().toList());
        for (String table : TABLES) {
            String qualified = "\"" + SCHEMA + "\"." + table;
            assertThat(CloneOracle.signature(target, dbs[1], qualified)).as(table)
                    .isEqualTo(CloneOracle.signature(source, dbs[0], qualified));
        }
        // Large objects the table references arrive with the same OIDs, content and comment; others do not.
        String largeObjects = "SELECT string_agg(d.body || ':' || md5(lo_get(d.body)) || ':' "
                + "|| coalesce(obj_description(d.body, 'pg_largeobject'), '-'), ',' ORDER BY d.id), "
                + "(SELECT count(*) FROM pg_largeobject_metadata) FROM \"Fidélité\".documents d";
        assertThat(target.query(dbs[1], largeObjects).get(0).get(0)).isEqualTo(source.query(dbs[0], largeObjects).get(0).get(0));
        assertThat(target.query(dbs[1], largeObjects).get(0).get(1)).isEqualTo("5");
        target.execute(dbs[1], """
                INSERT INTO "Fidélité"."Customers" ("Name") VALUES ('new');
                INSERT INTO "Fidélité".orders (customer_id, quantity, price) VALUES (1000, 2, 3);
                INSERT INTO "Fidélité".bookings (room, during) VALUES ('z', "Fidélité".float_range(1, 2));""");
        // Sequences continue where the source's stand (last_value includes a session's cached block, as in pg_dump).
        String nextCode = source.query(dbs[0], "SELECT 'T' || (last_value + 7) FROM \"Fidélité\".ticket_seq").get(0).get(0);
        assertThat(target.query(dbs[1], "SELECT id, code FROM \"Fidélité\".\"Customers\" WHERE \"Name\" = 'new'").get(0))
                .containsExactly("3000", nextCode);
        assertThat(target.query(dbs[1], "SELECT max(id) FROM \"Fidélité\".orders").get(0).get(0)).isEqualTo("20001");
    }

    @Test
    void aCloneIsOnePointInTimeWhileAWriterAddsParentsWithTheirChildren() throws Exception {
        String[] dbs = databases();
        source.execute(dbs[0], """
                CREATE SCHEMA shop;
                CREATE TABLE shop.parents (id bigserial PRIMARY KEY, n_children int NOT NULL, pad text);
                CREATE TABLE shop.children (id bigserial PRIMARY KEY, parent_id bigint NOT NULL REFERENCES shop.parents,
                                            pad text);
                INSERT INTO shop.parents (n_children, pad) SELECT 3, repeat('p', 200) FROM generate_series(1, 100000);
                INSERT INTO shop.children (parent_id, pad) SELECT p.id, repeat('c', 200)
                  FROM shop.parents p, generate_series(1, 3);""");
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        Thread writer = new Thread(() -> {
            try (var c = source.connect(dbs[0]); var st = c.createStatement()) {
                while (writing.get()) {
                    st.execute("""
                            WITH p AS (INSERT INTO shop.parents (n_children) VALUES (3) RETURNING id)
                            INSERT INTO shop.children (parent_id) SELECT p.id FROM p, generate_series(1, 3)""");
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            JobView job = cloneSchema(dbs, "shop", "{\"parallel\": 2}");
            assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(written.get()).as("the writer ran during the clone").isGreaterThan(10);
        assertThat(target.query(dbs[1], """
                SELECT (SELECT count(*) FROM shop.children c WHERE NOT EXISTS
                            (SELECT 1 FROM shop.parents p WHERE p.id = c.parent_id)),
                       (SELECT count(*) FROM shop.parents p
                          LEFT JOIN (SELECT parent_id, count(*) AS n FROM shop.children GROUP BY parent_id) c
                            ON c.parent_id = p.id
                         WHERE coalesce(c.n, 0) <> p.n_children)""").get(0))
                .as("orphans, parents missing children").containsExactly("0", "0");
    }

    @Test
    void tablesAndExcludeTablesAreAnchoredRegexesEvaluatedByTheSource() {
        String[] dbs = databases();
        source.execute(dbs[0], """
                CREATE SCHEMA sales;
                CREATE TABLE sales.order_2024 (id int);
                CREATE TABLE sales.order_2025 (id int);
                CREATE TABLE sales.order_2025_archive (id int);
                CREATE TABLE sales.customers (id int);
                CREATE TABLE sales.customers_extra (id int);
                CREATE TABLE sales.notes (id int);
                CREATE VIEW sales.note_view AS SELECT id FROM sales.notes;
                CREATE VIEW sales.customer_view AS SELECT id FROM sales.customers;
                INSERT INTO sales.order_2024 VALUES (1), (2);""");

        JobView job = cloneSchema(dbs, "sales",
                "{\"tables\": [\"order_[0-9]+(_archive)?\", \"customers\"], \"exclude_tables\": [\".*_archive\"]}");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(dbs[1], "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sales'").get(0).get(0))
                .isEqualTo("customer_view,customers,order_2024,order_2025");
        assertThat(job.warnings()).anyMatch(w -> w.contains("note_view") && w.contains("skipped"));
        assertThat(CloneOracle.signature(target, dbs[1], "sales.order_2024").rows()).isEqualTo(2);
    }

    @Test
    void objectsACloneDoesNotReproduceAreReportedInsteadOfDisappearingSilently() {
        String[] dbs = databases();
        source.execute(dbs[0], """
                CREATE EXTENSION IF NOT EXISTS postgres_fdw;
                CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw;
                CREATE SCHEMA ft;
                CREATE FOREIGN TABLE ft.remote (a int) SERVER elsewhere;
                CREATE TABLE ft.local (a int);
                CREATE FUNCTION ft.same(int, int) RETURNS bool LANGUAGE sql AS 'SELECT $1 = $2';
                CREATE OPERATOR ft.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = ft.same);
                CREATE TEXT SEARCH CONFIGURATION ft.simple_copy (COPY = pg_catalog.simple);""");

        JobView job = cloneSchema(dbs, "ft", "{}");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.warnings()).anyMatch(w -> w.startsWith("foreign table ft.remote not cloned"))
                .anyMatch(w -> w.startsWith("operator ft.=== not cloned"))
                .anyMatch(w -> w.startsWith("text search configuration ft.simple_copy not cloned"));
        assertThat(CloneOracle.signature(target, dbs[1], "ft.local").rows()).isZero();
    }

    @Test
    void anInvalidRegexFailsWithTheSourcesMessageAndChangesNothing() {
        String[] dbs = databases();
        source.execute(dbs[0], "CREATE SCHEMA sales; CREATE TABLE sales.t (id int)");

        JobView job = cloneSchema(dbs, "sales", "{\"tables\": [\"(unclosed\"]}");

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).contains("invalid regular expression");
        assertThat(target.query(dbs[1], "SELECT count(*) FROM pg_namespace WHERE nspname = 'sales'").get(0).get(0)).isEqualTo("0");
    }

    @Test
    void aDatabaseCloneTakesEveryUserSchemaAndOnlyThose() {
        String[] dbs = databases();
        source.execute(dbs[0], """
                CREATE SCHEMA pgapp;
                CREATE TABLE pgapp.settings (k text PRIMARY KEY, v text);
                INSERT INTO pgapp.settings VALUES ('a', '1');
                CREATE SCHEMA "Other Schema";
                CREATE TABLE "Other Schema".t (k text REFERENCES pgapp.settings (k));
                CREATE TABLE public.p (id int);""");

        JobView job = clone("database", dbs, "", "{}");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        for (String schema : List.of("pgapp", "\"Other Schema\"", "public")) {
            assertThat(SchemaDump.of(target, dbs[1], "-n", schema).lines())
                    .containsExactlyElementsOf(SchemaDump.of(source, dbs[0], "-n", schema).lines().toList());
        }
        assertThat(CloneOracle.signature(target, dbs[1], "pgapp.settings").rows()).isEqualTo(1);
    }

    @Test
    void databaseCreateMakesTheDatabaseWhenMissingAndRefusesInjection() {
        String[] dbs = databases();
        source.execute(dbs[0], "CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1), (2)");
        String name = "Brand New " + UUID.randomUUID().toString().substring(0, 6);
        String body = "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":"
                + Json.write(target.conninfo("postgres")) + ",\"targetDatabase\":" + Json.write(name) + "}";

        JobView job = Json.read(gateway.post("/api/v1/clones/database-create?wait=300s", body).body(), JobView.class);

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(CloneOracle.signature(target, name, "public.t").rows()).isEqualTo(2);
        HttpResponse<String> injection = gateway.post("/api/v1/clones/database-create",
                body.replace(Json.write(name), Json.write("x\"; DROP DATABASE postgres; --")));
        assertThat(injection.statusCode()).isEqualTo(400);
        assertThat(injection.body()).contains("\"field\":\"targetDatabase\"");
    }

    @Test
    void aFunctionsCloneCopiesOnlyTheRoutines() {
        String[] dbs = databases();
        source.execute(dbs[0], """
                CREATE SCHEMA utils;
                CREATE FUNCTION utils.twice(x int) RETURNS int LANGUAGE sql AS $$ SELECT 2 * x $$;
                CREATE FUNCTION utils.twice(x text) RETURNS text LANGUAGE sql AS $$ SELECT x || x $$;
                CREATE TABLE utils.t (id int);""");

        JobView job = clone("functions", dbs, ",\"schema\":\"utils\"", "{}");

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(dbs[1], "SELECT utils.twice(21), utils.twice('ab')").get(0)).containsExactly("42", "abab");
        assertThat(target.query(dbs[1], "SELECT count(*) FROM pg_class WHERE relname = 't'").get(0).get(0)).isEqualTo("0");
    }

    @Test
    void conflictsAreResolvedPerObjectAndReplaceNeverDropsDependentsSilently() {
        String[] dbs = databases();
        source.execute(dbs[0], """
                CREATE SCHEMA s;
                CREATE TABLE s.a (id int PRIMARY KEY);
                CREATE VIEW s.v AS SELECT id FROM s.a;
                INSERT INTO s.a VALUES (1), (2), (3);""");
        target.execute(dbs[1], """
                CREATE SCHEMA s;
                CREATE TABLE s.a (keep text);
                CREATE VIEW s.other AS SELECT keep FROM s.a;
                INSERT INTO s.a VALUES ('kept');""");

        JobView refused = cloneSchema(dbs, "s", "{\"conflict\": \"error\"}");
        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refused.error()).contains("table s.a already exists on the target (conflict: error)");

        JobView replace = cloneSchema(dbs, "s", "{\"conflict\": \"replace\"}");
        assertThat(replace.status()).isEqualTo(JobStatus.FAILED);
        assertThat(replace.error()).contains("cannot replace table s.a").contains("other");
        assertThat(target.query(dbs[1], "SELECT keep FROM s.a").get(0).get(0)).isEqualTo("kept");

        JobView rename = cloneSchema(dbs, "s", "{\"conflict\": \"rename\"}");
        assertThat(rename.status()).as(String.valueOf(rename.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(dbs[1], "SELECT (SELECT count(*) FROM s.a), (SELECT keep FROM s.a_old)").get(0))
                .containsExactly("3", "kept");

        JobView skip = cloneSchema(dbs, "s", "{\"conflict\": \"skip\"}");
        assertThat(skip.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(skip.warnings()).anyMatch(w -> w.contains("skipped (conflict: skip)"));
    }

    @Test
    void identifiersThatLookLikeInjectionAreJustNamesThatDoNotExist() {
        String[] dbs = databases();
        JobView job = cloneSchema(dbs, "x\"; DROP SCHEMA public CASCADE; --", "{}");

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).isEqualTo("schema \"x\"; DROP SCHEMA public CASCADE; --\" does not exist on the source");
        assertThat(source.query(dbs[0], "SELECT count(*) FROM pg_namespace WHERE nspname = 'public'").get(0).get(0)).isEqualTo("1");
    }

    @Test
    void aSchemaOfAThousandTablesClones() {
        String[] dbs = databases();
        source.execute(dbs[0], """
                CREATE SCHEMA many;
                DO $$BEGIN
                  FOR i IN 1..1000 LOOP
                    EXECUTE format('CREATE TABLE many.%I (id serial PRIMARY KEY, v text)', 't' || i);
                    EXECUTE format('INSERT INTO many.%I (v) SELECT g::text FROM generate_series(1, %s) g', 't' || i, i % 50);
                  END LOOP;
                END$$;""");
        long started = System.nanoTime();

        JobView job = cloneSchema(dbs, "many", "{\"parallel\": 8}");

        long seconds = java.time.Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.progress().tablesCompleted()).isEqualTo(1000);
        assertThat(target.query(dbs[1], "SELECT count(*), sum(n_live_tup) FROM pg_stat_user_tables WHERE schemaname = 'many'")
                .get(0).get(0)).isEqualTo("1000");
        assertThat(job.progress().rowsCopied()).isEqualTo(source.query(dbs[0],
                "SELECT sum(i % 50) FROM generate_series(1, 1000) i").get(0).get(0).transform(Long::parseLong));
        assertThat(CloneOracle.signature(target, dbs[1], "many.t999")).isEqualTo(CloneOracle.signature(source, dbs[0], "many.t999"));
        System.out.printf("1000-table schema clone: %d s, phases %s%n", seconds, job.summary());
    }

    @Test
    void ownersAndPrivilegesFollowWhenTheRolesExistAndMissingRolesAreListed() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String owner = "app_owner_" + suffix;
        String reader = "Reader " + suffix;
        String setup = """
                CREATE SCHEMA acl AUTHORIZATION <owner>;
                CREATE TABLE acl.t (id int PRIMARY KEY, v text);
                ALTER TABLE acl.t OWNER TO <owner>;
                CREATE SEQUENCE acl.s;
                ALTER SEQUENCE acl.s OWNER TO <owner>;
                CREATE FUNCTION acl.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
                ALTER FUNCTION acl.f() OWNER TO <owner>;
                REVOKE EXECUTE ON FUNCTION acl.f() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION acl.f() TO <reader>;
                GRANT USAGE ON SCHEMA acl TO <reader>;
                GRANT SELECT, INSERT ON acl.t TO <reader> WITH GRANT OPTION;
                GRANT UPDATE (v) ON acl.t TO <reader>;
                GRANT USAGE ON SEQUENCE acl.s TO <reader>;""".replace("<owner>", owner).replace("<reader>", "\"" + reader + "\"");
        source.execute("postgres", "CREATE ROLE " + owner + "; CREATE ROLE \"" + reader + "\"");
        target.execute("postgres", "CREATE ROLE \"" + reader + "\"");

        String[] missingOwner = databases();
        source.execute(missingOwner[0], setup);
        JobView partial = cloneSchema(missingOwner, "acl", "{}");
        assertThat(partial.status()).as(String.valueOf(partial.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(partial.warnings()).anyMatch(w -> w.contains("roles missing on the target") && w.contains(owner));
        assertThat(target.query(missingOwner[1], "SELECT tableowner FROM pg_tables WHERE tablename = 't'").get(0).get(0))
                .isEqualTo("postgres");
        assertThat(target.query(missingOwner[1], "SELECT has_table_privilege('" + reader.replace("'", "''")
                + "', 'acl.t', 'SELECT WITH GRANT OPTION')").get(0).get(0)).isEqualTo("t");

        target.execute("postgres", "CREATE ROLE " + owner);
        String[] bothRoles = databases();
        source.execute(bothRoles[0], setup);
        JobView full = cloneSchema(bothRoles, "acl", "{}");
        assertThat(full.status()).as(String.valueOf(full.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(full.warnings()).noneMatch(w -> w.contains("roles missing"));
        assertThat(SchemaDump.of(target, bothRoles[1], "-n", "acl").lines())
                .containsExactlyElementsOf(SchemaDump.of(source, bothRoles[0], "-n", "acl").lines().toList());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String[] databases() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "schema_src_" + suffix;
        String tgt = "schema_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        return new String[] {src, tgt};
    }

    private JobView cloneSchema(String[] dbs, String schema, String options) {
        return clone("schema", dbs, ",\"schema\":" + Json.write(schema), options);
    }

    /** @param fields extra body fields, each starting with a comma */
    private JobView clone(String kind, String[] dbs, String fields, String options) {
        String body = "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":" + Json.write(target.conninfo(dbs[1]))
                + fields + ",\"includeData\":true,\"options\":" + options + "}";
        HttpResponse<String> r = gateway.post("/api/v1/clones/" + kind + "?wait=600s", body);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return Json.read(r.body(), JobView.class);
    }

    static String fixture(String name) {
        try (InputStream in = SchemaCloneIT.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
