package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.pg.compare.SchemaDiff;
import dev.pgclone.pg.compare.SchemaSnapshot;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fidelity fixture cloned between majors, upward and downward. One pg_dump cannot read both servers, so the
 * schemas are compared by their catalog facts, through the diff report's comparison ({@link CloneOracle#schemaDiff});
 * data by count and order-independent hash.
 */
class CrossMajorIT {

    private static final String SCHEMA = "Fidélité";
    private static final List<String> TABLES = List.of("\"Customers\"", "orders", "bookings", "events_2024",
            "events_2025", "events_other", "vehicles", "trucks", "\"scratch \"\"pad\"\"\"", "secrets", "order_stats", "documents");

    private static GatewayClient gateway;

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @ParameterizedTest(name = "PostgreSQL {0} -> {1}")
    @CsvSource({"14, 17", "17, 15"})
    void theFidelityFixtureClonesAcrossMajors(int sourceMajor, int targetMajor) {
        PostgresCluster source = TestInfra.postgres("source-" + sourceMajor, sourceMajor);
        PostgresCluster target = TestInfra.postgres("target-" + targetMajor, targetMajor);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "xmajor_src_" + suffix;
        String tgt = "xmajor_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, SchemaCloneIT.fixture("fidelity.sql"));

        String body = "{\"source\":" + Json.write(source.conninfo(src)) + ",\"target\":" + Json.write(target.conninfo(tgt))
                + ",\"schema\":" + Json.write(SCHEMA) + ",\"options\":{\"parallel\":4}}";
        HttpResponse<String> r = gateway.post("/api/v1/clones/schema?wait=600s", body);
        JobView job = Json.read(r.body(), JobView.class);

        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);
        SchemaSnapshot facts = CloneOracle.snapshot(source, src, SCHEMA);
        assertThat(facts.columns().size() + facts.facts().values().stream().mapToInt(List::size).sum())
                .as("facts about the fixture").isGreaterThan(100);
        SchemaDiff diff = CloneOracle.schemaDiff(source, src, target, tgt, SCHEMA);
        assertThat(diff.count()).as(diff.toString()).isZero();
        for (String table : TABLES) {
            String qualified = "\"" + SCHEMA + "\"." + table;
            assertThat(CloneOracle.signature(target, tgt, qualified)).as(table).isEqualTo(CloneOracle.signature(source, src, qualified));
        }
        target.execute(tgt, "INSERT INTO \"Fidélité\".\"Customers\" (\"Name\") VALUES ('new')");
    }

    /**
     * 14 → 17: PostgreSQL 14's public schema (owned by the bootstrap superuser, CREATE for PUBLIC) plus a grant
     * arrives as it was, replacing 17's pg_database_owner and USAGE-only default, as restoring pg_dump's output does.
     */
    @org.junit.jupiter.api.Test
    void aDatabaseCloneGivesTheTargetsPublicSchemaTheSourcesOwnerAndPrivilegesAcrossMajors() {
        PostgresCluster source = TestInfra.postgres("source-14", 14);
        PostgresCluster target = TestInfra.postgres("target-17", 17);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String reader = "reader_" + suffix;
        String src = "xmajor_acl_src_" + suffix;
        String tgt = "xmajor_acl_tgt_" + suffix;
        source.execute("postgres", "CREATE ROLE " + reader);
        target.execute("postgres", "CREATE ROLE " + reader);
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, "GRANT USAGE ON SCHEMA public TO " + reader + "; CREATE TABLE public.t (id int PRIMARY KEY, v text);"
                + "INSERT INTO public.t SELECT g, g::text FROM generate_series(1, 100) g");

        String body = "{\"source\":" + Json.write(source.conninfo(src)) + ",\"target\":" + Json.write(target.conninfo(tgt)) + "}";
        JobView job = Json.read(gateway.post("/api/v1/clones/database?wait=300s", body).body(), JobView.class);

        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);
        String schema = "SELECT pg_get_userbyid(nspowner), nspacl::text FROM pg_namespace WHERE nspname = 'public'";
        assertThat(source.query(src, schema).get(0).get(1)).contains("=UC/");
        assertThat(target.query(tgt, schema)).isEqualTo(source.query(src, schema));
        SchemaDiff diff = CloneOracle.schemaDiff(source, src, target, tgt, "public");
        assertThat(diff.count()).as(diff.toString()).isZero();
        assertThat(CloneOracle.signature(target, tgt, "public.t")).isEqualTo(CloneOracle.signature(source, src, "public.t"));
    }

    /** An extension only the source's PostgreSQL has: the clone stops before it changes anything. */
    @org.junit.jupiter.api.Test
    void anExtensionTheTargetLacksStopsTheCloneBeforeAnythingChanges() throws Exception {
        PostgresCluster source = TestInfra.postgres("source-17", 17);
        PostgresCluster target = TestInfra.postgres("target-15", 15);
        java.nio.file.Path extensions = source.binDir().getParent().resolve("share/postgresql/extension");
        java.nio.file.Files.writeString(extensions.resolve("pgclone_probe.control"),
                "default_version = '1.0'\nrelocatable = true\ncomment = 'pgclone test extension'\n");
        java.nio.file.Files.writeString(extensions.resolve("pgclone_probe--1.0.sql"), "CREATE DOMAIN probe_text AS text;\n");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "ext_src_" + suffix;
        String tgt = "ext_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, """
                CREATE EXTENSION pgclone_probe;
                CREATE SCHEMA app;
                CREATE TABLE app.notes (id int PRIMARY KEY, body public.probe_text);
                INSERT INTO app.notes VALUES (1, 'a');""");

        String body = "{\"source\":" + Json.write(source.conninfo(src)) + ",\"target\":" + Json.write(target.conninfo(tgt))
                + ",\"schema\":\"app\"}";
        JobView job = Json.read(gateway.post("/api/v1/clones/schema?wait=120s", body).body(), JobView.class);

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).contains("extension \"pgclone_probe\"").contains("not available on the target")
                .contains("Nothing was changed");
        assertThat(target.query(tgt, "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'").get(0).get(0)).isEqualTo("0");
    }
}
