package dev.pgclone.inspector.preflight;

import dev.pgclone.pg.connect.PgConnector;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The preflight report against real clusters (a source and a target, so roles differ between them), through the
 * handler as the report dispatcher calls it. Every database is fresh; roles are unique per test.
 */
class PreflightServiceTest {

    private static final List<String> PGCLONE_CHECKS = List.of("source_connection", "target_connection", "source_version",
            "target_version", "version_compat", "schema_exists_source", "schema_exists_target", "source_permissions",
            "target_permissions", "estimated_size", "target_database_size", "object_counts", "name_conflicts",
            "missing_extensions", "missing_roles", "missing_tablespaces");
    private static final List<String> EXTRA_CHECKS = List.of("required_extensions", "conflict_strategy",
            "tables_without_key", "row_filter", "table_patterns", "lock_capacity", "target_space", "row_security");

    private static final String SHOP = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.customers (id int PRIMARY KEY, name text);
            CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id int REFERENCES shop.customers, total numeric);
            CREATE TABLE shop.audit_log (at timestamptz, line text);
            CREATE INDEX orders_customer ON shop.orders (customer_id);
            CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 100;
            CREATE FUNCTION shop.touch(int) RETURNS boolean LANGUAGE sql VOLATILE AS 'SELECT true';
            INSERT INTO shop.customers SELECT g, 'c' || g FROM generate_series(1, 50) g;
            """;

    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");
    private final PreflightService service = new PreflightService(new PgConnector("pgclone-test"));
    private final List<ReportProgress> progress = new ArrayList<>();

    @Test
    void aHealthyPairIsReadyInPgclonesShapeWithEveryCheckCounted() {
        String[] dbs = databases(SHOP, "");

        JsonNode report = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop", "{}");

        assertThat(report.get("ready").asBoolean()).as(report.toPrettyString()).isTrue();
        assertThat(fieldNames(report)).containsExactly("schema", "ready", "summary", "errors", "warnings", "info", "checks");
        assertThat(report.get("schema").asText()).isEqualTo("shop");
        assertThat(fieldNames(report.get("summary"))).containsExactly("errors", "warnings", "info", "checks_run");
        assertThat(report.at("/summary/errors").asInt()).isZero();
        assertThat(report.get("errors")).isEmpty();
        List<String> all = new ArrayList<>(PGCLONE_CHECKS);
        all.addAll(EXTRA_CHECKS);
        assertThat(fieldNames(report.get("checks"))).containsExactlyElementsOf(all);
        assertThat(report.at("/summary/checks_run").asInt()).isEqualTo(all.size());
        assertThat(report.at("/checks/source_connection/status").asText()).isEqualTo("pass");
        assertThat(report.at("/checks/source_version/status").asText()).isEqualTo("info");
        assertThat(report.at("/checks/source_version/major").asInt()).isEqualTo(source.major());
        assertThat(report.at("/checks/source_version/value").asText()).startsWith(String.valueOf(source.major()));
        assertThat(report.at("/checks/version_compat/status").asText()).isIn("pass", "warn");
        assertThat(report.at("/checks/schema_exists_target/value").asBoolean()).isFalse();
        assertThat(report.at("/checks/estimated_size/bytes").asLong()).isPositive();
        assertThat(report.at("/checks/target_database_size/bytes").asLong()).isPositive();
        assertThat(report.at("/checks/object_counts").toString())
                .isEqualTo("{\"status\":\"info\",\"tables\":3,\"views\":1,\"sequences\":1,\"indexes\":3}");
        assertThat(report.at("/checks/name_conflicts").toString()).isEqualTo("{\"status\":\"pass\",\"items\":[]}");
        assertThat(report.at("/checks/missing_roles/items")).isEmpty();
        assertThat(report.at("/checks/tables_without_key/items").toString()).isEqualTo("[\"shop.audit_log\"]");
        assertThat(report.at("/checks/lock_capacity/tables").asInt()).isEqualTo(3);
        assertThat(report.at("/checks/lock_capacity/capacity").asLong()).isGreaterThan(3);
        assertThat(report.at("/checks/target_space/message").asText()).contains("not visible through SQL");
        assertThat(report.get("info").toString()).contains("shop.audit_log").contains("will create");
        assertThat(progress).last().extracting(ReportProgress::done).isEqualTo(2);
    }

    @Test
    void aMissingSchemaIsTheSchemaExistsSourceErrorNotAFailedReport() {
        String[] dbs = databases("", "");

        JsonNode report = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "nope", "{}");

        assertThat(report.get("ready").asBoolean()).isFalse();
        assertThat(report.at("/checks/schema_exists_source/status").asText()).isEqualTo("fail");
        assertThat(report.get("errors").toString()).contains("schema \\\"nope\\\" does not exist on the source");
        assertThat(report.at("/summary/checks_run").asInt()).isEqualTo(7);
    }

    @Test
    void anUnreachableSourceIsTheSourceConnectionErrorWithoutThePassword() throws IOException {
        String[] dbs = databases("", "");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String secret = "s3cret-" + UUID.randomUUID();
        String unreachable = "host=127.0.0.1 port=" + closed + " dbname=x user=postgres password=" + secret
                + " connect_timeout=3";

        JsonNode report = preflight(unreachable, target.conninfo(dbs[1]), "shop", "{}");

        assertThat(report.get("ready").asBoolean()).isFalse();
        assertThat(report.at("/checks/source_connection/status").asText()).isEqualTo("fail");
        assertThat(report.at("/checks/source_connection/message").asText()).contains("could not connect to the source")
                .contains("refused");
        assertThat(report.at("/checks/target_connection/status").asText()).isEqualTo("pass");
        assertThat(report.at("/checks/target_version/status").asText()).isEqualTo("info");
        assertThat(report.toString()).doesNotContain(secret);
    }

    @Test
    void aSourceRoleWithoutUsageOrSelectAndATargetRoleWithoutCreateAreErrors() {
        String[] dbs = databases(SHOP, "CREATE SCHEMA shop");
        String role = "pf_" + suffix();
        String password = "pw-" + suffix();
        source.execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        target.execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        String asRoleOnSource = conninfo(source, dbs[0], role, password);
        String asRoleOnTarget = conninfo(target, dbs[1], role, password);

        JsonNode noUsage = preflight(asRoleOnSource, asRoleOnTarget, "shop", "{}");
        assertThat(noUsage.get("ready").asBoolean()).isFalse();
        assertThat(noUsage.at("/checks/source_permissions/status").asText()).isEqualTo("fail");
        assertThat(noUsage.at("/checks/source_permissions/message").asText()).contains("lacks USAGE on schema \"shop\"");
        assertThat(noUsage.at("/checks/target_permissions/message").asText())
                .contains("lacks CREATE on schema \"shop\"").contains("lacks CREATE on the target database");

        source.execute(dbs[0], "GRANT USAGE ON SCHEMA shop TO " + role + "; GRANT SELECT ON shop.customers TO " + role);
        target.execute(dbs[1], "GRANT CREATE ON SCHEMA shop TO " + role + "; GRANT CREATE ON DATABASE " + dbs[1] + " TO " + role);
        JsonNode noSelect = preflight(asRoleOnSource, asRoleOnTarget, "shop", "{}");
        assertThat(noSelect.at("/checks/source_permissions/message").asText())
                .isEqualTo("source role lacks SELECT on shop.audit_log, shop.orders, shop.orders_id_seq");
        assertThat(noSelect.at("/checks/target_permissions/status").asText()).isEqualTo("pass");
        assertThat(noSelect.get("errors")).hasSize(1);

        // policies the role is subject to would hide rows: pgclone copies part of the table, we refuse it
        source.execute(dbs[0], "GRANT SELECT ON shop.audit_log, shop.orders, shop.orders_id_seq TO " + role
                + "; ALTER TABLE shop.customers ENABLE ROW LEVEL SECURITY");
        JsonNode filtered = preflight(asRoleOnSource, asRoleOnTarget, "shop", "{}");
        assertThat(filtered.at("/checks/source_permissions/status").asText()).isEqualTo("pass");
        assertThat(filtered.at("/checks/row_security/status").asText()).isEqualTo("fail");
        assertThat(filtered.at("/checks/row_security/items").toString()).isEqualTo("[\"shop.customers\"]");
        assertThat(filtered.get("ready").asBoolean()).isFalse();
        JsonNode asOwner = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop", "{}");
        assertThat(asOwner.at("/checks/row_security/status").asText()).isEqualTo("pass");
    }

    @Test
    void nameConflictsAreAnErrorWithConflictErrorAndWarningsSayingWhatEachStrategyDoes() {
        String[] dbs = databases(SHOP, """
                CREATE SCHEMA shop;
                CREATE TABLE shop.orders (keep text);
                CREATE FUNCTION shop.touch(int) RETURNS boolean LANGUAGE sql AS 'SELECT false';""");

        JsonNode error = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop", "{}");
        assertThat(error.get("ready").asBoolean()).isFalse();
        assertThat(error.at("/checks/name_conflicts/status").asText()).isEqualTo("warn");
        assertThat(error.at("/checks/name_conflicts/items").toString())
                .isEqualTo("[{\"name\":\"orders\",\"kind\":\"r\",\"schema\":\"shop\"}]");
        assertThat(error.at("/checks/conflict_strategy/status").asText()).isEqualTo("fail");
        assertThat(error.get("errors").get(0).asText()).isEqualTo("2 objects already exist on the target (conflict: error): "
                + "table shop.orders, function shop.touch(integer); use conflict skip, replace or rename to proceed");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("skip", "will be kept as they are, not cloned (conflict: skip)");
        expected.put("replace", "will be dropped and created again; the clone stops if other objects depend on them");
        expected.put("rename", "will be renamed to <name>_old");
        expected.forEach((strategy, says) -> {
            JsonNode report = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop",
                    "{\"conflict\": \"" + strategy + "\"}");
            assertThat(report.get("ready").asBoolean()).as(strategy).isTrue();
            assertThat(report.at("/checks/conflict_strategy/status").asText()).isEqualTo("warn");
            assertThat(report.at("/checks/conflict_strategy/conflict").asText()).isEqualTo(strategy);
            assertThat(report.at("/checks/conflict_strategy/message").asText()).contains(says)
                    .contains("table shop.orders");
        });
    }

    @Test
    void rolesOwningOrHoldingPrivilegesThatTheTargetLacksAreListed() {
        String owner = "pf_owner_" + suffix();
        String reader = "pf_reader_" + suffix();
        source.execute("postgres", "CREATE ROLE " + owner + "; CREATE ROLE " + reader);
        String[] dbs = databases(SHOP + """
                ALTER TABLE shop.orders OWNER TO <owner>;
                GRANT SELECT (name) ON shop.customers TO <reader>;""".replace("<owner>", owner).replace("<reader>", reader), "");

        JsonNode report = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop", "{}");

        assertThat(report.get("ready").asBoolean()).isTrue();
        assertThat(report.at("/checks/missing_roles/status").asText()).isEqualTo("warn");
        assertThat(report.at("/checks/missing_roles/count").asInt()).isEqualTo(2);
        assertThat(report.at("/checks/missing_roles/items").toString()).contains(owner).contains(reader);
        assertThat(report.get("warnings").toString()).contains("clone_roles");
    }

    @Test
    void anExtensionTheTargetCannotCreateIsAnErrorAndOneItCanWillBeCreated() throws Exception {
        String name = "pgclone_probe_" + suffix();
        String[] dbs = databases("", "");
        Path dir = Path.of(source.query(dbs[0], "SELECT setting FROM pg_config WHERE name = 'SHAREDIR'").get(0).get(0),
                "extension");
        Path control = dir.resolve(name + ".control");
        Path script = dir.resolve(name + "--1.0.sql");
        try {
            Files.writeString(control, "default_version = '1.0'\nrelocatable = true\ncomment = 'pgclone test'\n");
            Files.writeString(script, "CREATE DOMAIN probe_text AS text;\n");
            source.execute(dbs[0], "CREATE EXTENSION " + name + " SCHEMA public; CREATE EXTENSION citext SCHEMA public");
        } finally {
            Files.deleteIfExists(control); // gone from the server's files: no cluster of these binaries can create it now
            Files.deleteIfExists(script);
        }
        source.execute(dbs[0], """
                CREATE SCHEMA app;
                CREATE TABLE app.notes (id int PRIMARY KEY, body public.probe_text, tag public.citext);""");

        JsonNode report = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "app", "{}");

        assertThat(report.get("ready").asBoolean()).isFalse();
        assertThat(report.at("/checks/required_extensions/status").asText()).isEqualTo("fail");
        assertThat(report.at("/checks/required_extensions/message").asText()).isEqualTo("the clone needs extension \""
                + name + "\", which is not available on the target; install it there first");
        assertThat(report.at("/checks/required_extensions/items").toString())
                .contains("{\"name\":\"citext\",\"available\":true}").contains("{\"name\":\"" + name + "\",\"available\":false}");
        assertThat(report.at("/checks/missing_extensions/status").asText()).isEqualTo("warn");

        source.execute(dbs[0], "ALTER TABLE app.notes DROP COLUMN body");
        JsonNode creatable = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "app", "{}");
        assertThat(creatable.get("ready").asBoolean()).isTrue();
        assertThat(creatable.at("/checks/required_extensions/status").asText()).isEqualTo("info");
        assertThat(creatable.at("/checks/required_extensions/message").asText())
                .isEqualTo("extension \"citext\" will be created on the target");
    }

    @Test
    void anInvalidRegexIsTheTablePatternsErrorAndTheRestStillRuns() {
        String[] dbs = databases(SHOP, "");

        JsonNode report = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop",
                "{\"tables\": [\"(unclosed\"]}");

        assertThat(report.get("ready").asBoolean()).isFalse();
        assertThat(report.at("/checks/table_patterns/status").asText()).isEqualTo("fail");
        assertThat(report.at("/checks/table_patterns/message").asText()).contains("invalid regular expression");
        assertThat(report.at("/checks/source_permissions/status").asText()).isEqualTo("pass");
        assertThat(report.at("/checks/conflict_strategy/status").asText()).isEqualTo("pass");

        JsonNode none = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop", "{\"tables\": [\"zzz.*\"]}");
        assertThat(none.get("ready").asBoolean()).isTrue();
        assertThat(none.at("/checks/table_patterns/status").asText()).isEqualTo("warn");
        assertThat(none.at("/checks/object_counts/tables").asInt()).isZero();
    }

    @Test
    void aWhereTheSourceRefusesIsTheRowFilterError() {
        String[] dbs = databases(SHOP, "");

        JsonNode refused = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop",
                "{\"where\": \"shop.touch(1)\"}");
        assertThat(refused.get("ready").asBoolean()).isFalse();
        assertThat(refused.at("/checks/row_filter/status").asText()).isEqualTo("fail");
        assertThat(refused.at("/checks/row_filter/message").asText()).startsWith("options.where: must not use")
                .contains("touch");
        assertThat(refused.at("/checks/lock_capacity/status").asText()).as("checks after it still ran").isEqualTo("pass");

        JsonNode fine = preflight(source.conninfo(dbs[0]), target.conninfo(dbs[1]), "shop", "{\"where\": \"id > 10\"}");
        assertThat(fine.at("/checks/row_filter/status").asText()).isEqualTo("pass");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private JsonNode preflight(String sourceConninfo, String targetConninfo, String schema, String options) {
        ReportParameters parameters = ReportParameters.fromJson(Json.read("{\"options\": " + options + "}", JsonNode.class));
        ReportRequest request = new ReportRequest(UUID.randomUUID().toString(), ReportKind.PREFLIGHT,
                Conninfo.parse(sourceConninfo), Conninfo.parse(targetConninfo), schema, parameters);
        progress.clear();
        return service.run(request, progress::add);
    }

    private String[] databases(String sourceSql, String targetSql) {
        String suffix = suffix();
        String[] dbs = {"pf_src_" + suffix, "pf_tgt_" + suffix};
        source.createDatabase(dbs[0]);
        target.createDatabase(dbs[1]);
        if (!sourceSql.isBlank()) {
            source.execute(dbs[0], sourceSql);
        }
        if (!targetSql.isBlank()) {
            target.execute(dbs[1], targetSql);
        }
        return dbs;
    }

    private static String conninfo(PostgresCluster cluster, String db, String user, String password) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("host", cluster.host());
        params.put("port", String.valueOf(cluster.port()));
        params.put("dbname", db);
        params.put("user", user);
        params.put("password", password);
        return Conninfo.of(params).render();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
