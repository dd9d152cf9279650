package dev.pgclone.inspector.discovery;

import dev.pgclone.pg.connect.PgConnector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.DetailedReportHandler;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** discover-sensitive against a real catalog and real rows, through the handler as the report dispatcher calls it. */
class SensitiveDataServiceTest {

    private static final String FIXTURE = """
            CREATE SCHEMA hr;
            CREATE TABLE hr.employees (id int PRIMARY KEY, email text, full_name text, phone text, salary numeric(10,2),
                ssn text, email_verified boolean, created_at timestamptz DEFAULT now(), birth_place text,
                ip_address inet, zipped boolean, is_emailed boolean, businessname text, table_name text,
                email_lower text GENERATED ALWAYS AS (lower(email)) STORED);
            CREATE TABLE hr.users (id int PRIMARY KEY, password text, api_key text);
            CREATE TABLE hr.payments (id int PRIMARY KEY, col7 text, note text, amount_cents bigint);
            INSERT INTO hr.employees (id, email, full_name, phone, salary, ssn, ip_address, businessname, table_name)
                 SELECT g, 'person' || g || '@example.com', 'Person ' || g, '+44 20 7946 ' || lpad(g::text, 4, '0'),
                        40000 + g, '123-45-' || lpad(g::text, 4, '0'), ('10.0.0.' || g)::inet, 'Shop ' || g, 't' || g
                   FROM generate_series(1, 30) g;
            INSERT INTO hr.users SELECT g, md5(g::text), md5('k' || g) FROM generate_series(1, 10) g;
            INSERT INTO hr.payments
                 SELECT g, (ARRAY['4111111111111111', '5500 0055 5555 5559', '378282246310005', '6011111111111117',
                                  '4012-8888-8888-1881', '4222222222222'])[1 + g % 6], 'paid ' || g, g * 100
                   FROM generate_series(1, 40) g;
            """;

    private final PostgresCluster source = TestInfra.postgres("source");
    private final SensitiveDataService service = new SensitiveDataService(new PgConnector("pgclone-test"));
    private final List<ReportProgress> progress = new ArrayList<>();
    private String db;

    @BeforeEach
    void createSource() {
        db = "sd_" + UUID.randomUUID().toString().substring(0, 8);
        source.createDatabase(db);
        source.execute(db, FIXTURE);
    }

    @Test
    void byNameItFindsPgclonesDocumentedColumnsAndNoneOfItsFalseHitsInItsShape() {
        DetailedReportHandler.Output out = discover(source.conninfo(db), "hr", 0);

        assertThat(out.result()).isEqualTo(Json.read("""
                {"employees": {"email": "email", "full_name": "name", "phone": "phone", "salary": "random_int",
                               "ssn": "null", "ip_address": "hash"},
                 "users": {"password": "hash", "api_key": "hash"}}""", JsonNode.class));
        assertThat(fieldNames(out.result())).as("table order").containsExactly("employees", "users");
        assertThat(fieldNames(out.result().get("employees"))).as("column order")
                .containsExactly("email", "full_name", "phone", "salary", "ssn", "ip_address");
        assertThat(out.details().at("/employees/ip_address/category").asText()).isEqualTo("IP Address");
        assertThat(out.details().at("/employees/email")).isEqualTo(Json.read("""
                {"strategy": "email", "category": "Email", "confidence": 0.95,
                 "reason": "column name \\"email\\" reads as \\"email\\"", "source": "name"}""", JsonNode.class));
        assertThat(progress).last().isEqualTo(new ReportProgress(3, 3, 0, null));
    }

