package dev.pgclone.inspector.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.mask.MaskingRecord;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.net.ServerSocket;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The verify report as a plain class against real PostgreSQL. */
class VerifyServiceTest {

    /** Deterministic rows of many types, a partitioned table with a leaf in another schema, inheritance. */
    static final String SHOP = """
            CREATE SCHEMA app;
            CREATE SCHEMA archive;
            CREATE TABLE app.customers (id int PRIMARY KEY, "Name" text, born date, balance numeric(12,2), seen timestamptz,
                                        idle interval, ratio float8, photo bytea, cash money, tags text[], doc jsonb);
            INSERT INTO app.customers SELECT g, 'Kunde ' || g || ' "Ärger" \\', date '1950-01-01' + g,
                   g * 1.25, timestamptz '2024-03-31 01:30:00+02' + g * interval '61 minutes', make_interval(secs => g / 7.0),
                   g / 3.0::float8, decode(md5(g::text), 'hex'), (g / 4.0)::money, ARRAY['a', NULL, 'b' || g],
                   jsonb_build_object('g', g, 'half', g / 2.0)
              FROM generate_series(1, 5000) g;
            CREATE TABLE app.events (id bigint, at date, payload jsonb) PARTITION BY RANGE (at);
            CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE archive.events_old PARTITION OF app.events FOR VALUES FROM ('2000-01-01') TO ('2024-01-01');
            INSERT INTO app.events SELECT g, date '2023-06-01' + (g % 400), jsonb_build_object('g', g) FROM generate_series(1, 3000) g;
            CREATE TABLE app.vehicles (id int, name text);
            CREATE TABLE app.trucks (tons numeric) INHERITS (app.vehicles);
            INSERT INTO app.vehicles VALUES (1, 'car'), (2, 'bike');
            INSERT INTO app.trucks VALUES (3, 'lorry', 12.5);
            CREATE TABLE app."Empty ""One\""" (x int);
            """;

    private static final PostgresCluster PG = TestInfra.postgres("inspector");
    private static String template;

    private final VerifyService service = new VerifyService(new PgConnector("pgclone-test"), 2, VerifyPlan.DEFAULT_PAGES_PER_PART);

    @BeforeAll
    static void fixture() {
        template = "verify_tpl_" + suffix();
        PG.createDatabase(template);
        PG.execute(template, SHOP);
        PG.execute(template, "ANALYZE");
    }

    @Test
    void identicalRowsMatchTableByTableAndProgressCountsThem() throws Exception {
        List<ReportProgress> progress = Collections.synchronizedList(new ArrayList<>());

        JsonNode result = service.run(request(copy(), copy(), "app", "exact"), progress::add);

        assertThat(result.path("mode").asText()).isEqualTo("exact");
        assertThat(result.path("all_match").asBoolean()).as(result.toPrettyString()).isTrue();
        assertThat(rows(result)).containsExactly(
                "app.Empty \"One\" 0/0 ✓", "app.customers 5000/5000 ✓", "app.events 3000/3000 ✓",
                "app.events_2024 " + eventsIn2024() + "/" + eventsIn2024() + " ✓", "app.trucks 1/1 ✓", "app.vehicles 2/2 ✓");
        JsonNode customers = result.path("tables").get(1);
        assertThat(names(customers)).containsExactly("schema_name", "table_name", "source_rows", "target_rows", "match",
                "source_hash", "target_hash", "reason");
        assertThat(customers.path("source_hash").asText()).hasSize(32).isEqualTo(customers.path("target_hash").asText());
        long rowsPerSide = 5000 + 3000 + 2 + 1;
        assertThat(result.path("rows_hashed").asLong()).isEqualTo(2 * rowsPerSide);
        assertThat(progress).last().isEqualTo(new ReportProgress(6, 6, 2 * rowsPerSide, progress.get(progress.size() - 1).current()));
        assertThat(progress.get(0)).isEqualTo(new ReportProgress(0, 6, 0, null));
    }

    @Test
    void everyUserSchemaWhenNoneIsNamed() throws Exception {
        JsonNode result = service.run(request(copy(), copy(), null, null), p -> { });

        assertThat(result.path("schema").isNull()).isTrue();
        assertThat(rows(result)).contains("archive.events_old " + (3000 - eventsIn2024()) + "/" + (3000 - eventsIn2024()) + " ✓")
                .hasSize(7);
    }

