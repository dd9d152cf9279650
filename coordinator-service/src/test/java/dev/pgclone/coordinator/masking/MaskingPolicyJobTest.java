package dev.pgclone.coordinator.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.coordinator.JobTopics;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.CreateMaskingPolicy;
import dev.pgclone.contracts.command.DropMaskingPolicy;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.pg.mask.MaskingViews;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Masking policies as coordinator jobs on a real target: the view and pgclone's grants, and a drop that puts back
 * exactly the grants the table had (compared with {@code aclexplode}), for a table PUBLIC could not read and one it
 * could.
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
@TestProfile(MaskingProfile.class)
class MaskingPolicyJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String MASK = """
            {"email": "email", "full_name": "name", "ssn": {"type": "partial", "prefix": 0, "suffix": 4},
             "salary": {"type": "random_int", "min": 1, "max": 9}, "phone": "phone", "pin": "hash",
             "notes": "null", "city": {"type": "constant", "value": "somewhere"}}""";

    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private String db;
    private String admin;
    private String reader;
    private JobTopics topics;
    private TopicRecorder jobEvents;
    private TestProducer producer;

    @BeforeEach
    void setUp() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        db = "policy_" + suffix;
        admin = "data_admin_" + suffix;
        reader = "Reader " + suffix;
        target.createDatabase(db);
        target.execute("postgres", "CREATE ROLE " + admin + "; CREATE ROLE \"" + reader + "\"");
        String columns = "(id int PRIMARY KEY, email text, full_name text, ssn text, salary int, phone text, pin text,"
                + " notes text, city text)";
        target.execute(db, "CREATE SCHEMA hr;"
                + "CREATE TABLE hr.private " + columns + "; CREATE TABLE hr.\"Open Table\" " + columns + ";"
                + "INSERT INTO hr.private VALUES (1, 'alice@example.com', 'Alice Ünal', '123-45-6789', 95000,"
                + " '+1-555-123-4567', '1234', 'n', 'Oslo'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);"
                + "INSERT INTO hr.\"Open Table\" SELECT * FROM hr.private;"
                // private: PUBLIC has nothing, a reader SELECT and UPDATE, the admin nothing
                + "GRANT SELECT, UPDATE ON hr.private TO \"" + reader + "\";"
                // open: PUBLIC reads it, the admin already had SELECT (with grant option)
                + "GRANT SELECT ON hr.\"Open Table\" TO PUBLIC;"
                + "GRANT SELECT ON hr.\"Open Table\" TO " + admin + " WITH GRANT OPTION;");
        topics = new JobTopics(TIMEOUT);
        jobEvents = topics.jobEvents();
        producer = topics.producer();
    }

    @AfterEach
    void tearDown() {
        topics.close();
        target.dropDatabase(db);
        target.execute("postgres", "DROP ROLE " + admin + "; DROP ROLE \"" + reader + "\"");
    }

    @Test
    void aPolicyShowsMaskedRowsToPublicAndItsDropPutsBackExactlyTheGrantsTheTableHad() throws Exception {
        for (String table : List.of("private", "Open Table")) {
            String quoted = "hr.\"" + table + "\"";
            List<List<String>> before = acl(quoted);

            JobView created = awaitEnd(send(create(table, MASK, admin)));

            assertThat(created.status()).as(created.error()).isEqualTo(JobStatus.COMPLETED);
            assertThat(created.kind()).isEqualTo("create-masking-policy");
            assertThat(created.result()).startsWith("OK: created masking policy on hr." + table);
            assertThat(target.query(db, "SELECT email, full_name, ssn, salary BETWEEN 1 AND 9, phone, pin, notes, city"
                    + " FROM hr.\"" + table + "_masked\" ORDER BY id")).containsExactly(
                    List.of("a***@example.com", "XXXX", "***6789", "t", "***-4567", "81dc9bdb52d04dc20036dbd8313ed055",
                            "", "somewhere").stream().map(v -> v.isEmpty() ? null : v).toList(),
                    java.util.Arrays.asList(null, null, null, "t", null, null, null, "somewhere"));
            assertThat(privileges(quoted, "public")).doesNotContain("SELECT");
            assertThat(privileges("hr.\"" + table + "_masked\"", "public")).contains("SELECT");
            assertThat(privileges(quoted, admin)).contains("SELECT");
            try (Connection c = DriverManager.getConnection(target.jdbcUrl(db), target.superuser(), target.password())) {
                assertThat(new MaskingViews(c).of("hr").get(table).column("email"))
                        .as("masking-report reads the view as masking the column")
                        .isEqualTo(MaskingViews.ColumnState.MASKED);
            }

            JobView again = awaitEnd(send(create(table, MASK, admin)));
            assertThat(again.result()).contains("already in place");

            JobView dropped = awaitEnd(send(new DropMaskingPolicy(header(), target(), "hr", table)));

            assertThat(dropped.status()).as(dropped.error()).isEqualTo(JobStatus.COMPLETED);
            assertThat(dropped.result()).startsWith("OK: dropped masking policy on hr." + table);
            assertThat(acl(quoted)).as("the grants of %s after the drop", table).isEqualTo(before);
            assertThat(target.query(db, "SELECT to_regclass('hr.\"" + table + "_masked\"') IS NULL").get(0).get(0))
                    .isEqualTo("t");
        }
        assertThat(privileges("hr.private", "public")).as("PUBLIC never had it: not granted by the drop").isEmpty();
        assertThat(privileges("hr.\"Open Table\"", "public")).containsExactly("SELECT");
    }

    @Test
    void aPolicyThatCannotBeCreatedFailsNamingWhyAndChangesNothing() {
        List<List<String>> before = acl("hr.private");
        target.execute(db, "CREATE VIEW hr.\"Open Table_masked\" AS SELECT id FROM hr.\"Open Table\"");

        JobEvent.JobFailed keyed = awaitFailure(send(create("private", "{\"email\": \"keyed_hash\"}", admin)));
        JobEvent.JobFailed role = awaitFailure(send(create("private", "{\"email\": \"email\"}", "no_such_role_x")));
        JobEvent.JobFailed column = awaitFailure(send(create("private", "{\"ghost\": \"email\"}", admin)));
        JobEvent.JobFailed handMade = awaitFailure(send(create("Open Table", "{\"email\": \"email\"}", admin)));
        JobEvent.JobFailed nothing = awaitFailure(send(new DropMaskingPolicy(header(), target(), "hr", "private")));

        assertThat(keyed.error().code()).isEqualTo("mask-invalid");
        assertThat(keyed.job().error()).contains("hr.private.email").contains("keyed_hash");
        assertThat(role.job().error()).contains("\"no_such_role_x\" does not exist");
        assertThat(column.job().error()).contains("hr.private.ghost: no such column");
        assertThat(handMade.error().code()).isEqualTo("target-conflict");
        assertThat(handMade.job().error()).contains("not created by a masking policy");
        assertThat(nothing.error().code()).isEqualTo("not-found");
        assertThat(acl("hr.private")).isEqualTo(before);
        assertThat(target.query(db, "SELECT to_regclass('hr.private_masked') IS NULL").get(0).get(0)).isEqualTo("t");
    }

    /** The table's effective ACL, one row per grantor, grantee, privilege, grantable (NULL ACL: its defaults). */
    private List<List<String>> acl(String table) {
        return target.query(db, "SELECT a.grantor::regrole::text, CASE a.grantee WHEN 0 THEN 'PUBLIC'"
                + " ELSE a.grantee::regrole::text END, a.privilege_type, a.is_grantable::text"
                + " FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a"
                + " WHERE c.oid = '" + table.replace("'", "''") + "'::regclass ORDER BY 1, 2, 3, 4");
    }

    private List<String> privileges(String relation, String grantee) {
        return target.query(db, "SELECT a.privilege_type FROM pg_class c, aclexplode(c.relacl) a"
                + " WHERE c.oid = '" + relation.replace("'", "''") + "'::regclass AND "
                + (grantee.equals("public") ? "a.grantee = 0" : "a.grantee = '" + grantee + "'::regrole")
                + " ORDER BY 1").stream().map(r -> r.get(0)).toList();
    }

    private CreateMaskingPolicy create(String table, String mask, String role) {
        return new CreateMaskingPolicy(header(), target(), "hr", table, Json.read(mask, ColumnMasks.class), role);
    }

    private ConnectionSpec target() {
        return sealer.seal(Conninfo.parse(target.conninfo(db)));
    }

    private static MessageHeader header() {
        return MessageHeader.create(Ids.newJobId(), "test");
    }

    private String send(Command command) {
        topics.send(command);
        return command.jobId();
    }

    private JobView awaitEnd(String jobId) {
        return topics.awaitEnd(jobId);
    }

    private JobEvent.JobFailed awaitFailure(String jobId) {
        return topics.awaitFailure(jobId);
    }
}