    @Test
    void sampledValuesFlagACardNumberColumnNoNameCaughtAndConfirmWhatNamesSaid() {
        DetailedReportHandler.Output out = discover(source.conninfo(db), "hr", 20);

        assertThat(out.result().get("payments")).isEqualTo(Json.read("{\"col7\": \"null\"}", JsonNode.class));
        JsonNode col7 = out.details().at("/payments/col7");
        assertThat(col7.get("category").asText()).isEqualTo("Credit Card");
        assertThat(col7.get("source").asText()).isEqualTo("values");
        assertThat(col7.get("confidence").asDouble()).isEqualTo(0.9);
        assertThat(col7.get("reason").asText()).isEqualTo("no name rule; 20 of 20 sampled values are Luhn-valid card numbers");
        JsonNode email = out.details().at("/employees/email");
        assertThat(email.get("source").asText()).isEqualTo("name+values");
        assertThat(email.get("confidence").asDouble()).isEqualTo(0.99);
        assertThat(email.get("reason").asText()).endsWith("; 20 of 20 sampled values are email addresses");
        assertThat(out.details().at("/employees/phone/reason").asText()).contains("20 of 20 sampled values are phone numbers");
        assertThat(out.details().at("/employees/ip_address/source").asText()).isEqualTo("name+values");
        assertThat(out.details().at("/employees/ssn/source").asText()).as("no validator for national ids").isEqualTo("name");
        assertThat(out.result().get("employees")).hasSize(6);
        assertThat(out.result().get("users")).hasSize(2);
        assertThat(progress).as("20 + 10 + 20 rows").last().isEqualTo(new ReportProgress(3, 3, 50, null));
        String everything = out.result().toString() + out.details();
        assertThat(everything).as("no sampled value is reported").doesNotContain("4111111111111111")
                .doesNotContain("example.com").doesNotContain("7946").doesNotContain("10.0.0.");
    }

    @Test
    void theResultIsUsableAsMasksAsItIs() {
        JsonNode masks = discover(source.conninfo(db), "hr", 20).result();

        Set<String> strategies = Set.of("email", "name", "phone", "partial", "hash", "null", "random_int", "constant");
        masks.fields().forEachRemaining(table -> {
            assertThat(table.getValue().isObject()).isTrue();
            table.getValue().fields().forEachRemaining(column -> assertThat(column.getValue().asText()).isIn(strategies));
        });
        assertThat(source.query(db, "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE nspname = 'hr' AND relkind = 'r'").get(0).get(0).split(","))
                .as("every key is a table").contains(fieldNames(masks).toArray(String[]::new));
    }

    @Test
    void aMissingSchemaOrAnUnreachableSourceFailsTheReport() {
        CloneFailure missing = catchThrowableOfType(() -> discover(source.conninfo(db), "nope", 0), CloneFailure.class);
        assertThat(missing.code()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
        assertThat(missing.getMessage()).isEqualTo("schema \"nope\" does not exist on the source");

        CloneFailure unreachable = catchThrowableOfType(() -> discover(
                "host=127.0.0.1 port=1 dbname=x user=postgres password=hidden connect_timeout=3", "hr", 0), CloneFailure.class);
        assertThat(unreachable.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
        assertThat(unreachable.getMessage()).startsWith("could not connect to the source").doesNotContain("hidden");
    }

    @Test
    void aTableTheRoleCannotReadIsJudgedByNameAndSaysItWasNotSampled() {
        String role = "sd_" + UUID.randomUUID().toString().substring(0, 8);
        source.execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD 'pw'");
        source.execute(db, "GRANT USAGE ON SCHEMA hr TO " + role + "; GRANT SELECT ON hr.employees, hr.payments TO " + role);
        String asRole = "host=" + source.host() + " port=" + source.port() + " dbname=" + db + " user=" + role + " password=pw";

        DetailedReportHandler.Output out = discover(asRole, "hr", 20);

        assertThat(out.details().at("/users/password/reason").asText())
                .endsWith("(values not sampled: permission denied for table users)");
        assertThat(out.details().at("/payments/col7/source").asText()).as("later tables still sampled").isEqualTo("values");
    }

    private DetailedReportHandler.Output discover(String conninfo, String schema, int sample) {
        ReportRequest request = new ReportRequest(UUID.randomUUID().toString(), ReportKind.DISCOVER_SENSITIVE,
                Conninfo.parse(conninfo), null, schema, new ReportParameters(null, sample, null));
        progress.clear();
        return service.runDetailed(request, progress::add);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
