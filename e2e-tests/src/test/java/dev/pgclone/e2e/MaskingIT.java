package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskedColumn;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Masking through the whole system: a schema clone with parallel tasks where every strategy meets NULLs, empty strings,
 * multi-byte and short values and a keyed_hash foreign key survives; a clone whose masks cannot apply fails before
 * anything is created. In both, no raw value of a masked column reaches the target or any Kafka topic, and the masking
 * key is nowhere: not on Kafka, not in the job JSON, not in any service log.
 */
class MaskingIT {

    private static final String FIXTURE = """
            CREATE SCHEMA pii;
            CREATE TABLE pii.customers (id int PRIMARY KEY, email text NOT NULL UNIQUE, full_name text, phone text,
                                        ssn text, salary int, notes text, nick varchar(6), last_name text);
            INSERT INTO pii.customers VALUES
              (1, 'alice@example.com', 'Alice Johnson', '+1-555-123-4567', '123-45-6789', 52000, 'vip customer', 'Alicia', 'Johnson'),
              (2, 'bob', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (3, 'é@ü.de', '', '', '', 0, '', '', ''),
              (4, 'zoë@bücher.example', 'Zoë Ünal', '1234', '987-65-4321', 61000, 'ünïcode nöte', 'Zo', 'Ab'),
              (5, 'c@x.io', 'C', '12345', '555-55-5555', 70000, 'short', 'Cy', 'Lee');
            CREATE TABLE pii.orders (id int PRIMARY KEY, customer_email text NOT NULL REFERENCES pii.customers (email),
                                     card text, amount numeric(8,2));
            INSERT INTO pii.orders SELECT g, (ARRAY['alice@example.com','bob','é@ü.de','zoë@bücher.example','c@x.io'])[1 + g % 5],
                                          '4111-1111-1111-' || lpad(g::text, 4, '0'), g * 10 FROM generate_series(1, 40) g;
            CREATE TABLE pii.audit (id int PRIMARY KEY, ip text, at date);
            INSERT INTO pii.audit SELECT g, '10.1.' || (g / 256) || '.' || (g % 256), date '2025-01-01' + g
              FROM generate_series(1, 300) g;
            CREATE MATERIALIZED VIEW pii.customer_emails AS SELECT id, email FROM pii.customers;
            """;
    private static final String MASKS = """
            {"customers": {"email": "keyed_hash", "full_name": "name", "phone": "phone", "ssn": "null",
                           "salary": {"type": "random_int", "min": 1, "max": 9},
                           "notes": {"type": "constant", "value": "REDACTED"},
                           "nick": "email", "last_name": {"type": "partial", "prefix": 2, "suffix": 3}},
             "pii.orders": {"customer_email": "keyed_hash", "card": {"type": "partial", "prefix": 0, "suffix": 4}},
             "audit": {"ip": "hash"}}""";
    /** Every raw value of a masked column that is worth looking for (short ones would match by chance). */
    private static final List<String> RAW = List.of("alice@example.com", "Alice Johnson", "+1-555-123-4567",
            "123-45-6789", "vip customer", "zoë@bücher.example", "Zoë Ünal", "987-65-4321", "ünïcode nöte",
            "555-55-5555", "Johnson", "4111-1111-1111", "10.1.0.7");

