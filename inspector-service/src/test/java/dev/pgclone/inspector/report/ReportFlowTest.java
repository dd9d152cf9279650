package dev.pgclone.inspector.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import dev.pgclone.contracts.report.ReportStatus;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.testing.GroupOffsets;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The inspector's report plumbing against a real broker and a real state database: the test publishes report
 * requests on the commands topic, as the gateway or another system would, and records the report events. The
 * verify kind is played by {@link ScriptedReportHandler}.
 */
@QuarkusTest
@TestProfile(ReportPlumbingProfile.class)
@QuarkusTestResource(PgcloneTestResource.class)
class ReportFlowTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SECRET = "pw-" + Long.toHexString(System.nanoTime());
    private static final String SOURCE = "host=db.example port=5432 dbname=shop user=reader password=" + SECRET;
    private static final String TARGET = "host=db2.example dbname=shop_copy user=writer password=" + SECRET;

    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private final PostgresCluster state = TestInfra.postgres(PgcloneTestResource.STATE_CLUSTER);
    private TopicRecorder events;
    private TestProducer producer;

    @BeforeEach
    void setUp() {
        events = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.REPORT_EVENTS);
        producer = new TestProducer(TestInfra.kafka().bootstrapServers());
    }

    @AfterEach
    void tearDown() {
        ScriptedReportHandler.HOLD.countDown();
        events.close();
        producer.close();
    }

    @Test
    void aRequestIsAcceptedRunAndCompletedWithTheHandlersResultNeverShowingASecret() {
        RequestReport request = verify("echo", new ReportParameters("exact", null, null));
        send(request);

        ReportEvent.ReportCompleted completed = await(request, ReportEvent.ReportCompleted.class);
        List<ReportEvent> all = events(request.reportId());
        assertThat(all.get(0)).isInstanceOf(ReportEvent.ReportAccepted.class);
        assertThat(all.get(0).report().status()).isEqualTo(ReportStatus.PENDING);
        assertThat(all.get(0).report().version()).isEqualTo(1);
        assertThat(all).extracting(e -> e.report().version()).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(all.size() - 1)).isEqualTo(completed);
        ReportView report = completed.report();
        assertThat(report.status()).isEqualTo(ReportStatus.COMPLETED);
        assertThat(report.kind()).isEqualTo(ReportKind.VERIFY);
        assertThat(report.source()).isEqualTo("host=db.example port=5432 dbname=shop user=reader password=***");
        assertThat(report.parameters().mode()).isEqualTo("exact");
        assertThat(report.startedAt()).isNotNull();
        assertThat(report.finishedAt()).isAfterOrEqualTo(report.startedAt());
        assertThat(report.progress().done()).isEqualTo(1);
        assertThat(report.result().get("script").asText()).isEqualTo("echo");
        assertThat(report.result().get("sourceUser").asText()).isEqualTo("reader");
        assertThat(report.result().get("hasTarget").asBoolean()).isTrue();
        assertThat(String.join("\n", events.values())).doesNotContain(SECRET);
        assertThat(stored(request.reportId(), "request::text")).as("secrets scrubbed once the report ended")
                .doesNotContain("sealedSecrets").contains("user=reader");
        assertThat(stored(request.reportId(), "status")).isEqualTo("COMPLETED");
    }

    @Test
    void progressIsPublishedThrottledAndCumulativeAndTheEndCarriesTheLast() {
        RequestReport request = verify("progress", null);
        send(request);

        ReportEvent.ReportCompleted completed = await(request, ReportEvent.ReportCompleted.class);
        List<ReportView> progressed = events(request.reportId()).stream()
                .filter(e -> e instanceof ReportEvent.ReportProgressed && e.report().progress().total() > 0)
                .map(ReportEvent::report).toList();
        assertThat(progressed).as("ten updates in about a second, at most one event per 200 ms")
                .hasSizeBetween(2, 8);
        assertThat(progressed).extracting(v -> v.progress().done()).isSorted();
        assertThat(progressed).allSatisfy(v -> assertThat(v.status()).isEqualTo(ReportStatus.RUNNING));
        assertThat(completed.report().progress().done()).isEqualTo(10);
        assertThat(completed.report().progress().rows()).isEqualTo(10_000);
    }

    @Test
    void aRequestPublishedTwiceMakesOneReportAndADifferentRequestUnderItsIdIsRefused() {
        RequestReport request = verify("echo", null);
        String payload = Json.write(request);
        producer.send(Topics.COMMANDS, request.reportId(), payload);
        TestProducer.Sent again = producer.send(Topics.COMMANDS, request.reportId(), payload);
        await(request, ReportEvent.ReportCompleted.class);
        awaitHandled(again);
        // Redelivered after the report ended (its stored secrets are scrubbed by now): still the same request.
        TestProducer.Sent late = send(new RequestReport(MessageHeader.create(request.reportId(), "other-producer"),
                request.kind(), seal(SOURCE), seal(TARGET), request.schema(), request.parameters()));
        RequestReport different = new RequestReport(MessageHeader.create(request.reportId(), "test"),
                ReportKind.VERIFY, seal(SOURCE), seal(TARGET), "progress", null);
        send(different);

        ReportEvent.ReportFailed refused = await(request, ReportEvent.ReportFailed.class);
        awaitHandled(late);
        List<ReportEvent> all = events(request.reportId());
        assertThat(all).filteredOn(e -> e instanceof ReportEvent.ReportAccepted).hasSize(1);
        assertThat(all).filteredOn(e -> e instanceof ReportEvent.ReportCompleted).hasSize(1);
        assertThat(refused.error().code()).isEqualTo("invalid-request");
        assertThat(refused.error().message()).contains("already used by a different request").contains("verify");
        assertThat(refused.report().version()).as("never replaces the report that holds the id").isZero();
        assertThat(stored(request.reportId(), "status")).isEqualTo("COMPLETED");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // name              | kind               | schema | parameters                    | target | code            | message
        "no target           | verify             |        | {}                            | false  | invalid-request | target: is required for a verify report",
        "no schema for diff  | diff               |        | {}                            | true   | invalid-request | schema: is required for a diff report",
        "foreign parameter   | verify             | echo   | {\"sample\":5}                | true   | invalid-request | parameters.sample: is a discover-sensitive parameter",
        "bad parameter value | verify             | echo   | {\"mode\":\"fast\"}           | true   | invalid-request | parameters.mode: must be",
        "unknown parameter   | verify             | echo   | {\"modus\":\"exact\"}         | true   | invalid-request | parameters.modus: unknown parameter",
        "preflight option    | preflight          | app    | {\"options\":{\"paralel\":2}} | true   | invalid-request | parameters.options.paralel: unknown option",
        "target on discover  | discover-sensitive | app    | {}                            | true   | invalid-request | target: a discover-sensitive report reads only the source",
        "source on masking   | masking-report     | app    | {}                            | true   | invalid-request | source: a masking-report report reads only the target",
        "unknown kind        | everything         | app    | {}                            | true   | invalid-request | kind: unknown report kind",
        "name too long       | verify             | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | {} | true | invalid-request | schema: is longer than 63 bytes"})
    void aBadRequestIsAFailedReportNamingTheField(String name, String kind, String schema, String parameters,
                                                  boolean withTarget, String code, String message) {
        String id = Ids.newJobId();
        String json = "{\"type\":\"request-report\",\"header\":" + Json.write(MessageHeader.create(id, "test"))
                + ",\"kind\":\"" + kind + "\",\"source\":" + Json.write(seal(SOURCE))
                + (withTarget ? ",\"target\":" + Json.write(seal(TARGET)) : "")
                + (schema == null ? "" : ",\"schema\":\"" + schema + "\"") + ",\"parameters\":" + parameters + "}";
        producer.send(Topics.COMMANDS, id, json);

        ReportEvent.ReportFailed failed = awaitEvent(id, ReportEvent.ReportFailed.class);
        assertThat(failed.error().code()).isEqualTo(code);
        assertThat(failed.error().message()).startsWith("the request was refused: ").contains(message)
                .doesNotContain(SECRET);
        assertThat(failed.error().retriable()).isFalse();
        assertThat(failed.report().status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.report().error()).isEqualTo(failed.error());
        assertThat(events(id)).hasSize(1);
        assertThat(String.join("\n", events.values())).doesNotContain(SECRET);
    }

    @Test
    void connectionsThatCannotBeOpenedAndIdsThatAreNotUuidsAreRefused() {
        RequestReport clear = new RequestReport(MessageHeader.create(Ids.newJobId(), "test"), ReportKind.VERIFY,
                new ConnectionSpec(SOURCE, null), seal(TARGET), "echo", null);
        RequestReport foreignKey = new RequestReport(MessageHeader.create(Ids.newJobId(), "test"), ReportKind.VERIFY,
                new ConnectionSpec("host=db user=u", SecretSealer.fromBase64(SecretSealer.generateKey())
                        .seal("password=" + SECRET)), seal(TARGET), "echo", null);
        RequestReport badId = new RequestReport(MessageHeader.create("report-1", "test"), ReportKind.VERIFY,
                seal(SOURCE), seal(TARGET), "echo", null);
        send(clear);
        send(foreignKey);
        send(badId);

        ReportEvent.ReportFailed inClear = await(clear, ReportEvent.ReportFailed.class);
        ReportEvent.ReportFailed otherKey = await(foreignKey, ReportEvent.ReportFailed.class);
        ReportEvent.ReportFailed notUuid = await(badId, ReportEvent.ReportFailed.class);
        assertThat(inClear.error().code()).isEqualTo("invalid-connection");
        assertThat(inClear.error().message()).contains("source: a connection in a message carries a password in clear");
        assertThat(inClear.report().source()).endsWith("password=***");
        assertThat(otherKey.error().code()).isEqualTo("invalid-connection");
        assertThat(otherKey.error().message()).contains("cannot be opened with this service's pgclone.secret-key");
        assertThat(notUuid.error().code()).isEqualTo("invalid-job-id");
        assertThat(String.join("\n", events.values())).doesNotContain(SECRET);
    }

    @Test
    void handlerFailuresAreFailedReportsWithAReadableErrorAndNoDetailsOrPasswords() throws IOException {
        RequestReport boom = verify("boom", null);
        RequestReport missing = verify("missing", null);
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        RequestReport unreachable = new RequestReport(MessageHeader.create(Ids.newJobId(), "test"), ReportKind.VERIFY,
                seal("host=127.0.0.1 port=" + closed + " dbname=shop user=reader password=" + SECRET), seal(TARGET),
                "connect", null);
        send(boom);
        send(missing);
        send(unreachable);

        ReportEvent.ReportFailed unexpected = await(boom, ReportEvent.ReportFailed.class);
        ReportEvent.ReportFailed typed = await(missing, ReportEvent.ReportFailed.class);
        ReportEvent.ReportFailed down = await(unreachable, ReportEvent.ReportFailed.class);
        assertThat(unexpected.error().code()).isEqualTo("report-failed");
        assertThat(unexpected.error().message()).isEqualTo("the verify report could not be computed because of an "
                + "unexpected error in the inspector; its log has the details (report " + boom.reportId() + ")");
        assertThat(unexpected.report().startedAt()).isNotNull();
        assertThat(typed.error().code()).isEqualTo("schema-not-found");
        assertThat(typed.error().message()).isEqualTo("schema \"missing\" does not exist on the source");
        assertThat(typed.error().sqlState()).isEqualTo("3F000");
        assertThat(down.error().code()).isEqualTo("source-unavailable");
        assertThat(down.error().message()).startsWith("could not connect to the source: connection refused");
        assertThat(down.error().retriable()).isTrue();
        assertThat(String.join("\n", events.values())).doesNotContain(SECRET).doesNotContain("hunter2")
                .doesNotContain("\tat ").doesNotContain("Exception");
        String log = Files.readString(Path.of(ReportPlumbingProfile.LOG_FILE));
        assertThat(log).as("the log has the details").contains("boom: could not use host=db password=***")
                .contains("at dev.pgclone.inspector.report.ScriptedReportHandler.run");
        assertThat(log).doesNotContain(SECRET).doesNotContain("hunter2");
    }

    @Test
    void reportsRunBesideTheConsumerWhichAcceptsMoreWhileEverySlotIsBusy() {
        ScriptedReportHandler.HOLD = new CountDownLatch(1);
        RequestReport first = verify("hold", null);
        RequestReport second = verify("hold", null);
        RequestReport third = verify("echo", null);
        send(first);
        send(second);
        awaitEvent(first.reportId(), e -> e.report().status() == ReportStatus.RUNNING);
        awaitEvent(second.reportId(), e -> e.report().status() == ReportStatus.RUNNING);
        send(third);

        ReportEvent.ReportAccepted accepted = await(third, ReportEvent.ReportAccepted.class);
        assertThat(accepted.report().status()).isEqualTo(ReportStatus.PENDING);
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Report dispatcher' }.data.running", equalTo(2))
                .body("checks.find { it.name == 'Report dispatcher' }.data.queued", equalTo(1)));
        assertThat(events(third.reportId())).as("queued behind the two running reports").hasSize(1);
        ScriptedReportHandler.HOLD.countDown();

        for (RequestReport r : List.of(first, second, third)) {
            assertThat(await(r, ReportEvent.ReportCompleted.class).report().status()).isEqualTo(ReportStatus.COMPLETED);
        }
    }

    @Test
    void aReportLeftByAnInspectorThatStoppedIsFailedAndItsSecretsScrubbed() {
        RequestReport request = verify("echo", null);
        ReportView running = ReportView.pending(request, request.header().time()).accepted().running(
                request.header().time());
        String sql = "INSERT INTO inspector.reports (id, kind, request, view, status, version, owner, owner_run, "
                + "heartbeat_at) VALUES (" + literal(request.reportId()) + ", 'verify', " + literal(Json.write(request))
                + "::jsonb, " + literal(Json.write(running)) + "::jsonb, 'RUNNING', 2, 'inspector@gone:1', 'gone', "
                + "now() - interval '1 hour')";
        state.execute(PgcloneTestResource.STATE_DATABASE, sql);

        ReportEvent.ReportFailed failed = await(request, ReportEvent.ReportFailed.class);
        assertThat(failed.error().code()).isEqualTo("inspector-stopped");
        assertThat(failed.error().message()).contains("inspector@gone:1").contains("request it again");
        assertThat(failed.error().retriable()).isTrue();
        assertThat(failed.report().version()).isEqualTo(3);
        assertThat(stored(request.reportId(), "status")).isEqualTo("FAILED");
        assertThat(stored(request.reportId(), "request::text")).doesNotContain("sealedSecrets");
    }

    @Test
    void anUnreadableRequestIsAnsweredWhenItNamesItsIdAndDeadLetteredWhenItDoesNot() {
        try (TopicRecorder deadLetters = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.DEAD_LETTER)) {
            String id = Ids.newJobId();
            producer.send(Topics.COMMANDS, id, "{\"type\":\"request-report\",\"header\":"
                    + Json.write(MessageHeader.create(id, "test")) + ",\"kind\":\"verify\",\"source\":42}");
            String anonymous = "{\"type\":\"request-report\",\"header\":{\"producer\":\"x\"},\"kind\":\"verify\","
                    + "\"marker\":\"" + id + "\"}";
            producer.send(Topics.COMMANDS, "k", anonymous);

            ReportEvent.ReportFailed failed = awaitEvent(id, ReportEvent.ReportFailed.class);
            assertThat(failed.error().code()).isEqualTo("invalid-command");
            assertThat(failed.error().message()).isEqualTo("the request was refused: source: missing, of the wrong "
                    + "type or not acceptable");
            assertThat(deadLetters.await(v -> v.contains(id), TIMEOUT)).isEqualTo(anonymous);
        }
    }

    @Test
    void otherCommandsAreLeftToTheCoordinator() {
        String id = Ids.newJobId();
        TestProducer.Sent cancel = producer.send(Topics.COMMANDS, id, "{\"type\":\"cancel-job\",\"header\":"
                + Json.write(MessageHeader.create(id, "test")) + ",\"reason\":\"x\"}");
        awaitHandled(cancel);
        assertThat(events(id)).isEmpty();
    }

    @Test
    void readinessAndInfoNameTheKindsServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Report dispatcher"))
                .body("checks.find { it.name == 'Report dispatcher' }.data.kinds", equalTo("verify"));
        given().get("/api/v1/inspector").then().statusCode(200).body("service", equalTo("pgclone-inspector"))
                .body("reports", equalTo(List.of("verify"))).body("concurrency", equalTo(2));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private RequestReport verify(String schema, ReportParameters parameters) {
        return new RequestReport(MessageHeader.create(Ids.newJobId(), "test"), ReportKind.VERIFY, seal(SOURCE),
                seal(TARGET), schema, parameters);
    }

    private ConnectionSpec seal(String conninfo) {
        return sealer.seal(Conninfo.parse(conninfo));
    }

    private TestProducer.Sent send(RequestReport request) {
        return producer.send(Topics.COMMANDS, request.reportId(), Json.write(request));
    }

    private List<ReportEvent> events(String id) {
        return events.values().stream().map(v -> Json.read(v, ReportEvent.class))
                .filter(e -> Objects.equals(e.jobId(), id)).toList();
    }

    private <T extends ReportEvent> T await(RequestReport request, Class<T> type) {
        return awaitEvent(request.reportId(), type);
    }

    private <T extends ReportEvent> T awaitEvent(String id, Class<T> type) {
        return type.cast(awaitEvent(id, type::isInstance));
    }

    private ReportEvent awaitEvent(String id, Predicate<ReportEvent> match) {
        String value = events.await(v -> {
            ReportEvent e = Json.read(v, ReportEvent.class);
            return Objects.equals(e.jobId(), id) && match.test(e);
        }, TIMEOUT);
        return Json.read(value, ReportEvent.class);
    }

    /** The inspector's group commits only after handling a record: past it means handled. */
    private static void awaitHandled(TestProducer.Sent record) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (GroupOffsets.committed(TestInfra.kafka().bootstrapServers(), "pgclone-inspector-commands",
                Topics.COMMANDS).getOrDefault(record.partition(), -1L) <= record.offset()) {
            assertThat(System.nanoTime()).as("the inspector never handled " + record).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String stored(String id, String column) {
        return state.query(PgcloneTestResource.STATE_DATABASE, "SELECT " + column
                + " FROM inspector.reports WHERE id = " + literal(id)).get(0).get(0);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
