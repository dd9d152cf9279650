package dev.pgclone.coordinator.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.coordinator.JobTopics;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.MaskInPlace;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.pg.mask.MaskingRecord;
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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * mask-in-place as a coordinator job against a real broker and a real target: batches, fail-closed checks, a stopped
 * run continued (never masked twice), a redelivered command only re-reported.
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
@TestProfile(MaskingProfile.class)
class MaskInPlaceJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** The masks of the people table, and what each must give (computed independently, from the kept originals). */
    private static final String MASK = """
            {"email": "email", "full_name": "name", "phone": "phone", "ssn": "hash",
             "nick": {"type": "partial", "prefix": 1, "suffix": 2}, "token": {"type": "keyed_hash", "length": 20},
             "salary": {"type": "random_int", "min": 100, "max": 200}, "note": {"type": "constant", "value": "n/a"}}""";

    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private String db;
    private JobTopics topics;
    private TopicRecorder jobEvents;
    private TestProducer producer;

    @BeforeEach
    void setUp() {
        db = "inplace_" + UUID.randomUUID().toString().substring(0, 8);
        target.createDatabase(db);
        topics = new JobTopics(TIMEOUT);
        jobEvents = topics.jobEvents();
        producer = topics.producer();
    }

    @AfterEach
    void tearDown() {
        topics.close();
    }

    @Test
    void aHundredThousandRowsAreMaskedInBatchesWithNullsAndUnicodeAndTheRecordCountsThemExactly() {
        people(100_000);
        long started = System.nanoTime();
        String jobId = maskInPlace("hr", "people", MASK);

        JobView done = awaitEnd(jobId);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("mask-in-place of 100,000 rows (8 columns): %d ms%n", millis);

        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("OK: masked 100000 rows in hr.people (8 columns)");
        assertThat(done.kind()).isEqualTo("mask-in-place");
        assertThat(done.progress().rowsCopied()).isEqualTo(100_000);
        assertThat(done.masking()).hasSize(8).allMatch(m -> m.rows() == 100_000 && m.table().equals("hr.people"));
        assertThat(count("""
                SELECT count(*) FROM hr.people p JOIN hr.people_orig o USING (id) WHERE
                  p.email IS DISTINCT FROM (CASE WHEN o.email IS NULL THEN NULL WHEN o.email LIKE '%@%'
                        THEN substr(o.email, 1, 1) || '***@' || substr(o.email, strpos(o.email, '@') + 1) ELSE '***' END)
                  OR p.full_name IS DISTINCT FROM (CASE WHEN o.full_name IS NULL THEN NULL ELSE 'XXXX' END)
                  OR p.phone IS DISTINCT FROM (CASE WHEN o.phone IS NULL THEN NULL WHEN char_length(o.phone) <= 4
                        THEN '****' ELSE '***-' || substr(o.phone, char_length(o.phone) - 3) END)
                  OR p.ssn IS DISTINCT FROM md5(o.ssn)
                  OR p.nick IS DISTINCT FROM (CASE WHEN o.nick IS NULL THEN NULL WHEN char_length(o.nick) <= 3
                        THEN repeat('*', char_length(o.nick)) ELSE substr(o.nick, 1, 1) || '***'
                        || substr(o.nick, char_length(o.nick) - 1) END)
                  OR (o.token IS NULL) <> (p.token IS NULL) OR p.token !~ '^[0-9a-f]{20}$'
                  OR p.salary NOT BETWEEN 100 AND 200 OR p.note <> 'n/a'""")).isZero();
        assertThat(count("SELECT count(*) FROM hr.people WHERE nick LIKE 'é***%'")).as("multi-byte kept per character")
                .isPositive();
        assertThat(count("SELECT count(*) FROM hr.people WHERE email IS NULL")).isEqualTo(
                count("SELECT count(*) FROM hr.people_orig WHERE email IS NULL")).isPositive();
        assertThat(target.query(db, "SELECT column_name || ':' || method || ':' || rows FROM "
                + "_pgclone_masking.masked_columns WHERE table_name = 'people' ORDER BY 1")).extracting(r -> r.get(0))
                .containsExactly("email:in place:100000", "full_name:in place:100000", "nick:in place:100000",
                        "note:in place:100000", "phone:in place:100000", "salary:in place:100000",
                        "ssn:in place:100000", "token:in place:100000");
        assertThat(target.query(db, "SELECT key_column, last_key, rows, finished_at IS NOT NULL FROM "
                + "_pgclone_masking.in_place_runs WHERE job_id = '" + jobId + "'").get(0))
                .containsExactly("id", "100000", "100000", "t");
        assertThat(String.join("\n", jobEvents.values())).doesNotContain(MaskingProfile.KEY);
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(db), target.superuser(), target.password())) {
            assertThat(MaskingRecord.read(c, "hr")).as("what masking-report and verify read")
                    .filteredOn(e -> e.table().equals("people"))
                    .allMatch(e -> e.method() == MaskingRecord.Method.IN_PLACE && e.rows() == 100_000
                            && e.jobId().equals(jobId)).hasSize(8);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The million-row table; off by default (minutes on a small machine): {@code -DpgcloneTest.million=true}. */
    @Test
    @EnabledIfSystemProperty(named = "pgcloneTest.million", matches = "true")
    void aMillionRowTableIsMaskedInPlace() {
        people(1_000_000);
        long started = System.nanoTime();
        String jobId = maskInPlace("hr", "people", "{\"email\": \"email\", \"ssn\": \"hash\"}");

        JobView done = awaitEnd(jobId, Duration.ofMinutes(20));
        System.out.printf("mask-in-place of 1,000,000 rows (2 columns): %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("OK: masked 1000000 rows in hr.people (2 columns)");
        assertThat(count("SELECT count(*) FROM hr.people p JOIN hr.people_orig o USING (id)"
                + " WHERE p.ssn IS DISTINCT FROM md5(o.ssn)")).isZero();
    }

    @Test
    void aTableWithoutAKeyIsMaskedByBlockRangesAndNoRowIsHashedTwiceThoughRowsMove() {
        target.execute(db, """
                CREATE SCHEMA hr;
                CREATE TABLE hr.log (n int, secret text, pad text) WITH (fillfactor = 100);
                INSERT INTO hr.log SELECT g, CASE WHEN g % 11 = 0 THEN NULL ELSE 's' || g END, repeat('x', 40)
                  FROM generate_series(1, 30000) g;
                DELETE FROM hr.log WHERE n % 10 = 0;  -- free space in early blocks, where rewritten rows can land
                CREATE TABLE hr.log_orig AS SELECT * FROM hr.log;
                """);
        target.execute(db, "VACUUM ANALYZE hr.log");

        JobView done = awaitEnd(maskInPlace("hr", "log", "{\"secret\": \"hash\"}"));

        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("OK: masked 27000 rows in hr.log (1 columns)");
        assertThat(done.warnings()).anyMatch(w -> w.contains("heap blocks"));
        assertThat(count("SELECT count(*) FROM hr.log l JOIN hr.log_orig o USING (n)"
                + " WHERE l.secret IS DISTINCT FROM md5(o.secret)")).isZero();
        assertThat(count("SELECT count(*) FROM hr.log")).isEqualTo(27000);
    }

    @Test
    void aMaskThatCannotApplyFailsTheJobNamingTableColumnAndReasonAndChangesNoRow() {
        people(500);
        String before = target.query(db, "SELECT md5(string_agg(p::text, ',' ORDER BY id)) FROM hr.people p").get(0).get(0);

        String jobId = maskInPlace("hr", "people", """
                {"email": "email", "salary": "email", "code": "name", "ghost": "hash"}""");
        JobEvent.JobFailed failed = awaitFailure(jobId);

        assertThat(failed.error().code()).isEqualTo("mask-invalid");
        assertThat(failed.job().error()).contains("no row was changed").contains("hr.people.salary")
                .contains("produces text").contains("hr.people.code").contains("unique")
                .contains("hr.people.ghost: no such column");
        assertThat(target.query(db, "SELECT md5(string_agg(p::text, ',' ORDER BY id)) FROM hr.people p").get(0).get(0))
                .isEqualTo(before);
        assertThat(target.query(db, "SELECT to_regclass('_pgclone_masking.in_place_runs') IS NULL").get(0).get(0))
                .isEqualTo("t");
    }

    @Test
    void aRunStoppedByAFailureIsContinuedAfterItsLastBatchAndARedeliveredCommandIsOnlyReReported() {
        people(30_000);
        target.execute(db, """
                CREATE TABLE hr.fuse (id int);
                INSERT INTO hr.fuse VALUES (25001);
                CREATE FUNCTION hr.fuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT FROM hr.fuse WHERE id = NEW.id) THEN RAISE EXCEPTION 'fuse blown at %', NEW.id; END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER fuse BEFORE UPDATE ON hr.people FOR EACH ROW EXECUTE FUNCTION hr.fuse();
                """);
        String mask = "{\"ssn\": \"hash\", \"token\": \"keyed_hash\"}";

        JobEvent.JobFailed failed = awaitFailure(maskInPlace("hr", "people", mask));
        assertThat(failed.error().code()).isEqualTo("mask-failed");
        assertThat(failed.job().error()).contains("fuse blown at 25001");
        assertThat(count("SELECT count(*) FROM hr.people p JOIN hr.people_orig o USING (id)"
                + " WHERE p.ssn IS DISTINCT FROM o.ssn")).as("two committed batches").isEqualTo(
                count("SELECT count(*) FROM hr.people_orig WHERE id <= 20000 AND ssn IS NOT NULL"));

        target.execute(db, "DELETE FROM hr.fuse");
        MaskInPlace again = command("hr", "people", mask);
        send(again);
        JobView done = awaitEnd(again.jobId());

        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("OK: masked 30000 rows in hr.people (2 columns)");
        assertThat(done.warnings()).anyMatch(w -> w.contains("continued the stopped run of job " + failed.jobId())
                && w.contains("20000 rows"));
        assertThat(count("SELECT count(*) FROM hr.people p JOIN hr.people_orig o USING (id)"
                + " WHERE p.ssn IS DISTINCT FROM md5(o.ssn)")).as("every ssn hashed exactly once").isZero();
        List<List<String>> tokens = target.query(db, "SELECT token FROM hr.people WHERE id IN (1, 29999) ORDER BY id");

        send(again); // redelivered: only re-reported
        JobEvent reReported = Json.read(jobEvents.await(v -> {
            JobEvent e = Json.read(v, JobEvent.class);
            return e.jobId().equals(again.jobId()) && e instanceof JobEvent.JobCompleted
                    && !e.header().messageId().equals(lastCompletedMessageId(again.jobId(), 1));
        }, TIMEOUT), JobEvent.class);

        assertThat(reReported.job().version()).isEqualTo(done.version());
        assertThat(count("SELECT count(*) FROM hr.people p JOIN hr.people_orig o USING (id)"
                + " WHERE p.ssn IS DISTINCT FROM md5(o.ssn)")).isZero();
        assertThat(target.query(db, "SELECT token FROM hr.people WHERE id IN (1, 29999) ORDER BY id")).isEqualTo(tokens);
    }

    @Test
    void aCancelledRunKeepsItsCommittedBatchesAndTheNextJobFinishesIt() {
        people(40_000);
        // each batch of 10,000 rows waits 1.5 s on one of its rows: the job is still running when the cancel comes
        target.execute(db, """
                CREATE FUNCTION hr.slow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.id % 10000 = 5000 THEN PERFORM pg_sleep(1.5); END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER slow BEFORE UPDATE ON hr.people FOR EACH ROW EXECUTE FUNCTION hr.slow();
                """);
        String mask = "{\"ssn\": \"hash\"}";
        String jobId = maskInPlace("hr", "people", mask);
        jobEvents.await(v -> {
            JobEvent e = Json.read(v, JobEvent.class);
            return e.jobId().equals(jobId) && e instanceof JobEvent.JobProgressed && e.job().progress().rowsCopied() > 0;
        }, TIMEOUT);

        send(new CancelJob(MessageHeader.create(jobId, "test"), "enough"));
        JobView cancelled = awaitEnd(jobId);

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.progress().rowsCopied()).isBetween(10_000L, 30_000L);
        assertThat(cancelled.warnings()).anyMatch(w -> w.contains("submit the same masks again"));
        long masked = count("SELECT count(*) FROM hr.people p JOIN hr.people_orig o USING (id)"
                + " WHERE o.ssn IS NOT NULL AND p.ssn = md5(o.ssn)");
        assertThat(masked).isEqualTo(count("SELECT count(*) FROM hr.people_orig WHERE ssn IS NOT NULL AND id <= "
                + cancelled.progress().rowsCopied()));

        target.execute(db, "DROP TRIGGER slow ON hr.people");
        JobView done = awaitEnd(maskInPlace("hr", "people", mask));

        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("OK: masked 40000 rows in hr.people (1 columns)");
        assertThat(count("SELECT count(*) FROM hr.people p JOIN hr.people_orig o USING (id)"
                + " WHERE p.ssn IS DISTINCT FROM md5(o.ssn)")).isZero();
    }

    @Test
    void quotedMixedCaseAndUnicodeNamesAreMaskedInPlace() {
        String table = "\"Ünï Cödé\".\"Pay \"\"Roll\"\"\"";
        target.execute(db, "CREATE SCHEMA \"Ünï Cödé\";"
                + "CREATE TABLE " + table + " (\"Id\" bigint PRIMARY KEY, \"E mail\" text, \"select\" text);"
                + "INSERT INTO " + table + " SELECT g, 'x' || g || '@y.org', 'v' || g FROM generate_series(1, 25) g");

        JobView done = awaitEnd(maskInPlace("Ünï Cödé", "Pay \"Roll\"", "{\"E mail\": \"email\", \"select\": \"hash\"}"));

        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("OK: masked 25 rows in Ünï Cödé.Pay \"Roll\" (2 columns)");
        assertThat(target.query(db, "SELECT \"E mail\", \"select\" = md5('v3') FROM " + table + " WHERE \"Id\" = 3")
                .get(0)).containsExactly("x***@y.org", "t");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** hr.people with NULLs, multi-byte and short values, and an untouched copy hr.people_orig. */
    private void people(int rows) {
        target.execute(db, "CREATE SCHEMA hr;"
                + "CREATE TABLE hr.people (id bigint PRIMARY KEY, email text, full_name text, phone text, ssn text,"
                + " nick varchar(12), token text, salary int, note text, code text UNIQUE);"
                + "INSERT INTO hr.people SELECT g,"
                + " CASE WHEN g % 7 = 0 THEN NULL WHEN g % 5 = 0 THEN 'no-at-' || g ELSE 'ü' || g || '@exämple.com' END,"
                + " CASE WHEN g % 9 = 0 THEN NULL ELSE 'Zoë Ñoño ' || g END,"
                + " CASE WHEN g % 6 = 0 THEN NULL WHEN g % 4 = 0 THEN '12' ELSE '+1-555-' || g END,"
                + " CASE WHEN g % 8 = 0 THEN NULL ELSE 'ssn-' || g END,"
                + " CASE WHEN g % 10 = 0 THEN NULL WHEN g % 3 = 0 THEN 'ab' ELSE 'é' || g || '✓' END,"
                + " CASE WHEN g % 13 = 0 THEN NULL ELSE 'tok' || g END, g, 'note ' || g, 'c' || g"
                + " FROM generate_series(1, " + rows + ") g;"
                + "CREATE TABLE hr.people_orig AS SELECT * FROM hr.people;"
                + "CREATE UNIQUE INDEX ON hr.people_orig (id); ANALYZE hr.people; ANALYZE hr.people_orig;");
    }

    private long count(String sql) {
        return Long.parseLong(target.query(db, sql).get(0).get(0));
    }

    private String maskInPlace(String schema, String table, String mask) {
        MaskInPlace command = command(schema, table, mask);
        send(command);
        return command.jobId();
    }

    private MaskInPlace command(String schema, String table, String mask) {
        return new MaskInPlace(MessageHeader.create(Ids.newJobId(), "test"),
                sealer.seal(Conninfo.parse(target.conninfo(db))), schema, table, Json.read(mask, ColumnMasks.class));
    }

    private void send(Command command) {
        topics.send(command);
    }

    /** The message id of the n-th job-completed event of a job (1-based). */
    private String lastCompletedMessageId(String jobId, int n) {
        return jobEvents.values().stream().map(v -> Json.read(v, JobEvent.class))
                .filter(e -> e.jobId().equals(jobId) && e instanceof JobEvent.JobCompleted).skip(n - 1L).findFirst()
                .map(e -> e.header().messageId()).orElse("");
    }

    private JobView awaitEnd(String jobId) {
        return awaitEnd(jobId, TIMEOUT);
    }

    private JobView awaitEnd(String jobId, Duration timeout) {
        return topics.awaitEnd(jobId, v -> true, timeout);
    }

    private JobEvent.JobFailed awaitFailure(String jobId) {
        return topics.awaitFailure(jobId);
    }
}