    private static PgcloneServices services;
    private static GatewayClient gateway;
    private static final List<TopicRecorder> topics = new ArrayList<>();
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        services = PgcloneServices.get();
        gateway = new GatewayClient(services.gatewayUrl());
        for (String topic : List.of(Topics.COMMANDS, Topics.TASKS, Topics.TASK_EVENTS, Topics.JOB_EVENTS,
                Topics.DEAD_LETTER)) {
            topics.add(new TopicRecorder(TestInfra.kafka().bootstrapServers(), topic));
        }
    }

    @AfterAll
    static void stop() {
        topics.forEach(TopicRecorder::close);
    }

    @Test
    void aParallelSchemaCloneMasksEveryStrategyAsPgcloneDoesKeepsTheKeyedForeignKeyAndProvesIt() {
        String[] db = databases();
        JobView job = cloneSchema(db, "{\"parallel\": 3, \"masks\": " + MASKS + "}");

        assertThat(job.status()).as(job.error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(db[1], """
                SELECT id, email, coalesce(full_name, 'NULL'), coalesce(phone, 'NULL'), coalesce(ssn, 'NULL'),
                       coalesce(notes, 'NULL'), coalesce(nick, 'NULL'), coalesce(last_name, 'NULL')
                  FROM pii.customers ORDER BY id""")).containsExactly(
                List.of("1", hmac("alice@example.com"), "XXXX", "***-4567", "NULL", "REDACTED", "***", "Jo***son"),
                List.of("2", hmac("bob"), "NULL", "NULL", "NULL", "REDACTED", "NULL", "NULL"),
                List.of("3", hmac("é@ü.de"), "XXXX", "****", "NULL", "REDACTED", "***", ""),
                List.of("4", hmac("zoë@bücher.example"), "XXXX", "****", "NULL", "REDACTED", "***", "**"),
                List.of("5", hmac("c@x.io"), "XXXX", "***-2345", "NULL", "REDACTED", "***", "***"));
        assertThat(target.query(db[1], "SELECT count(*) FROM pii.customers WHERE salary BETWEEN 1 AND 9").get(0).get(0))
                .as("random_int replaces NULLs too").isEqualTo("5");
        assertThat(target.query(db[1], "SELECT count(*) FROM pii.orders o JOIN pii.customers c ON c.email = o.customer_email "
                + "WHERE o.card ~ '^\\*\\*\\*[0-9]{4}$'").get(0).get(0)).as("the keyed foreign key still joins").isEqualTo("40");
        assertThat(target.query(db[1], "SELECT count(*) FROM pg_constraint WHERE conname = 'orders_customer_email_fkey'")
                .get(0).get(0)).as("the foreign key was created").isEqualTo("1");
        assertThat(target.query(db[1], "SELECT ip FROM pii.audit WHERE id = 7").get(0).get(0))
                .isEqualTo(source.query(db[0], "SELECT md5('10.1.0.7')").get(0).get(0));
        assertThat(target.query(db[1], "SELECT count(*) FROM pii.customer_emails WHERE email LIKE '%@%'").get(0).get(0))
                .as("the materialized view is refreshed from masked rows").isEqualTo("0");
        assertThat(hmac("alice@example.com", "another key of at least 16 bytes"))
                .as("another key gives other pseudonyms").isNotEqualTo(hmac("alice@example.com"));

        assertThat(job.masking()).extracting(m -> m.table() + "." + m.column() + "=" + m.rows() + " " + m.status().json())
                .containsExactlyInAnyOrder("pii.customers.email=5 masked", "pii.customers.full_name=5 masked",
                        "pii.customers.phone=5 masked", "pii.customers.ssn=5 masked", "pii.customers.salary=5 masked",
                        "pii.customers.notes=5 masked", "pii.customers.nick=5 masked",
                        "pii.customers.last_name=5 masked", "pii.orders.customer_email=40 masked",
                        "pii.orders.card=40 masked", "pii.audit.ip=300 masked");
        HttpResponse<String> evidence = gateway.get("/api/v1/jobs/" + job.id() + "/masking");
        assertThat(evidence.statusCode()).isEqualTo(200);
        assertThat(Json.read(evidence.body(), MaskedColumn[].class)).containsExactlyInAnyOrderElementsOf(job.masking());
        assertThat(target.query(db[1], "SELECT sum(rows) FROM _pgclone_masking.masked_columns WHERE job_id = '"
                + job.id() + "'").get(0).get(0)).isEqualTo(String.valueOf(5 * 8 + 40 * 2 + 300));

        assertNoRawValueOnTheTarget(db[1]);
        assertNoRawValueOnKafkaAndNoKeyAnywhere(job.id());
    }

    @Test
    void masksThatCannotApplyFailTheJobBeforeAnythingIsCreatedAndNothingRawTravels() {
        String[] db = databases();
        JobView job = cloneSchema(db, "{\"masks\": {\"customers\": {\"email\": \"hash\", \"full_name\": \"name\"}}}");

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).contains("pii.orders.customer_email: foreign key orders_customer_email_fkey references "
                + "pii.customers.email, which is masked with \"hash\", and this column is not masked");
        assertThat(target.query(db[1], "SELECT count(*) FROM pg_namespace WHERE nspname = 'pii'").get(0).get(0))
                .isEqualTo("0");
        assertNoRawValueOnKafkaAndNoKeyAnywhere(job.id());
    }

    private void assertNoRawValueOnTheTarget(String db) {
        for (String raw : RAW) {
            assertThat(target.query(db, "SELECT (SELECT count(*) FROM pii.customers t WHERE t::text LIKE '%' || $$" + raw
                    + "$$ || '%') + (SELECT count(*) FROM pii.orders t WHERE t::text LIKE '%' || $$" + raw
                    + "$$ || '%') + (SELECT count(*) FROM pii.audit t WHERE t::text LIKE '%' || $$" + raw + "$$ || '%')"
                    + " + (SELECT count(*) FROM pii.customer_emails t WHERE t::text LIKE '%' || $$" + raw + "$$ || '%')")
                    .get(0).get(0)).as("raw value %s on the target", raw).isEqualTo("0");
        }
    }

    /** Every record of every topic a job touches, and every service log, for raw values and the key. */
    private static void assertNoRawValueOnKafkaAndNoKeyAnywhere(String jobId) {
        StringBuilder all = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // the job's last event is on the topic once the gateway reports the end; wait until the recorder has it too
        while (topics.get(3).values().stream().noneMatch(v -> v.contains(jobId) && v.contains("\"status\":\"")
                && (v.contains("COMPLETED") || v.contains("FAILED"))) && System.nanoTime() < deadline) {
            sleep(100);
        }
        for (TopicRecorder t : topics) {
            t.records().forEach(r -> all.append(r.key()).append(' ').append(r.value()).append(' ')
                    .append(r.headers()).append('\n'));
        }
        String kafka = all.toString();
        assertThat(kafka).contains(jobId);
        for (String raw : RAW) {
            assertThat(kafka).as("raw value %s on Kafka", raw).doesNotContain(raw).doesNotContain(Json.write(raw));
        }
        assertThat(kafka).doesNotContain(PgcloneServices.MASKING_KEY);
        assertThat(services.allLogs()).doesNotContain(PgcloneServices.MASKING_KEY);
        assertThat(gateway.get("/api/v1/jobs/" + jobId).body()).doesNotContain(PgcloneServices.MASKING_KEY);
    }

    private String[] databases() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String[] db = {"mask_src_" + suffix, "mask_tgt_" + suffix};
        source.createDatabase(db[0]);
        target.createDatabase(db[1]);
        source.execute(db[0], FIXTURE);
        return db;
    }

    private JobView cloneSchema(String[] db, String options) {
        String body = "{\"source\":" + Json.write(source.conninfo(db[0])) + ",\"target\":" + Json.write(target.uri(db[1]))
                + ",\"schema\":\"pii\",\"options\":" + options + "}";
        HttpResponse<String> r = gateway.post("/api/v1/clones/schema?wait=300s", body);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return Json.read(r.body(), JobView.class);
    }

    private static String hmac(String value) {
        return hmac(value, PgcloneServices.MASKING_KEY);
    }

    private static String hmac(String value, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
