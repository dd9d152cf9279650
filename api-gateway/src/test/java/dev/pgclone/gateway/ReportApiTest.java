package dev.pgclone.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.testing.GroupOffsets;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report API against a real broker and a real state database. No inspector runs: the test plays it. */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
class ReportApiTest {

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
    void acceptsAReportWithLocationAndPublishesASealedRequest() {
        Response response = given().contentType("application/json")
                .body(body("\"schema\":\"app\",\"parameters\":{\"mode\":\"estimate\"}")).post("/api/v1/reports/verify");
        response.then().statusCode(202).header("Location", startsWith("/api/v1/reports/"))
                .body("status", equalTo("PENDING")).body("kind", equalTo("verify")).body("version", equalTo(0))
                .body("schema", equalTo("app")).body("parameters.mode", equalTo("estimate"))
                .body("source", equalTo("host=db.example port=5432 dbname=shop user=app password=***"))
                .body("target", equalTo("user=app host=127.0.0.1 port=5433 dbname=shop_copy password=***"))
                .body("submittedAt", not(nullValue())).body(not(containsString(SECRET)));
        String id = response.path("id");
        assertThat(response.header("Location")).isEqualTo("/api/v1/reports/" + id);
        assertThat(Ids.isUuid(id)).isTrue();

        RequestReport command = (RequestReport) Json.read(commands.await(v -> v.contains(id), Duration.ofSeconds(30)),
                Command.class);
        assertThat(String.join("\n", commands.values())).doesNotContain(SECRET);
        assertThat(command.reportId()).isEqualTo(id);
        assertThat(command.kind()).isEqualTo(ReportKind.VERIFY);
        assertThat(command.parameters().mode()).isEqualTo("estimate");
        assertThat(command.source().conninfo()).doesNotContain("password");
        SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
        assertThat(sealer.open(command.source()).get("password")).contains(SECRET);
        assertThat(sealer.open(command.target()).get("password")).contains(SECRET);

        given().get("/api/v1/reports/" + id).then().statusCode(200).body("status", equalTo("PENDING"))
                .body(not(containsString(SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "diff               | \"target\":\"" + "host=t user=u" + "\",\"schema\":\"app\"",
        "preflight          | \"target\":\"host=t user=u\",\"schema\":\"app\",\"parameters\":{\"options\":{\"conflict\":\"skip\"}}",
        "verify             | \"target\":\"host=t user=u\"",
        "discover-sensitive | \"schema\":\"app\",\"parameters\":{\"sample\":100}"})
    void acceptsEveryReportKind(String kind, String fields) {
        given().contentType("application/json").body("{\"source\":\"host=s user=u\"," + fields + "}")
                .post("/api/v1/reports/" + kind)
                .then().statusCode(202).body("kind", equalTo(kind)).body("status", equalTo("PENDING"));
    }

    @Test
    void aMaskingReportTakesTheTargetAloneAndPublishesItSealed() {
        Response response = given().contentType("application/json")
                .body("{\"target\":\"host=127.0.0.1 port=5433 dbname=shop_copy user=app password=" + SECRET
                        + "\",\"schema\":\"app\"}").post("/api/v1/reports/masking-report");
        response.then().statusCode(202).body("kind", equalTo("masking-report")).body("status", equalTo("PENDING"))
                .body("source", nullValue()).body("target", containsString("password=***"))
                .body(not(containsString(SECRET)));
        String id = response.path("id");

        RequestReport command = (RequestReport) Json.read(commands.await(v -> v.contains(id), Duration.ofSeconds(30)),
                Command.class);
        assertThat(command.kind()).isEqualTo(ReportKind.MASKING_REPORT);
        assertThat(command.source()).isNull();
        assertThat(command.schema()).isEqualTo("app");
        assertThat(SecretSealer.fromBase64(TestInfra.secretKey()).open(command.target()).get("password")).contains(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "source on masking     | masking-report     | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"app\"}           | source",
        "masking no target     | masking-report     | {\"schema\":\"app\"}                                                                 | target",
        "masking no schema     | masking-report     | {\"target\":\"host=t user=u\"}                                                       | schema",
        "masking parameter     | masking-report     | {\"target\":\"host=t user=u\",\"schema\":\"app\",\"parameters\":{\"sample\":5}}     | parameters.sample",
        "missing source        | verify             | {\"target\":\"host=t user=u\"}                                                         | source",
        "missing target        | diff               | {\"source\":\"host=s user=u\",\"schema\":\"app\"}                                       | target",
        "missing schema        | preflight          | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\"}                             | schema",
        "target on discover    | discover-sensitive | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"app\"}           | target",
        "unknown field         | diff               | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"app\",\"schemas\":[]} | schemas",
        "schema not a string   | diff               | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":5}                 | schema",
        "name too long         | verify             | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} | schema",
        "bad conninfo          | verify             | {\"source\":\"host=s user=u password='unterminated\",\"target\":\"host=t user=u\"}       | source",
        "no user               | verify             | {\"source\":\"host=s dbname=x\",\"target\":\"host=t user=u\"}                           | source",
        "parameters not object | verify             | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"parameters\":[1]}           | parameters",
        "unknown parameter     | verify             | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"parameters\":{\"modus\":\"exact\"}} | parameters.modus",
        "bad mode              | verify             | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"parameters\":{\"mode\":\"fast\"}} | parameters.mode",
        "sample not a number   | discover-sensitive | {\"source\":\"host=s user=u\",\"schema\":\"app\",\"parameters\":{\"sample\":\"10\"}}     | parameters.sample",
        "sample too big        | discover-sensitive | {\"source\":\"host=s user=u\",\"schema\":\"app\",\"parameters\":{\"sample\":1000000}}   | parameters.sample",
        "foreign parameter     | diff               | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"app\",\"parameters\":{\"mode\":\"exact\"}} | parameters.mode",
        "bad preflight option  | preflight          | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"app\",\"parameters\":{\"options\":{\"paralel\":2}}} | parameters.options.paralel",
        "hostile where         | preflight          | {\"source\":\"host=s user=u\",\"target\":\"host=t user=u\",\"schema\":\"app\",\"parameters\":{\"options\":{\"where\":\"1=1; DROP TABLE x\"}}} | parameters.options.where"})
    void rejectsBadInputWithAProblemNamingTheField(String name, String kind, String body, String field) {
        given().contentType("application/json").body(body).post("/api/v1/reports/" + kind)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("code", equalTo("invalid-request")).body("field", equalTo(field))
                .body("detail", containsString(field)).body("instance", equalTo("/api/v1/reports/" + kind));
    }

    @Test
    void malformedJsonAndConninfoErrorsNeverRepeatThePassword() {
        given().contentType("application/json").body("{\"source\": host=x password=" + SECRET + "}")
                .post("/api/v1/reports/verify")
                .then().statusCode(400).body("detail", startsWith("the request body is not valid JSON"))
                .body(not(containsString(SECRET)));
        given().contentType("application/json").body("{\"source\":\"host=s user=u password=" + SECRET
                        + " bogus\",\"target\":\"host=t user=u\"}").post("/api/v1/reports/verify")
                .then().statusCode(400).body("field", equalTo("source")).body(not(containsString(SECRET)));
    }

    @Test
    void unknownKindsReportsAndQueriesAreProblemsToo() {
        given().contentType("application/json").body("{}").post("/api/v1/reports/everything")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not-found"))
                .body("detail", containsString("use diff, preflight, verify, discover-sensitive or masking-report"));
        given().get("/api/v1/reports/not-a-report").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/reports/01890000-0000-7000-8000-000000000000").then().statusCode(404)
                .body("code", equalTo("not-found"));
        given().get("/api/v1/reports?kind=everything").then().statusCode(400).body("field", equalTo("kind"));
        given().get("/api/v1/reports?status=DONE").then().statusCode(400).body("field", equalTo("status"));
        given().get("/api/v1/reports?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        given().contentType("application/json").body(body("")).post("/api/v1/reports/verify?wait=forever")
                .then().statusCode(400).body("field", equalTo("wait"));
        given().contentType("text/plain").body("x").post("/api/v1/reports/verify")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void aReportFollowsItsEventsAndWaitAnswersWhenItEnds() {
        String id = given().contentType("application/json").body(body("\"schema\":\"app\"")).post("/api/v1/reports/verify")
                .path("id");
        ReportView pending = given().get("/api/v1/reports/" + id).as(ReportView.class);

        ReportView running = pending.accepted().running(Instant.now()).progressed(new ReportProgress(2, 5, 1200, "app.t"));
        publish(new ReportEvent.ReportProgressed(MessageHeader.create(id, "test"), running));
        awaitStatus(id, "RUNNING");
        given().get("/api/v1/reports/" + id).then().body("progress.done", equalTo(2)).body("progress.total", equalTo(5))
                .body("progress.current", equalTo("app.t"));
        long before = System.nanoTime();
        given().get("/api/v1/reports/" + id + "?wait=1s").then().statusCode(200).body("status", equalTo("RUNNING"));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        long start = System.nanoTime();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(
                () -> given().get("/api/v1/reports/" + id + "?wait=60s"));
        ObjectNode result = Json.mapper().createObjectNode().put("in_sync", true);
        ReportView completed = running.completed(result, null, Instant.now());
        publish(new ReportEvent.ReportCompleted(MessageHeader.create(id, "test"), completed));
        // A late, older event and a refusal of another request under this id must not change the report.
        publish(new ReportEvent.ReportProgressed(MessageHeader.create(id, "test"), running));
        ErrorInfo taken = new ErrorInfo(ErrorCode.INVALID_REQUEST, "the request was refused: report id " + id
                + " is already used by a different request", false, null);
        TestProducer.Sent refusal = publish(new ReportEvent.ReportFailed(MessageHeader.create(id, "test"),
                new ReportView(id, ReportKind.DIFF, dev.pgclone.contracts.report.ReportStatus.FAILED, null, null, null,
                        null, Instant.now(), null, Instant.now(), null, null, null, taken, 0), taken));

        Response done = waiting.join();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.<String>path("status")).isEqualTo("COMPLETED");
        assertThat(done.<Boolean>path("result.in_sync")).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered when the report ended")
                .isLessThan(Duration.ofSeconds(30));
        awaitReportEventsConsumedPast(refusal);
        given().get("/api/v1/reports/" + id).then().body("status", equalTo("COMPLETED"))
                .body("version", equalTo((int) completed.version())).body("kind", equalTo("verify"))
                .body("finishedAt", not(nullValue()));
        given().get("/api/v1/reports?kind=verify&status=COMPLETED").then().statusCode(200).body("id", hasItem(id))
                .body("kind", everyItem(equalTo("verify"))).body("status", everyItem(equalTo("COMPLETED")));
        given().get("/api/v1/reports?kind=diff").then().statusCode(200).body("id", not(hasItem(id)));
    }

    @Test
    void postWithWaitAnswers202WithThePendingReportWhenTheWaitRunsOutAnd200WhenItEnds() {
        long start = System.nanoTime();
        given().contentType("application/json").body(body("")).post("/api/v1/reports/verify?wait=2s")
                .then().statusCode(202).body("status", equalTo("PENDING"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));

        CompletableFuture<Response> posted = CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                .body(body("\"schema\":\"waited\"")).post("/api/v1/reports/verify?wait=60s"));
        RequestReport command = (RequestReport) Json.read(commands.await(v -> v.contains("\"waited\""),
                Duration.ofSeconds(30)), Command.class);
        ErrorInfo error = new ErrorInfo(ErrorCode.SOURCE_UNAVAILABLE, "could not connect to the source: connection "
                + "refused", true, null);
        ReportView failed = ReportView.pending(command, command.header().time()).accepted().failed(error, Instant.now());
        publish(new ReportEvent.ReportFailed(MessageHeader.create(command.reportId(), "test"), failed, error));

        Response answer = posted.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.<String>path("status")).isEqualTo("FAILED");
        assertThat(answer.<String>path("error.code")).isEqualTo("source-unavailable");
        assertThat(answer.<String>path("error.message")).startsWith("could not connect to the source");
        assertThat(answer.header("Location")).isEqualTo("/api/v1/reports/" + command.reportId());
    }

