package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Masking jobs through the whole system: mask-in-place and a masking policy asked at the gateway, run by the
 * coordinator process on a real target, then the inspector's masking-report (through the gateway) reads them as
 * {@code MASKED (in place)} and {@code MASKED (view)}; the policy's drop leaves the table's grants as they were.
 */
class MaskingJobsIT {

    private static GatewayClient gateway;
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @Test
    void maskedInPlaceAndThroughAPolicyTheMaskingReportSaysSoAndTheDropRestoresTheGrants() throws Exception {
        String db = "maskjobs_" + UUID.randomUUID().toString().substring(0, 8);
        target.createDatabase(db);
        target.execute(db, """
                CREATE SCHEMA hr;
                CREATE TABLE hr.employees (id int PRIMARY KEY, email text, full_name text, salary int);
                INSERT INTO hr.employees SELECT g, 'user' || g || '@example.com', 'Name ' || g, 1000 + g
                  FROM generate_series(1, 25000) g;
                CREATE TABLE hr.users (id int PRIMARY KEY, email text, password text);
                INSERT INTO hr.users VALUES (1, 'ann@example.com', 'hunter2'), (2, NULL, NULL);
                GRANT SELECT ON hr.users TO PUBLIC;
                """);
        String acl = "SELECT string_agg(a.grantor::regrole || ' ' || a.grantee || ' ' || a.privilege_type, ', '"
                + " ORDER BY 1) FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a"
                + " WHERE c.oid = 'hr.users'::regclass";
        String aclBefore = target.query(db, acl).get(0).get(0);
        String conn = Json.write(target.conninfo(db));

        JobView masked = job("/api/v1/masking/in-place", "{\"target\":" + conn + ",\"schema\":\"hr\",\"table\":"
                + "\"employees\",\"mask\":{\"email\":\"email\",\"full_name\":\"name\"}}");
        JobView policy = job("/api/v1/masking/policies", "{\"target\":" + conn + ",\"schema\":\"hr\",\"table\":"
                + "\"users\",\"mask\":{\"email\":\"email\",\"password\":\"null\"},\"privilegedRole\":"
                + Json.write(target.superuser()) + "}");

        assertThat(masked.result()).isEqualTo("OK: masked 25000 rows in hr.employees (2 columns)");
        assertThat(target.query(db, "SELECT email, full_name FROM hr.employees WHERE id = 7").get(0))
                .containsExactly("u***@example.com", "XXXX");
        assertThat(policy.result()).startsWith("OK: created masking policy on hr.users");
        assertThat(target.query(db, "SELECT email, password FROM hr.users_masked WHERE id = 1").get(0))
                .containsExactly("a***@example.com", null);
        HttpResponse<String> report = gateway.post("/api/v1/reports/masking-report?wait=300s",
                "{\"target\":" + conn + ",\"schema\":\"hr\"}");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        Json.mapper().readTree(report.body()).at("/result/columns").forEach((JsonNode r) -> rows.add(
                r.path("table_name").asText() + "." + r.path("column_name").asText() + " " + r.path("mask_status").asText()));
        assertThat(rows).contains("employees.email MASKED (in place)", "employees.full_name MASKED (in place)",
                "users.email MASKED (view)", "users.password MASKED (view)");

        JobView dropped = job("/api/v1/masking/policies/drop", "{\"target\":" + conn + ",\"schema\":\"hr\","
                + "\"table\":\"users\"}");

        assertThat(dropped.result()).startsWith("OK: dropped masking policy on hr.users");
        assertThat(target.query(db, acl).get(0).get(0)).isEqualTo(aclBefore);
        target.dropDatabase(db);
    }

    private static JobView job(String path, String body) {
        HttpResponse<String> answer = gateway.post(path + "?wait=300s", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JobView job = Json.read(answer.body(), JobView.class);
        assertThat(job.status()).as(job.error()).isEqualTo(JobStatus.COMPLETED);
        return job;
    }
}