    @Test
    void aDeletedRowAChangedRowAndTablesMissingOnEitherSideAreNamed() throws Exception {
        String target = copy();
        PG.execute(target, """
                DELETE FROM app.trucks;
                UPDATE app.customers SET ratio = ratio + 1e-12 WHERE id = 4321;
                DELETE FROM archive.events_old WHERE id = 7;
                DROP TABLE app.vehicles CASCADE;
                CREATE TABLE app.extra (id int); INSERT INTO app.extra VALUES (1), (2);
                ALTER TABLE app."Empty ""One\""" ADD COLUMN y int;
                """);

        JsonNode result = service.run(request(copy(), target, "app", "exact"), p -> { });

        assertThat(result.path("all_match").asBoolean()).isFalse();
        assertThat(result.path("mismatch_count").asInt()).isEqualTo(6);
        Map<String, JsonNode> byName = byName(result);
        assertThat(byName.get("customers").path("match").asText()).isEqualTo("✗");
        assertThat(byName.get("customers").path("reason").asText()).isEqualTo("same row count, different rows");
        assertThat(byName.get("events").path("reason").asText()).as("a partition of it elsewhere lost a row")
                .isEqualTo("row counts differ");
        assertThat(byName.get("events").path("target_rows").asLong()).isEqualTo(2999);
        assertThat(byName.get("events_2024").path("match").asText()).isEqualTo("✓");
        assertThat(byName.get("vehicles").path("match").asText()).isEqualTo("✗ (missing)");
        assertThat(byName.get("vehicles").path("source_rows").asLong()).isEqualTo(2);
        assertThat(byName.get("vehicles").path("target_rows").asLong()).isZero();
        assertThat(byName.get("trucks").path("match").asText()).as("dropped with its parent (CASCADE)").isEqualTo("✗ (missing)");
        assertThat(byName.get("extra").path("match").asText()).isEqualTo("✗ (extra)");
        assertThat(byName.get("extra").path("target_rows").asLong()).isEqualTo(2);
        assertThat(byName.get("Empty \"One\"").path("reason").asText()).isEqualTo("columns only on the target: y");
    }

    @Test
    void oneChangedRowInAMillionRowTableIsFound() throws Exception {
        String big = "verify_big_" + suffix();
        PG.createDatabase(big);
        PG.execute(big, """
                CREATE SCHEMA app;
                CREATE TABLE app.big (id bigint PRIMARY KEY, label text, amount numeric(12,2), at timestamptz, ratio float8);
                INSERT INTO app.big SELECT g, 'row ' || g, g / 100.0, timestamptz '2024-01-01 00:00+00' + g * interval '1 second',
                       g / 7.0 FROM generate_series(1, 1000000) g;
                """);
        PG.execute(big, "VACUUM ANALYZE app.big");
        String source = "verify_big_" + suffix();
        String target = "verify_big_" + suffix();
        PG.execute("postgres", "CREATE DATABASE " + source + " TEMPLATE " + big);
        PG.execute("postgres", "CREATE DATABASE " + target + " TEMPLATE " + big);
        PG.execute(target, "UPDATE app.big SET label = 'row 500001 ' WHERE id = 500001");
        long pages = Long.parseLong(PG.query(big, "SELECT relpages FROM pg_class WHERE relname = 'big'").get(0).get(0));
        // parts of 2,000 pages: the table is shared by both sessions of each side
        VerifyService split = new VerifyService(new PgConnector("pgclone-test"), 2, 2000);
        List<ReportProgress> progress = Collections.synchronizedList(new ArrayList<>());

        long started = System.nanoTime();
        JsonNode result = split.run(request(source, target, "app", "exact"), progress::add);
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("exact verify of 1,000,000 rows (%d pages) on each side, 2 sessions per side: %d ms%n", pages, millis);
        JsonNode row = result.path("tables").get(0);
        assertThat(row.path("match").asText()).isEqualTo("✗");
        assertThat(row.path("source_rows").asLong()).isEqualTo(1_000_000);
        assertThat(row.path("target_rows").asLong()).isEqualTo(1_000_000);
        assertThat(row.path("reason").asText()).isEqualTo("same row count, different rows");
        assertThat(result.path("rows_hashed").asLong()).isEqualTo(2_000_000);
        assertThat(progress.stream().map(ReportProgress::rows).distinct().count())
                .as("progress moves part by part (%d pages, parts of 2000)", pages).isGreaterThan(4);

        PG.execute(target, "UPDATE app.big SET label = 'row 500001' WHERE id = 500001");
        assertThat(split.run(request(source, target, "app", "exact"), p -> { }).path("all_match").asBoolean()).isTrue();
        PG.execute(target, "DELETE FROM app.big WHERE id = 999999");
        JsonNode deleted = split.run(request(source, target, "app", "exact"), p -> { }).path("tables").get(0);
        assertThat(deleted.path("reason").asText()).isEqualTo("row counts differ");
        assertThat(deleted.path("target_rows").asLong()).isEqualTo(999_999);
    }

