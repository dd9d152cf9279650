package dev.pgclone.inspector.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.testing.Fixtures;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diff report as a plain class against real PostgreSQL: the fidelity fixture created twice is in sync, and one
 * change on the target per category is reported in the right place and counted, nothing else.
 */
class SchemaDiffServiceTest {

    private static final String SCHEMA = "Fidélité";
    private static final String S = "\"Fidélité\".";

    private static final PostgresCluster PG = TestInfra.postgres("inspector");
    private static String template;
    private static String source;

    private final SchemaDiffService service = new SchemaDiffService(new PgConnector("pgclone-test"));

    /** The fixture once as a template; the source and each drift case's target are copies of it. */
    @BeforeAll
    static void fixture() {
        template = "diff_tpl_" + suffix();
        PG.createDatabase(template);
        PG.execute(template, Fixtures.read("fidelity.sql"));
        source = copy();
    }

    @Test
    void theFixtureCreatedTwiceFromItsSqlIsInSyncInPgclonesShape() throws Exception {
        String a = database();
        String b = database();
        PG.execute(a, Fixtures.read("fidelity.sql"));
        PG.execute(b, Fixtures.read("fidelity.sql"));
        List<ReportProgress> progress = new ArrayList<>();

        JsonNode result = service.run(request(a, b, SCHEMA), progress::add);

        assertThat(result.path("in_sync").asBoolean()).as(result.toPrettyString()).isTrue();
        assertThat(result.path("diff_count").asInt()).isZero();
        assertThat(result.path("schema").asText()).isEqualTo(SCHEMA);
        assertThat(names(result)).startsWith("schema", "in_sync", "diff_count", "summary", "tables", "indexes",
                "constraints", "triggers", "views", "sequences");
        assertThat(names(result.path("summary"))).startsWith("tables_only_in_source", "tables_only_in_target",
                "tables_modified", "indexes_only_in_source", "indexes_only_in_target", "indexes_modified",
                "constraints_only_in_source", "constraints_only_in_target", "constraints_modified",
                "triggers_only_in_source", "triggers_only_in_target", "triggers_modified", "views_only_in_source",
                "views_only_in_target", "views_modified", "sequences_only_in_source", "sequences_only_in_target")
                .contains("identity_modified", "generated_only_in_source", "partitioning_modified", "inheritance_modified",
                        "row_security_modified", "policies_modified", "types_modified", "functions_modified",
                        "comments_modified", "owners_modified")
                .doesNotContain("sequences_modified");
        result.path("summary").forEach(count -> assertThat(count.asInt()).isZero());
        assertThat(names(result.path("tables"))).containsExactly("only_in_source", "only_in_target", "modified");
        assertThat(names(result.path("sequences"))).containsExactly("only_in_source", "only_in_target");
        assertThat(result.path("target_schema_exists").asBoolean()).isTrue();
        assertThat(progress).last().isEqualTo(new ReportProgress(2, 2, 0, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void oneChangeOnTheTargetIsReportedInItsPlaceAndCounted(String what, String sql, Map<String, Integer> summary,
                                                              String category, String list, String name) throws Exception {
        String target = copy();
        PG.execute(target, sql);

        JsonNode result = service.run(request(source, target, SCHEMA), p -> { });

        assertThat(nonZero(result.path("summary"))).as(result.toPrettyString()).isEqualTo(new TreeMap<>(summary));
        assertThat(result.path("diff_count").asInt()).isEqualTo(summary.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(result.path("in_sync").asBoolean()).isFalse();
        JsonNode entries = result.path(category).path(list);
        List<String> found = new ArrayList<>();
        entries.forEach(e -> found.add(e.isTextual() ? e.asText() : e.path("name").asText()));
        assertThat(found).as(result.path(category).toPrettyString()).contains(name);
    }

    static Stream<Arguments> drifts() {
        return Stream.of(
                drift("table only on the target", "CREATE TABLE " + S + "extra (id int PRIMARY KEY)",
                        Map.of("tables_only_in_target", 1, "constraints_only_in_target", 1), "tables", "only_in_target", "extra"),
                drift("table only on the source", "DROP TABLE " + S + "\"scratch \"\"pad\"\"\"",
                        Map.of("tables_only_in_source", 1), "tables", "only_in_source", "scratch \"pad\""),
                drift("column type", "ALTER TABLE " + S + "orders ALTER COLUMN note TYPE varchar(100)",
                        Map.of("tables_modified", 1), "tables", "modified", "orders"),
                drift("column default", "ALTER TABLE " + S + "\"Customers\" ALTER COLUMN feeling SET DEFAULT 'happy'",
                        Map.of("tables_modified", 1), "tables", "modified", "Customers"),
                drift("column not null", "ALTER TABLE " + S + "\"Customers\" ALTER COLUMN tags SET NOT NULL",
                        Map.of("tables_modified", 1), "tables", "modified", "Customers"),
                drift("column only on the target", "ALTER TABLE " + S + "vehicles ADD COLUMN color text",
                        // trucks inherits the column too
                        Map.of("tables_modified", 2), "tables", "modified", "vehicles"),
                drift("identity generation", "ALTER TABLE " + S + "bookings ALTER COLUMN id SET GENERATED ALWAYS",
                        Map.of("identity_modified", 1), "identity", "modified", "bookings.id"),
                drift("identity sequence options", "ALTER TABLE " + S + "\"Customers\" ALTER COLUMN id SET INCREMENT BY 5",
                        Map.of("identity_modified", 1), "identity", "modified", "Customers.id"),
                drift("generated column", "ALTER TABLE " + S + "orders ALTER COLUMN total DROP EXPRESSION",
                        Map.of("generated_only_in_source", 1), "generated", "only_in_source", "orders.total"),
                drift("index", "DROP INDEX " + S + "customers_name_lower; CREATE INDEX customers_name_lower ON " + S
                        + "\"Customers\" (upper(\"Name\"))", Map.of("indexes_modified", 1), "indexes", "modified", "customers_name_lower"),
                drift("index only on the source", "DROP INDEX " + S + "orders_customer",
                        Map.of("indexes_only_in_source", 1), "indexes", "only_in_source", "orders_customer"),
                drift("constraint", "ALTER TABLE " + S + "orders DROP CONSTRAINT orders_price_check, ADD CONSTRAINT "
                        + "orders_price_check CHECK (price >= -1)", Map.of("constraints_modified", 1), "constraints", "modified",
                        "orders.orders_price_check"),
                drift("trigger", "DROP TRIGGER orders_touch ON " + S + "\"Customers\"; CREATE TRIGGER orders_touch BEFORE INSERT ON "
                        + S + "\"Customers\" FOR EACH ROW EXECUTE FUNCTION " + S + "touch()",
                        Map.of("triggers_modified", 1), "triggers", "modified", "Customers.orders_touch"),
                drift("trigger disabled", "ALTER TABLE " + S + "\"Customers\" DISABLE TRIGGER orders_touch",
                        Map.of("triggers_modified", 1), "triggers", "modified", "Customers.orders_touch"),
                drift("view", "CREATE OR REPLACE VIEW " + S + "big_orders AS SELECT id, customer_id, total FROM " + S
                        + "orders WHERE total > 200", Map.of("views_modified", 1), "views", "modified", "big_orders"),
                drift("sequence", "CREATE SEQUENCE " + S + "extra_seq",
                        Map.of("sequences_only_in_target", 1), "sequences", "only_in_target", "extra_seq"),
                drift("sequence options", "ALTER SEQUENCE " + S + "ticket_seq INCREMENT BY 3",
                        Map.of("sequence_options_modified", 1), "sequence_options", "modified", "ticket_seq"),
                drift("partition bound", "DELETE FROM " + S + "events_2025 WHERE at >= '2025-07-01';"
                        + "ALTER TABLE " + S + "events DETACH PARTITION " + S + "events_2025;"
                        + "ALTER TABLE " + S + "events ATTACH PARTITION " + S + "events_2025 FOR VALUES FROM ('2025-01-01') TO ('2025-07-01')",
                        Map.of("partitioning_modified", 1), "partitioning", "modified", "events_2025"),
                drift("inheritance", "ALTER TABLE " + S + "trucks NO INHERIT " + S + "vehicles",
                        // the columns and the check constraint trucks inherited become its own
                        Map.of("inheritance_only_in_source", 1, "column_options_modified", 3, "constraints_modified", 1),
                        "inheritance", "only_in_source", "trucks"),
                drift("row security forced", "ALTER TABLE " + S + "secrets FORCE ROW LEVEL SECURITY",
                        Map.of("row_security_modified", 1), "row_security", "modified", "secrets"),
                drift("policy", "ALTER POLICY own_rows ON " + S + "secrets USING (owner_name = session_user)",
                        Map.of("policies_modified", 1), "policies", "modified", "secrets.own_rows"),
                drift("enum label", "ALTER TYPE " + S + "mood ADD VALUE 'angry'",
                        Map.of("types_modified", 1), "types", "modified", "mood"),
                drift("domain constraint", "ALTER DOMAIN " + S + "positive_int ADD CONSTRAINT small CHECK (VALUE < 1000000)",
                        Map.of("types_modified", 1), "types", "modified", "positive_int"),
                drift("composite attribute", "ALTER TYPE " + S + "address ADD ATTRIBUTE country text",
                        Map.of("types_modified", 1), "types", "modified", "address"),
                drift("function body", "CREATE OR REPLACE FUNCTION " + S + "area(r float8) RETURNS float8 LANGUAGE sql "
                        + "IMMUTABLE AS $$ SELECT 3.14 * r * r $$", Map.of("functions_modified", 1), "functions", "modified",
                        "area(double precision)"),
                drift("procedure body", "CREATE OR REPLACE PROCEDURE " + S + "bump(n int) LANGUAGE plpgsql AS "
                        + "$$BEGIN PERFORM setval('\"Fidélité\".ticket_seq', n + 1); END$$", Map.of("functions_modified", 1),
                        "functions", "modified", "bump(integer)"),
                drift("function only on the target", "CREATE FUNCTION " + S + "extra() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                        Map.of("functions_only_in_target", 1), "functions", "only_in_target", "extra()"),
                drift("table comment", "COMMENT ON TABLE " + S + "\"Customers\" IS 'buyers'",
                        Map.of("comments_modified", 1), "comments", "modified", "table Customers"),
                drift("column comment only on the target", "COMMENT ON COLUMN " + S + "orders.note IS 'free text'",
                        Map.of("comments_only_in_target", 1), "comments", "only_in_target", "column orders.note"),
                drift("owner", "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'diff_owner') THEN "
                        + "CREATE ROLE diff_owner; END IF; END$$; ALTER TABLE " + S + "secrets OWNER TO diff_owner",
                        Map.of("owners_modified", 1), "owners", "modified", "table secrets"),
                drift("collation", "CREATE COLLATION " + S + "extra (provider = libc, locale = 'C')",
                        Map.of("collations_only_in_target", 1), "collations", "only_in_target", "extra"),
                drift("table options", "ALTER TABLE " + S + "orders SET (fillfactor = 70)",
                        Map.of("table_options_modified", 1), "table_options", "modified", "orders"),
                drift("column order", "ALTER TABLE " + S + "\"scratch \"\"pad\"\"\" DROP COLUMN \"Ünïcode\", ADD COLUMN \"Ünïcode\" text",
                        Map.of("column_order_modified", 1), "column_order", "modified", "scratch \"pad\""),
                drift("column collation", "ALTER TABLE " + S + "documents ALTER COLUMN title TYPE text COLLATE \"C\"",
                        Map.of("column_options_modified", 1), "column_options", "modified", "documents.title"));
    }

    @Test
    void aSchemaMissingOnTheTargetPutsEverythingOnlyInTheSource() throws Exception {
        String target = database();

        JsonNode result = service.run(request(source, target, SCHEMA), p -> { });

        assertThat(result.path("target_schema_exists").asBoolean()).isFalse();
        assertThat(result.path("tables").path("only_in_source")).hasSize(12);
        assertThat(result.path("summary").path("tables_only_in_target").asInt()).isZero();
        assertThat(result.path("summary").path("owners_modified").asInt()).as("properties of missing objects").isZero();
        assertThat(result.path("diff_count").asInt()).isGreaterThan(40);
    }

    @Test
    void aSchemaMissingOnTheSourceFailsTheReportReadably() {
        assertThatThrownBy(() -> service.run(request(source, copy(), "nowhere"), p -> { }))
                .isInstanceOfSatisfying(CloneFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
                    assertThat(f.retriable()).isFalse();
                })
                .hasMessage("schema \"nowhere\" does not exist on the source");
    }

    @Test
    void anUnreachableTargetIsTargetUnavailable() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String unreachable = "host=127.0.0.1 port=" + closed + " dbname=x user=u password=secret";
        ReportRequest request = new ReportRequest("r", ReportKind.DIFF, Conninfo.parse(PG.conninfo(source)),
                Conninfo.parse(unreachable), SCHEMA, ReportParameters.NONE);

        assertThatThrownBy(() -> service.run(request, p -> { }))
                .isInstanceOfSatisfying(CloneFailure.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.TARGET_UNAVAILABLE))
                .message().startsWith("could not connect to the target").doesNotContain("secret");
    }

    private static Arguments drift(String what, String sql, Map<String, Integer> summary, String category, String list,
                                   String name) {
        return Arguments.of(what, sql, summary, category, list, name);
    }

    private static ReportRequest request(String sourceDb, String targetDb, String schema) {
        return new ReportRequest(UUID.randomUUID().toString(), ReportKind.DIFF, Conninfo.parse(PG.conninfo(sourceDb)),
                Conninfo.parse(PG.conninfo(targetDb)), schema, ReportParameters.NONE);
    }

    private static Map<String, Integer> nonZero(JsonNode summary) {
        Map<String, Integer> out = new TreeMap<>();
        summary.fields().forEachRemaining(e -> {
            if (e.getValue().asInt() != 0) {
                out.put(e.getKey(), e.getValue().asInt());
            }
        });
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
        String db = "diff_" + suffix();
        PG.execute("postgres", "CREATE DATABASE " + db + " TEMPLATE " + template);
        return db;
    }

    private static String database() {
        String db = "diff_" + suffix();
        PG.createDatabase(db);
        return db;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
