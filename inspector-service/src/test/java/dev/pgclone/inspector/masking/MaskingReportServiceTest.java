package dev.pgclone.inspector.masking;

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
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.mask.MaskSql;
import dev.pgclone.pg.mask.MaskingRecord;
import dev.pgclone.pg.mask.MaskingRecord.Method;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The masking report as a plain class against real PostgreSQL: views, clone-time and in-place masking. */
class MaskingReportServiceTest {

    private static final PostgresCluster PG = TestInfra.postgres("inspector");

    private final MaskingReportService service = new MaskingReportService(new PgConnector("pgclone-test"));

    @Test
    void eachSensitiveColumnSaysHowItIsMaskedColumnByColumn() throws Exception {
        String db = database();
        PG.execute(db, """
                CREATE SCHEMA hr;
                CREATE TABLE hr.employees (id int PRIMARY KEY, full_name text, email text, phone text, salary int,
                                           ssn text, created_at timestamptz);
                CREATE VIEW hr.employees_masked AS SELECT id, %s AS full_name, %s AS email, phone, salary::bigint AS salary,
                       %s AS ssn, created_at FROM hr.employees;
                CREATE TABLE hr.users (id int, email text, password text, api_key text);
                CREATE VIEW hr.users_masked AS SELECT id, email, %s AS password, api_key::varchar(64) AS api_key
                  FROM hr.users;
                CREATE TABLE hr.customers (id int, email text, first_name text);
                CREATE TABLE hr.contacts (id int, phone text, ssn text);
                CREATE TABLE hr.old (id int, email text);
                CREATE TABLE hr.events (id int, at date, email text, ip_address text) PARTITION BY RANGE (at);
                CREATE TABLE hr.events_2024 PARTITION OF hr.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE hr.products (id int, product_name text, price numeric);
                """.formatted(MaskSql.expression(MaskRule.of(MaskStrategy.NAME), "full_name", 0),
                MaskSql.expression(MaskRule.of(MaskStrategy.EMAIL), "email", 0),
                MaskSql.expression(MaskRule.of(MaskStrategy.NULL), "ssn", 0),
                MaskSql.expression(MaskRule.of(MaskStrategy.HASH), "password", 0)));
        record(db, List.of(entry("customers", "email", Method.CLONE, MaskRule.of(MaskStrategy.EMAIL)),
                entry("contacts", "phone", Method.IN_PLACE, MaskRule.of(MaskStrategy.PHONE)),
                entry("contacts", "ssn", Method.CLONE, MaskRule.of(MaskStrategy.NULL)),
                entry("contacts", "ssn", Method.IN_PLACE, MaskRule.keyedHash(12)),
                entry("old", "email", Method.CLONE, MaskRule.of(MaskStrategy.EMAIL)),
                entry("events", "email", Method.CLONE, MaskRule.of(MaskStrategy.HASH))));
        PG.execute(db, "DROP TABLE hr.old; CREATE TABLE hr.old (id int, email text)");
        List<ReportProgress> progress = new ArrayList<>();

        JsonNode result = service.run(request(db, "hr"), progress::add);

        assertThat(rows(result)).containsExactly(
                "contacts.phone | Phone | MASKED (in place) | OK - masked in place (phone)",
                "contacts.ssn | National ID | MASKED (in place) | OK - masked in place (keyed_hash)",
                "customers.email | Email | MASKED (clone) | OK - masked at clone time (email)",
                "customers.first_name | PII - Name | UNMASKED | Apply mask strategy: name",
                "employees.full_name | PII - Name | MASKED (view) | OK - masked via employees_masked view",
                "employees.email | Email | MASKED (view) | OK - masked via employees_masked view",
                "employees.phone | Phone | UNMASKED | Apply mask strategy: phone",
                "employees.salary | Financial | UNMASKED | Apply mask strategy: random_int",
                "employees.ssn | National ID | MASKED (view) | OK - masked via employees_masked view",
                "events.email | Email | MASKED (clone) | OK - masked at clone time (hash)",
                "events.ip_address | IP Address | UNMASKED | Apply mask strategy: hash",
                "events_2024.email | Email | MASKED (clone) | OK - masked at clone time (hash)",
                "events_2024.ip_address | IP Address | UNMASKED | Apply mask strategy: hash",
                "old.email | Email | UNMASKED | Apply mask strategy: email",
                "users.email | Email | UNMASKED | Apply mask strategy: email",
                "users.password | Credential | MASKED (view) | OK - masked via users_masked view",
                "users.api_key | Credential | UNMASKED | Apply mask strategy: hash");
        JsonNode first = result.path("columns").get(0);
        assertThat(names(first)).as("pgclone's row shape").containsExactly("schema_name", "table_name", "column_name",
                "sensitivity", "mask_status", "recommendation");
        assertThat(first.path("schema_name").asText()).isEqualTo("hr");
        assertThat(result.path("all_masked").asBoolean()).isFalse();
        assertThat(result.path("summary").toString()).isEqualTo("{\"sensitive_columns\":17,\"masked\":9,\"unmasked\":8,"
                + "\"masked_view\":4,\"masked_clone\":3,\"masked_in_place\":2}");
        assertThat(result.path("notes").toString()).contains(
                "employees_masked shows employees.phone unmasked (its column of that name is a plain reference to a"
                        + " column): not counted as masking it",
                "employees_masked shows employees.salary unmasked", "users_masked shows users.email unmasked",
                "users_masked shows users.api_key unmasked");
        assertThat(progress).last().isEqualTo(new ReportProgress(8, 8, 0, null));

        JsonNode details = service.runDetailed(request(db, "hr"), p -> { }).details();
        assertThat(details.path("contacts").path("ssn").toString()).isEqualTo("{\"mask_status\":\"MASKED (in place)\","
                + "\"category\":\"National ID\",\"recorded\":{\"method\":\"in place\",\"rule\":{\"type\":\"keyed_hash\","
                + "\"length\":12},\"job_id\":\"0197b1c2-5d3e-7a10-8f44-6c2d9e0a1b36\",\"rows\":10}}");
        assertThat(details.path("users").path("api_key").toString()).isEqualTo("{\"mask_status\":\"UNMASKED\","
                + "\"category\":\"Credential\",\"view\":\"users_masked\",\"view_column\":\"passed through\"}");
        assertThat(details.path("employees").path("email").path("view_column").asText()).isEqualTo("masked");
    }