    @Test
    void estimateAnswersPgclonesShapeFromStatisticsAndSaysWhenThereAreNone() throws Exception {
        String source = copy();
        String target = copy();
        PG.execute(target, "INSERT INTO app.customers (id) SELECT g FROM generate_series(10001, 10100) g");
        PG.execute(source, "CREATE TABLE app.fresh (x int); INSERT INTO app.fresh VALUES (1)");
        PG.execute(target, "CREATE TABLE app.fresh (x int); INSERT INTO app.fresh VALUES (1)");

        JsonNode result = service.run(request(source, target, "app", "estimate"), p -> { });

        assertThat(result.path("mode").asText()).isEqualTo("estimate");
        assertThat(names(result)).containsExactly("mode", "schema", "all_match", "table_count", "mismatch_count", "tables",
                "notes");
        JsonNode first = result.path("tables").get(0);
        assertThat(names(first)).containsExactly("schema_name", "table_name", "source_rows", "target_rows", "match", "reason");
        Map<String, JsonNode> byName = byName(result);
        assertThat(byName.get("customers").path("match").asText()).as("statistics predate the insert: pgclone's blind spot")
                .isEqualTo("✓");
        assertThat(byName.get("events").path("source_rows").asLong()).isEqualTo(3000);
        assertThat(byName.get("fresh").path("match").asText()).isEqualTo("?");
        assertThat(byName.get("fresh").path("source_rows").isNull()).isTrue();
        assertThat(byName.get("fresh").path("reason").asText()).contains("never analyzed on the source and the target");

        PG.execute(target, "ANALYZE app.customers");
        JsonNode analyzed = byName(service.run(request(source, target, "app", "estimate"), p -> { })).get("customers");
        assertThat(analyzed.path("match").asText()).isEqualTo("✗");
        assertThat(analyzed.path("target_rows").asLong()).isEqualTo(5100);
    }

    @Test
    void theMaskingHookComparesTheOtherColumnsAndSaysSo() throws Exception {
        String target = copy();
        PG.execute(target, "UPDATE app.customers SET \"Name\" = md5(\"Name\")");
        ReportRequest request = request(copy(), target, "app", "exact");

        assertThat(byName(service.run(request, p -> { })).get("customers").path("match").asText()).isEqualTo("✗");
        JsonNode masked = byName(service.verify(request, p -> { },
                Map.of(new QualifiedName("app", "customers"), Set.of("Name")))).get("customers");

        assertThat(masked.path("match").asText()).isEqualTo("✓");
        assertThat(masked.path("excluded_columns").toString()).isEqualTo("[\"Name\"]");
    }

