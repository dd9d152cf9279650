package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.pg.mask.MaskingRecord;
import dev.pgclone.pg.mask.MaskingRecord.Method;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The four reports end to end, through the gateway's report API to the inspector process and back, on what a clone
 * through the whole system produced: the fidelity fixture cloned by the gateway, coordinator and workers diffs in
 * sync and verifies equal (on one major and from 14 to 17), a changed row is named, pre-flight answers pgclone's shape,
 * discovery finds a card-number column by its values only when it samples, and after a masked clone verify compares
 * the unmasked columns while the masking report says how each sensitive column is masked.
 */
class ReportsIT {

    private static final String SCHEMA = "Fidélité";

    private static GatewayClient gateway;

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"source, target", "source-14, target-17"})
    void aFreshCloneOfTheFidelityFixtureIsInSyncAndVerifiesEqual(String sourceName, String targetName) throws Exception {
        PostgresCluster source = cluster(sourceName);
        PostgresCluster target = cluster(targetName);
        String[] dbs = databases(source, target);
        source.execute(dbs[0], SchemaCloneIT.fixture("fidelity.sql"));
        String connections = "\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":"
                + Json.write(target.conninfo(dbs[1]));
        JobView job = Json.read(gateway.post("/api/v1/clones/schema?wait=600s", "{" + connections + ",\"schema\":"
                + Json.write(SCHEMA) + ",\"options\":{\"parallel\":3}}").body(), JobView.class);
        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);
        String request = "{" + connections + ",\"schema\":" + Json.write(SCHEMA);

        JsonNode diff = result("diff", request + "}");
        assertThat(diff.path("in_sync").asBoolean()).as(diff.toPrettyString()).isTrue();
        assertThat(diff.path("diff_count").asInt()).isZero();

        JsonNode exact = result("verify", request + "}");
        assertThat(exact.path("all_match").asBoolean()).as(exact.toPrettyString()).isTrue();
        assertThat(tables(exact)).containsExactly("Customers", "bookings", "documents", "events", "events_2024", "events_2025",
                "events_other", "orders", "scratch \"pad\"", "secrets", "trucks", "vehicles");
        assertThat(exact.path("rows_hashed").asLong()).as("each side: 2000 + 300 + 5 + 5000 + 20000 + 100 + 2 + 2 + 2")
                .isEqualTo(2 * (2000 + 300 + 5 + 5000 + 20000 + 100 + 2 + 2 + 2));

        target.execute(dbs[1], "UPDATE \"Fidélité\".orders SET note = 'changed' WHERE id = 1234");
        JsonNode changed = result("verify", request + ",\"parameters\":{\"mode\":\"exact\"}}");
        assertThat(changed.path("mismatch_count").asInt()).isEqualTo(1);
        changed.path("tables").forEach(t -> assertThat(t.path("match").asText()).as(t.path("table_name").asText())
                .isEqualTo(t.path("table_name").asText().equals("orders") ? "✗" : "✓"));

        JsonNode estimate = result("verify", request + ",\"parameters\":{\"mode\":\"estimate\"}}");
        assertThat(estimate.path("tables").get(0).fieldNames()).toIterable()
                .contains("schema_name", "table_name", "source_rows", "target_rows", "match");

        JsonNode preflight = result("preflight", request + ",\"parameters\":{\"options\":{\"conflict\":\"skip\"}}}");
        assertThat(preflight.path("checks").size()).isEqualTo(preflight.path("summary").path("checks_run").asInt())
                .isGreaterThanOrEqualTo(16);
        assertThat(preflight.path("checks").path("name_conflicts").path("status").asText())
                .as("everything exists on the target now").isEqualTo("warn");
    }

    @Test
    void preflightOfAMissingSchemaIsNotReadyAndSaysWhy() throws Exception {
        PostgresCluster source = TestInfra.postgres("source");
        PostgresCluster target = TestInfra.postgres("target");
        String[] dbs = databases(source, target);
        JsonNode preflight = result("preflight", "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":"
                + Json.write(target.conninfo(dbs[1])) + ",\"schema\":\"nowhere\"}");

        assertThat(preflight.path("ready").asBoolean()).isFalse();
        assertThat(preflight.path("checks").path("schema_exists_source").path("status").asText()).isEqualTo("fail");
        assertThat(preflight.path("errors").toString()).contains("nowhere");
    }

    @Test
    void discoveryFindsACardNumberColumnByItsValuesOnlyWhenItSamples() throws Exception {
        PostgresCluster source = TestInfra.postgres("source");
        String db = "reports_disc_" + UUID.randomUUID().toString().substring(0, 8);
        source.createDatabase(db);
        source.execute(db, """
                CREATE SCHEMA crm;
                CREATE TABLE crm.people (id int PRIMARY KEY, email text, full_name text, col7 text, table_name text);
                INSERT INTO crm.people SELECT g, 'p' || g || '@example.com', 'Person ' || g,
                       (ARRAY['4111 1111 1111 1111', '5500-0000-0000-0004', '340000000000009'])[1 + g % 3], 't' || g
                  FROM generate_series(1, 300) g;""");
        String request = "{\"source\":" + Json.write(source.conninfo(db)) + ",\"schema\":\"crm\"";

        JsonNode byName = result("discover-sensitive", request + "}");
        assertThat(byName.path("people").path("email").asText()).isEqualTo("email");
        assertThat(byName.path("people").path("full_name").asText()).isEqualTo("name");
        assertThat(byName.path("people").has("col7")).isFalse();
        assertThat(byName.path("people").has("table_name")).isFalse();

        JsonNode sampled = report("discover-sensitive", request + ",\"parameters\":{\"sample\":100}}");
        assertThat(sampled.path("result").path("people").has("col7")).as(sampled.toPrettyString()).isTrue();
        JsonNode card = sampled.path("details").path("people").path("col7");
        assertThat(card.path("confidence").asDouble()).isGreaterThan(0.5);
        assertThat(card.path("reason").asText()).isNotBlank();
    }

    @Test
    void afterAMaskedCloneVerifyLeavesTheMaskedColumnsOutAndTheMaskingReportSaysHowEachIsMasked() throws Exception {
        PostgresCluster source = TestInfra.postgres("source");
        PostgresCluster target = TestInfra.postgres("target");
        String[] dbs = databases(source, target);
        String table = """
                CREATE SCHEMA hr;
                CREATE TABLE hr.employees (id int PRIMARY KEY, full_name text, email text, phone text, dept text);
                INSERT INTO hr.employees SELECT g, 'Person ' || g, 'p' || g || '@example.com', '+44 20 7946 ' || g, 'd'
                  FROM generate_series(1000, 1099) g;""";
        source.execute(dbs[0], table);
        target.execute(dbs[1], table + """
                UPDATE hr.employees SET email = left(email, 1) || '***@example.com', full_name = 'XXXX';
                CREATE VIEW hr.employees_masked AS SELECT id, full_name, email, '***-' || right(phone, 4) AS phone, dept
                  FROM hr.employees;""");
        // what a masked clone leaves on the target besides the masked values
        try (Connection c = target.connect(dbs[1])) {
            c.setAutoCommit(false);
            MaskingRecord.record(c, List.of(
                    new MaskingRecord.Entry("hr", "employees", "email", Method.CLONE, MaskRule.of(MaskStrategy.EMAIL),
                            null, 100),
                    new MaskingRecord.Entry("hr", "employees", "full_name", Method.IN_PLACE,
                            MaskRule.of(MaskStrategy.NAME), null, 100)));
            c.commit();
        }
        String targetOnly = "{\"target\":" + Json.write(target.conninfo(dbs[1])) + ",\"schema\":\"hr\"}";
        String both = "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":"
                + Json.write(target.conninfo(dbs[1])) + ",\"schema\":\"hr\"}";

        JsonNode verify = result("verify", both);
        assertThat(verify.path("all_match").asBoolean()).as(verify.toPrettyString()).isTrue();
        assertThat(verify.at("/tables/0/excluded_columns").toString()).isEqualTo("[\"full_name\",\"email\"]");
        assertThat(verify.path("notes").toString()).contains("columns masked by pgclone are left out of hr.employees");

        JsonNode masking = report("masking-report", targetOnly);
        assertThat(masking.path("source").isMissingNode() || masking.path("source").isNull()).isTrue();
        List<String> rows = new ArrayList<>();
        masking.path("result").path("columns").forEach(r -> rows.add(r.path("column_name").asText() + " "
                + r.path("mask_status").asText()));
        assertThat(rows).containsExactly("full_name MASKED (in place)", "email MASKED (clone)", "phone MASKED (view)");
        assertThat(masking.at("/details/employees/email/recorded/rule").asText()).as("the rule, beside the result")
                .isEqualTo("email");

        target.execute(dbs[1], "UPDATE hr.employees SET dept = 'changed' WHERE id = 1042");
        assertThat(result("verify", both).path("all_match").asBoolean()).as("an unmasked column differs").isFalse();
    }

    /** Asks for a report through the gateway, waits for it and returns it; it must have COMPLETED. */
    private static JsonNode report(String kind, String body) throws Exception {
        HttpResponse<String> posted = gateway.post("/api/v1/reports/" + kind + "?wait=300s", body);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode report = Json.mapper().readTree(posted.body());
        assertThat(report.path("status").asText()).as(posted.body()).isEqualTo("COMPLETED");
        return report;
    }

    private static JsonNode result(String kind, String body) throws Exception {
        return report(kind, body).path("result");
    }

    private static String[] databases(PostgresCluster source, PostgresCluster target) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String[] dbs = {"reports_src_" + suffix, "reports_tgt_" + suffix};
        source.createDatabase(dbs[0]);
        target.createDatabase(dbs[1]);
        return dbs;
    }

    private static PostgresCluster cluster(String name) {
        int dash = name.indexOf('-');
        return dash < 0 ? TestInfra.postgres(name) : TestInfra.postgres(name, Integer.parseInt(name.substring(dash + 1)));
    }

    private static List<String> tables(JsonNode verify) {
        List<String> out = new ArrayList<>();
        verify.path("tables").forEach(t -> out.add(t.path("table_name").asText()));
        return out;
    }
}