    @Test
    void aSchemaWithoutSensitiveColumnsIsAllMaskedAndAMissingSchemaFailsReadably() throws Exception {
        String db = database();
        PG.execute(db, "CREATE SCHEMA shop; CREATE TABLE shop.products (id int, product_name text)");

        JsonNode result = service.run(request(db, "shop"), p -> { });

        assertThat(result.path("columns")).isEmpty();
        assertThat(result.path("all_masked").asBoolean()).isTrue();
        assertThatThrownBy(() -> service.run(request(db, "nowhere"), p -> { }))
                .isInstanceOfSatisfying(CloneFailure.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND))
                .hasMessage("schema \"nowhere\" does not exist on the target");
    }

    /** What a masked clone or an in-place mask leaves on the target: the service's record of the columns. */
    private static void record(String db, List<MaskingRecord.Entry> entries) throws Exception {
        try (Connection c = PG.connect(db)) {
            c.setAutoCommit(false);
            MaskingRecord.record(c, entries);
            c.commit();
        }
    }

    private static MaskingRecord.Entry entry(String table, String column, Method method, MaskRule rule) {
        return new MaskingRecord.Entry("hr", table, column, method, rule, "0197b1c2-5d3e-7a10-8f44-6c2d9e0a1b36", 10);
    }

    private static ReportRequest request(String db, String schema) {
        return new ReportRequest(UUID.randomUUID().toString(), ReportKind.MASKING_REPORT, null,
                Conninfo.parse(PG.conninfo(db)), schema, ReportParameters.NONE);
    }

    /** "table.column | sensitivity | mask_status | recommendation" per row. */
    private static List<String> rows(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("columns").forEach(r -> out.add(r.path("table_name").asText() + "." + r.path("column_name").asText()
                + " | " + r.path("sensitivity").asText() + " | " + r.path("mask_status").asText() + " | "
                + r.path("recommendation").asText()));
        return out;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static String database() {
        String db = "maskreport_" + UUID.randomUUID().toString().substring(0, 8);
        PG.createDatabase(db);
        return db;
    }
}