    @Test
    void aMaskedCloneIsComparedOnItsUnmaskedColumnsAndAnUnmaskedDifferenceStillFails() throws Exception {
        String target = copy();
        PG.execute(target, """
                UPDATE app.customers SET "Name" = 'XXXX', born = NULL;
                UPDATE app.events SET payload = '{}';
                """);
        record(target, List.of(entry("customers", "Name", MaskingRecord.Method.CLONE, MaskRule.of(MaskStrategy.NAME)),
                entry("customers", "born", MaskingRecord.Method.IN_PLACE, MaskRule.of(MaskStrategy.NULL)),
                entry("events", "payload", MaskingRecord.Method.CLONE, MaskRule.constant("{}"))));
        String source = copy();

        for (String mode : new String[] {"exact", "estimate"}) {
            JsonNode result = service.run(request(source, target, "app", mode), p -> { });

            Map<String, JsonNode> byName = byName(result);
            assertThat(byName.get("customers").path("excluded_columns").toString()).isEqualTo("[\"Name\",\"born\"]");
            assertThat(byName.get("events").path("excluded_columns").toString()).isEqualTo("[\"payload\"]");
            assertThat(byName.get("events_2024").path("excluded_columns").toString())
                    .as("a partitioned table's masked columns are its partitions'").isEqualTo("[\"payload\"]");
            assertThat(byName.get("vehicles").has("excluded_columns")).isFalse();
            assertThat(result.path("notes").toString()).contains(
                    "columns masked by pgclone are left out of app.customers: Name (clone), born (in place)",
                    "columns masked by pgclone are left out of app.events: payload (clone)");
            if (mode.equals("exact")) {
                assertThat(result.path("all_match").asBoolean()).as(result.toPrettyString()).isTrue();
                assertThat(result.path("notes").get(0).asText()).endsWith("its other columns are hashed and its rows counted"
                        + " (recorded in _pgclone_masking.masked_columns)");
            }
        }

        PG.execute(target, "UPDATE app.customers SET balance = balance + 1 WHERE id = 17");
        JsonNode changed = byName(service.run(request(source, target, "app", "exact"), p -> { })).get("customers");
        assertThat(changed.path("match").asText()).as("an unmasked column that differs").isEqualTo("✗");
        assertThat(changed.path("reason").asText()).isEqualTo("same row count, different rows");
        PG.execute(target, "DELETE FROM archive.events_old WHERE id = 8");
        JsonNode fewer = byName(service.run(request(source, target, "app", "exact"), p -> { })).get("events");
        assertThat(fewer.path("reason").asText()).as("rows are still counted").isEqualTo("row counts differ");
    }

    @Test
    void aTableCreatedAgainAfterItsMaskedCloneIsComparedWhole() throws Exception {
        String target = copy();
        PG.execute(target, "UPDATE app.vehicles SET name = 'XXXX'");
        record(target, List.of(entry("vehicles", "name", MaskingRecord.Method.CLONE, MaskRule.of(MaskStrategy.NAME))));
        PG.execute(target, """
                DROP TABLE app.vehicles CASCADE;
                CREATE TABLE app.vehicles (id int, name text);
                INSERT INTO app.vehicles VALUES (1, 'car'), (2, 'bike!');
                CREATE TABLE app.trucks (tons numeric) INHERITS (app.vehicles);
                INSERT INTO app.trucks VALUES (3, 'lorry', 12.5);
                """);

        JsonNode result = service.run(request(copy(), target, "app", "exact"), p -> { });

        JsonNode vehicles = byName(result).get("vehicles");
        assertThat(vehicles.path("match").asText()).as("the old table's record says nothing of the new one").isEqualTo("✗");
        assertThat(vehicles.has("excluded_columns")).isFalse();
        assertThat(result.path("notes")).isEmpty();
    }

    @Test
    void theSameRowsVerifyEqualBetweenPostgres14And17() throws Exception {
        PostgresCluster pg14 = TestInfra.postgres("verify-14", 14);
        PostgresCluster pg17 = TestInfra.postgres("verify-17", 17);
        String a = "verify_x_" + suffix();
        String b = "verify_x_" + suffix();
        pg14.createDatabase(a);
        pg17.createDatabase(b);
        pg14.execute(a, SHOP);
        pg17.execute(b, SHOP);
        ReportRequest request = new ReportRequest("x", ReportKind.VERIFY, Conninfo.parse(pg14.conninfo(a)),
                Conninfo.parse(pg17.conninfo(b)), null, ReportParameters.NONE);

        JsonNode result = service.run(request, p -> { });

        assertThat(result.path("all_match").asBoolean()).as(result.toPrettyString()).isTrue();
        assertThat(result.path("table_count").asInt()).isEqualTo(7);
    }

