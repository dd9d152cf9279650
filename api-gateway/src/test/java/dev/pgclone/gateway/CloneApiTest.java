package dev.pgclone.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import dev.pgclone.contracts.DeadLetters;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskedColumn;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.GroupOffsets;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST edge against a real broker and a real state database. No coordinator runs: the test plays it. */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
class CloneApiTest {

    private static final String SECRET = "s3cr3t-" + Long.toHexString(System.nanoTime());
    private static final String SOURCE = "host=db.example port=5432 dbname=shop user=app password=" + SECRET;
    private static final String TARGET = "postgresql://app:" + SECRET + "@127.0.0.1:5433/shop_copy";

    private TopicRecorder commands;
    private TestProducer producer;

    @BeforeEach
    void setUp() {
        commands = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.COMMANDS);
        producer = new TestProducer(TestInfra.kafka().bootstrapServers());
    }

    @AfterEach
    void tearDown() {
        commands.close();
        producer.close();
    }

    @Test
    void acceptsATableCloneWithLocationAndPublishesASealedCommand() {
        Response response = given().contentType("application/json").body(tableBody("{}"))
                .post("/api/v1/clones/table");
        response.then().statusCode(202).header("Location", startsWith("/api/v1/jobs/"))
                .body("status", equalTo("PENDING")).body("kind", equalTo("table"))
                .body("source", equalTo("host=db.example port=5432 dbname=shop user=app password=***"));
        String id = response.path("id");

        StartClone command = (StartClone) Json.read(commands.await(v -> v.contains(id), Duration.ofSeconds(30)), Command.class);
        assertThat(String.join("\n", commands.values())).doesNotContain(SECRET);
        assertThat(command.source().conninfo()).doesNotContain("password");
        assertThat(SecretSealer.fromBase64(TestInfra.secretKey()).open(command.source()).get("password")).contains(SECRET);
        assertThat(command.target().conninfo()).contains("dbname=shop_copy").doesNotContain(SECRET);

        given().get("/api/v1/jobs/" + id).then().statusCode(200).body("status", equalTo("PENDING"))
                .body(not(containsString(SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "schema          | ,\"schema\":\"sales\"",
        "database        | ''",
        "database-create | ,\"targetDatabase\":\"staging db\"",
        "functions       | ,\"schema\":\"utils\""
    })
    void acceptsEveryCloneKind(String kind, String fields) {
        given().contentType("application/json")
                .body("{\"source\":\"" + SOURCE + "\",\"target\":\"" + TARGET + "\"" + fields + "}")
                .post("/api/v1/clones/" + kind)
                .then().statusCode(202).body("kind", equalTo(kind)).body("request.scope.kind", equalTo(kind));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing source         | {\"target\":\"host=t user=u\",\"schema\":\"public\",\"table\":\"t\"}                  | source",
        "missing table          | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"public\"}       | table",
        "unknown field          | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\",\"tabel\":1} | tabel",
        "unknown option         | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\",\"options\":{\"paralel\":2}} | options.paralel",
        "masks on a table clone | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\",\"options\":{\"masks\":{\"t\":{\"email\":\"email\"}}}} | options.masks",
        "unknown strategy       | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\",\"options\":{\"mask\":{\"email\":\"scramble\"}}} | options.mask.email",
        "bad option type        | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\",\"options\":{\"parallel\":\"4\"}} | options.parallel",
        "where injection        | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\",\"options\":{\"where\":\"1=1; DROP TABLE x\"}} | options.where",
        "bad conninfo           | {\"source\":\"host=s user=u password='unterminated\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\"} | source",
        "unknown conn keyword   | {\"source\":\"host=s user=u colour=blue\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\"} | source",
        "no user                | {\"source\":\"host=s dbname=x\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\"} | source",
        "includeData not bool   | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\",\"includeData\":\"yes\"} | includeData",
        "schema not a string    | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":5,\"table\":\"t\"} | schema",
        "name too long          | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} | table"
    })
    void rejectsBadInputWithAProblemNamingTheField(String name, String body, String field) {
        given().contentType("application/json").body(body).post("/api/v1/clones/table")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("code", equalTo("invalid-request")).body("field", equalTo(field))
                .body("instance", equalTo("/api/v1/clones/table"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', value = {
        "schema          | mask  | ,\"schema\":\"sales\"",
        "database        | mask  | ''",
        "database-create | mask  | ,\"targetDatabase\":\"staging\"",
        "functions       | mask  | ,\"schema\":\"utils\"",
        "functions       | masks | ,\"schema\":\"utils\""
    })
    void maskOptionsOutsideTheirCloneKindAreA400NamingTheOption(String kind, String option, String fields) {
        String masks = option.equals("mask") ? "{\"email\":\"email\"}" : "{\"users\":{\"email\":\"email\"}}";
        given().contentType("application/json")
                .body("{\"source\":\"" + SOURCE + "\",\"target\":\"" + TARGET + "\"" + fields + ",\"options\":{\""
                        + option + "\":" + masks + "}}")
                .post("/api/v1/clones/" + kind)
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-request"))
                .body("field", equalTo("options." + option));
    }

    @Test
    void maskOnATableCloneAndMasksOnASchemaCloneAreAccepted() {
        given().contentType("application/json").body(tableBody("{\"mask\":{\"email\":\"email\"},\"on_mask_error\":\"skip\"}"))
                .post("/api/v1/clones/table").then().statusCode(202)
                .body("request.options.mask.email", equalTo("email"))
                .body("request.options.on_mask_error", equalTo("skip"));
        given().contentType("application/json")
                .body("{\"source\":\"" + SOURCE + "\",\"target\":\"" + TARGET + "\",\"schema\":\"hr\",\"options\":"
                        + "{\"masks\":{\"employees\":{\"ssn\":\"null\"}}}}")
                .post("/api/v1/clones/schema").then().statusCode(202)
                .body("request.options.masks.employees.ssn", equalTo("null"));
    }

    @Test
    void malformedJsonIsA400WithoutEchoingTheBody() {
        given().contentType("application/json").body("{\"source\": host=x password=" + SECRET + "}")
                .post("/api/v1/clones/table")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("the request body is not valid JSON"))
                .body(not(containsString(SECRET)));
    }

    @Test
    void conninfoErrorsNeverRepeatThePassword() {
        String body = "{\"source\":\"host=s user=u password=" + SECRET + " bogus\",\"target\":\"host=t user=u\","
                + "\"schema\":\"p\",\"table\":\"t\"}";
        given().contentType("application/json").body(body).post("/api/v1/clones/table")
                .then().statusCode(400).body("field", equalTo("source")).body(not(containsString(SECRET)));
    }

    @Test
    void unknownKindsRoutesAndMediaTypesAreProblemsToo() {
        given().contentType("application/json").body("{}").post("/api/v1/clones/everything")
                .then().statusCode(404).contentType("application/problem+json");
        given().contentType("text/plain").body("x").post("/api/v1/clones/table")
                .then().statusCode(415).contentType("application/problem+json");
        given().get("/api/v1/jobs/not-a-job").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/jobs/01890000-0000-7000-8000-000000000000").then().statusCode(404);
        given().get("/api/v1/jobs?status=DONE").then().statusCode(400).body("field", equalTo("status"));
        given().contentType("application/json").body(tableBody("{}")).post("/api/v1/clones/table?wait=forever")
                .then().statusCode(400).body("field", equalTo("wait"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "text after the object | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"p\",\"table\":\"t\"} {}",
        "a key given twice     | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"a\",\"schema\":\"b\",\"table\":\"t\"}",
        "a lone surrogate      | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"\\ud800\",\"table\":\"t\"}",
    })
    void aBodyThatCouldBeReadTwoWaysIsRefused(String name, String body) {
        given().contentType("application/json").body(body).post("/api/v1/clones/table")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-request"));
    }

    @Test
    void badQueryParametersAndAcceptHeadersAreProblemsWithStableCodes() {
        given().get("/api/v1/jobs?limit=abc").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request")).body("field", equalTo("limit"));
        given().get("/api/v1/jobs?limit=99999999999999").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/api/v1/jobs?limit=5").then().statusCode(200);
        given().accept("application/xml").get("/api/v1/jobs").then().statusCode(406)
                .contentType("application/problem+json").body("code", equalTo("not-acceptable"));
    }

    @Test
    void anUnreadableJobEventIsDeadLetteredAndTheEventBehindItIsApplied() {
        String id = dev.pgclone.contracts.Ids.newJobId();
        try (TopicRecorder deadLetters = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.DEAD_LETTER)) {
            TestProducer.Sent poison = producer.send(Topics.JOB_EVENTS, id, "{\"type\":\"job-completed\"}");
            JobView view = new JobView(id, "table", JobStatus.RUNNING, Phase.COPY_DATA, "host=x user=u", "host=y user=u",
                    null, Instant.now(), Instant.now(), null, JobProgress.NONE, List.of(), List.of(), null, null, 2);
            publish(new JobEvent.JobProgressed(MessageHeader.create(id, "other-system"), view));
            awaitStatus(id, "RUNNING");
            TopicRecorder.Recorded dead = deadLetters.awaitRecord(r -> Topics.JOB_EVENTS.equals(r.headers().get(DeadLetters.TOPIC))
                    && String.valueOf(poison.partition()).equals(r.headers().get(DeadLetters.PARTITION))
                    && String.valueOf(poison.offset()).equals(r.headers().get(DeadLetters.OFFSET)), Duration.ofSeconds(30));
            assertThat(dead.headers().get(DeadLetters.REASON)).contains("field \"header\" is required");
            assertThat(dead.headers().get(DeadLetters.SERVICE)).startsWith("gateway@");
            assertThat(dead.headers().get(DeadLetters.GROUP)).isEqualTo("pgclone-gateway");
        }
    }

    @Test
    void aJobEventThatMeetsTheStateDatabaseDownIsStoredOnceItIsBackNotDeadLettered() {
        String id = dev.pgclone.contracts.Ids.newJobId();
        PostgresCluster state = TestInfra.postgres(PgcloneTestResource.STATE_CLUSTER);
        try (TopicRecorder deadLetters = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.DEAD_LETTER)) {
            JobView view = new JobView(id, "table", JobStatus.COMPLETED, Phase.DONE, "host=x user=u", "host=y user=u",
                    null, Instant.now(), Instant.now(), Instant.now(), JobProgress.NONE, List.of(), List.of(), null, null, 3);
            TestProducer.Sent sent;
            state.stop();
            try {
                sent = producer.send(Topics.JOB_EVENTS, id, Json.write(new JobEvent.JobCompleted(
                        MessageHeader.create(id, "other-system"), view)));
                sleep(3000); // the gateway tries to store it meanwhile
            } finally {
                state.start();
            }
            awaitStatus(id, "COMPLETED");
            assertThat(deadLetters.records()).noneMatch(r -> Topics.JOB_EVENTS.equals(r.headers().get(DeadLetters.TOPIC))
                    && String.valueOf(sent.offset()).equals(r.headers().get(DeadLetters.OFFSET)));
        }
    }

    @Test
    void aJobFollowsItsEventsAndWaitReturnsWhenItEnds() {
        String id = given().contentType("application/json").body(tableBody("{}")).post("/api/v1/clones/table").path("id");
        JobView pending = given().get("/api/v1/jobs/" + id).as(JobView.class);

        publish(new JobEvent.JobPhaseChanged(MessageHeader.create(id, "test"), with(pending, JobStatus.RUNNING, 2),
                Phase.ACCEPTED, Phase.COPY_DATA));
        awaitStatus(id, "RUNNING");
        // Nothing changes: the wait holds until its deadline, then answers with the running job.
        long before = System.nanoTime();
        given().get("/api/v1/jobs/" + id + "?wait=1s").then().statusCode(200).body("status", equalTo("RUNNING"));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // The job ends: a wait answers then, long before its deadline.
        long start = System.nanoTime();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(
                () -> given().get("/api/v1/jobs/" + id + "?wait=60s"));
        publish(new JobEvent.JobCompleted(MessageHeader.create(id, "test"), with(pending, JobStatus.COMPLETED, 3)));
        // A late, older event must not roll the job back.
        TestProducer.Sent late = publish(new JobEvent.JobProgressed(MessageHeader.create(id, "test"),
                with(pending, JobStatus.RUNNING, 2)));

        Response done = waiting.join();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.<String>path("status")).isEqualTo("COMPLETED");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered when the job ended")
                .isLessThan(Duration.ofSeconds(30));
        awaitJobEventsConsumedPast(late); // the gateway has handled the late event
        given().get("/api/v1/jobs/" + id).then().body("status", equalTo("COMPLETED")).body("version", equalTo(3));
        given().get("/api/v1/jobs?status=COMPLETED").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void postWithWaitAnswersWithTheRunningJobWhenTheWaitRunsOut() {
        long start = System.nanoTime();
        given().contentType("application/json").body(tableBody("{}")).post("/api/v1/clones/table?wait=2s")
                .then().statusCode(202).body("status", equalTo("PENDING"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void cancelPublishesACancelCommandAndAnEndedJobCannotBeCancelled() {
        String id = given().contentType("application/json").body(tableBody("{}")).post("/api/v1/clones/table").path("id");
        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        Command cancel = Json.read(commands.await(v -> v.contains(id) && v.contains("cancel-job"), Duration.ofSeconds(30)),
                Command.class);
        assertThat(cancel).isInstanceOf(CancelJob.class);

        JobView pending = given().get("/api/v1/jobs/" + id).as(JobView.class);
        publish(new JobEvent.JobCancelled(MessageHeader.create(id, "test"), with(pending, JobStatus.CANCELLED, 5), "asked"));
        awaitStatus(id, "CANCELLED");
        given().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(409).body("code", equalTo("job-ended"));
    }

    @Test
    void aJobSubmittedStraightToKafkaAppearsInTheListing() {
        String id = dev.pgclone.contracts.Ids.newJobId();
        JobView view = new JobView(id, "table", JobStatus.RUNNING, Phase.COPY_DATA, "host=x user=u", "host=y user=u",
                null, Instant.now(), Instant.now(), null, JobProgress.NONE, List.of(), List.of(), null, null, 4);
        publish(new JobEvent.JobProgressed(MessageHeader.create(id, "other-system"), view));
        awaitStatus(id, "RUNNING");
    }

    @Test
    void theMaskingViewListsTheJobsEvidenceAndIsA404ForAnUnknownJob() {
        String id = dev.pgclone.contracts.Ids.newJobId();
        List<MaskedColumn> evidence = List.of(
                new MaskedColumn("hr.employees", "email", "keyed_hash", java.util.Map.of(), 42, MaskedColumn.Status.MASKED, null),
                new MaskedColumn("hr.employees", "age", "email", java.util.Map.of(), 42, MaskedColumn.Status.NULLED,
                        "\"email\" produces text and the column is integer"),
                new MaskedColumn("hr.contractors", "rate", "random_int", java.util.Map.of("min", 40, "max", 90), 7,
                        MaskedColumn.Status.MASKED, null));
        JobView view = new JobView(id, "schema", JobStatus.COMPLETED, Phase.DONE, "host=x user=u", "host=y user=u",
                null, Instant.now(), Instant.now(), Instant.now(), JobProgress.NONE, List.of(), List.of(), null, null, 9,
                evidence);
        publish(new JobEvent.JobCompleted(MessageHeader.create(id, "test"), view));
        awaitStatus(id, "COMPLETED");

        given().get("/api/v1/jobs/" + id + "/masking").then().statusCode(200)
                .body("column", org.hamcrest.Matchers.contains("email", "age", "rate"))
                .body("[1].status", equalTo("cloned as NULL")).body("[1].reason", startsWith("\"email\" produces text"))
                .body("[2].parameters.min", equalTo(40)).body("[0].rows", equalTo(42));
        given().get("/api/v1/jobs/" + id).then().body("masking.size()", equalTo(3));
        given().get("/api/v1/jobs/" + dev.pgclone.contracts.Ids.newJobId() + "/masking").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void readinessCoversKafkaTheStateDatabaseAndTheJobEventsCatchUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"))
                .body(containsString("SmallRye Reactive Messaging"))
                .body("checks.find { it.name == 'Job events catch-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Job events catch-up' }.data.state", not(equalTo("catching up")));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static String tableBody(String options) {
        return "{\"source\":\"" + SOURCE + "\",\"target\":\"" + TARGET + "\",\"schema\":\"public\",\"table\":\"orders\","
                + "\"targetName\":null,\"includeData\":true,\"options\":" + options + "}";
    }

    private static JobView with(JobView v, JobStatus status, long version) {
        return new JobView(v.id(), v.kind(), status, v.phase(), v.source(), v.target(), v.request(), v.submittedAt(),
                v.startedAt(), v.finishedAt(), v.progress(), v.summary(), v.warnings(), v.error(), v.snapshotId(), version);
    }

    private TestProducer.Sent publish(JobEvent event) {
        return producer.send(Topics.JOB_EVENTS, event.jobId(), Json.write(event));
    }

    /** The gateway's consumer commits only after handling a record: past it means handled. */
    private static void awaitJobEventsConsumedPast(TestProducer.Sent record) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (GroupOffsets.committed(TestInfra.kafka().bootstrapServers(), "pgclone-gateway", Topics.JOB_EVENTS)
                .getOrDefault(record.partition(), -1L) <= record.offset()) {
            assertThat(System.nanoTime()).as("the gateway never handled " + record).isLessThan(deadline);
            sleep(100);
        }
    }

    private static void awaitStatus(String id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Response r = given().get("/api/v1/jobs/" + id);
            if (r.statusCode() == 200 && status.equals(r.path("status"))) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("job " + id + " never reached " + status);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