    @Test
    void aReportRequestedStraightOnKafkaAppearsInTheListing() {
        String id = Ids.newJobId();
        ReportView view = new ReportView(id, ReportKind.DISCOVER_SENSITIVE,
                dev.pgclone.contracts.report.ReportStatus.RUNNING, "host=x user=u", null, "app", null, Instant.now(),
                Instant.now(), null, null, null, null, null, 2);
        publish(new ReportEvent.ReportProgressed(MessageHeader.create(id, "other-system"), view));
        awaitStatus(id, "RUNNING");
        given().get("/api/v1/reports?status=running&kind=discover-sensitive").then().statusCode(200)
                .body("id", hasItem(id));
    }

    @Test
    void readinessCoversTheCatchUpOfBothTopics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Job events catch-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Report events catch-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Report events catch-up' }.data.state", not(equalTo("catching up")));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static String body(String fields) {
        return "{\"source\":\"" + SOURCE + "\",\"target\":\"" + TARGET + "\"" + (fields.isEmpty() ? "" : "," + fields)
                + "}";
    }

    private TestProducer.Sent publish(ReportEvent event) {
        return producer.send(Topics.REPORT_EVENTS, event.jobId(), Json.write(event));
    }

    /** The gateway's consumer commits only after handling a record: past it means handled. */
    private static void awaitReportEventsConsumedPast(TestProducer.Sent record) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (GroupOffsets.committed(TestInfra.kafka().bootstrapServers(), "pgclone-gateway-reports",
                Topics.REPORT_EVENTS).getOrDefault(record.partition(), -1L) <= record.offset()) {
            assertThat(System.nanoTime()).as("the gateway never handled " + record).isLessThan(deadline);
            sleep(100);
        }
    }

    private static void awaitStatus(String id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Response r = given().get("/api/v1/reports/" + id);
            if (r.statusCode() == 200 && status.equals(r.path("status"))) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("report " + id + " never reached " + status);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