    @Test
    void aSchemaMissingOnTheSourceFailsTheReportReadably() {
        for (String mode : new String[] {"exact", "estimate"}) {
            assertThatThrownBy(() -> service.run(request(copy(), copy(), "nowhere", mode), p -> { }))
                    .isInstanceOfSatisfying(CloneFailure.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND))
                    .hasMessage("schema \"nowhere\" does not exist on the source");
        }
    }

    @Test
    void aSchemaMissingOnTheTargetIsEveryTableMissing() throws Exception {
        String target = "verify_" + suffix();
        PG.createDatabase(target);

        JsonNode result = service.run(request(copy(), target, "app", "exact"), p -> { });

        assertThat(result.path("tables")).hasSize(6).allSatisfy(t -> assertThat(t.path("match").asText()).isEqualTo("✗ (missing)"));
    }

    @Test
    void anUnreachableSourceIsSourceUnavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReportRequest request = new ReportRequest("r", ReportKind.VERIFY,
                Conninfo.parse("host=127.0.0.1 port=" + closed + " dbname=x user=u password=secret"),
                Conninfo.parse(PG.conninfo(copy())), "app", ReportParameters.NONE);

        assertThatThrownBy(() -> service.run(request, p -> { }))
                .isInstanceOfSatisfying(CloneFailure.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE))
                .message().doesNotContain("secret");
    }

    @Test
    void aTableLockedOnTheTargetFailsTheVerifyNamingItInsteadOfHoldingTheReportForever() throws Exception {
        String target = copy();
        VerifyService patient = new VerifyService(new PgConnector("pgclone-test"), 2, VerifyPlan.DEFAULT_PAGES_PER_PART,
                java.time.Duration.ofMillis(300));
        try (java.sql.Connection hold = PG.connect(target); java.sql.Statement st = hold.createStatement()) {
            hold.setAutoCommit(false);
            st.execute("LOCK TABLE app.trucks IN ACCESS EXCLUSIVE MODE"); // as a clone loading it would
            assertThatThrownBy(() -> patient.run(request(copy(), target, "app", "exact"), p -> { }))
                    .isInstanceOfSatisfying(CloneFailure.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT))
                    .hasMessageContaining("\"app\".\"trucks\"").hasMessageContaining("on the target")
                    .hasMessageContaining("300 ms");
            hold.rollback();
        }
        assertThat(patient.run(request(copy(), target, "app", "exact"), p -> { }).path("all_match").asBoolean())
                .as("once the lock is gone").isTrue();
    }

    /** What a masked clone leaves on the target: its record of the columns it masked. */
    private static void record(String db, List<MaskingRecord.Entry> entries) throws Exception {
        try (Connection c = PG.connect(db)) {
            c.setAutoCommit(false);
            MaskingRecord.record(c, entries);
            c.commit();
        }
    }

    private static MaskingRecord.Entry entry(String table, String column, MaskingRecord.Method method, MaskRule rule) {
        return new MaskingRecord.Entry("app", table, column, method, rule, "0197b1c2-5d3e-7a10-8f44-6c2d9e0a1b36", 5000);
    }

    private static long eventsIn2024() {
        return Long.parseLong(PG.query(template, "SELECT count(*) FROM app.events_2024").get(0).get(0));
    }

    private static ReportRequest request(String source, String target, String schema, String mode) {
        return new ReportRequest(UUID.randomUUID().toString(), ReportKind.VERIFY, Conninfo.parse(PG.conninfo(source)),
                Conninfo.parse(PG.conninfo(target)), schema, new ReportParameters(mode, null, null));
    }

    /** "schema.table source/target match" per row. */
    private static List<String> rows(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("tables").forEach(t -> out.add(t.path("schema_name").asText() + "." + t.path("table_name").asText() + " "
                + t.path("source_rows").asText() + "/" + t.path("target_rows").asText() + " " + t.path("match").asText()));
        return out;
    }

    private static Map<String, JsonNode> byName(JsonNode result) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        result.path("tables").forEach(t -> out.put(t.path("table_name").asText(), t));
        return out;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static String copy() {
        String db = "verify_" + suffix();
        PG.execute("postgres", "CREATE DATABASE " + db + " TEMPLATE " + template);
        return db;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
