package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.testing.GroupOffsets;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports end to end, with the gateway, coordinator, inspector and a worker as processes: a report requested through
 * the REST API travels as a sealed {@code request-report} to the inspector, whose report events come back into the
 * gateway's report store; a request published straight on Kafka, twice, makes one report. The report's databases are
 * unreachable on purpose: whichever handlers the packaged inspector has, the report ends FAILED with a readable error
 * (source-unavailable from the verify handler, or, in an inspector without one, a report-failed saying so), and no
 * password appears in an answer, an event or a log.
 */
class ReportApiIT {

    private static final String SECRET = "rep-" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static PgcloneServices services;
    private static GatewayClient gateway;
    private static String closed;

    @BeforeAll
    static void start() throws IOException {
        services = PgcloneServices.get();
        gateway = new GatewayClient(services.gatewayUrl());
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "host=127.0.0.1 port=" + probe.getLocalPort() + " dbname=shop connect_timeout=5";
        }
    }

    @Test
    void aReportRequestedThroughTheGatewayComesBackFromTheInspector() throws Exception {
        try (TopicRecorder events = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.REPORT_EVENTS)) {
            HttpResponse<String> posted = gateway.post("/api/v1/reports/verify", "{\"source\":\"" + closed
                    + " user=reader password=" + SECRET + "\",\"target\":\"" + closed + " user=writer\",\"schema\":\"app\","
                    + "\"parameters\":{\"mode\":\"estimate\"}}");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            JsonNode pending = Json.mapper().readTree(posted.body());
            String id = pending.get("id").asText();
            assertThat(posted.headers().firstValue("Location")).contains("/api/v1/reports/" + id);
            assertThat(pending.get("status").asText()).isEqualTo("PENDING");

            HttpResponse<String> ended = gateway.get("/api/v1/reports/" + id + "?wait=" + WAIT.toSeconds() + "s");
            assertThat(ended.statusCode()).isEqualTo(200);
            JsonNode report = Json.mapper().readTree(ended.body());
            assertThat(report.get("status").asText()).as(ended.body()).isEqualTo("FAILED");
            assertThat(report.get("kind").asText()).isEqualTo("verify");
            assertThat(report.get("source").asText()).endsWith("user=reader password=***");
            assertThat(report.get("parameters").get("mode").asText()).isEqualTo("estimate");
            assertThat(report.get("finishedAt")).isNotNull();
            assertFailedAsTheInspectorCan(report.get("error"));

            JsonNode listed = Json.mapper().readTree(gateway.get("/api/v1/reports?kind=verify&status=FAILED").body());
            assertThat(listed.findValuesAsText("id")).contains(id);
            ReportEvent last = Json.read(events.await(v -> v.contains(id) && v.contains("report-failed"), WAIT),
                    ReportEvent.class);
            assertThat(last.report().version()).isEqualTo(report.get("version").asLong());
            assertThat(String.join("\n", events.values()) + ended.body() + services.allLogs()).doesNotContain(SECRET);
        }
    }

    @Test
    void aRequestPublishedTwiceOnKafkaMakesOneReport() throws Exception {
        SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
        String id = Ids.newJobId();
        RequestReport request = new RequestReport(MessageHeader.create(id, "release-pipeline"), ReportKind.VERIFY,
                sealer.seal(Conninfo.parse(closed + " user=reader password=" + SECRET)),
                sealer.seal(Conninfo.parse(closed + " user=writer")), null, null);
        try (TopicRecorder events = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.REPORT_EVENTS);
             TestProducer producer = new TestProducer(TestInfra.kafka().bootstrapServers())) {
            producer.send(Topics.COMMANDS, id, Json.write(request));
            TestProducer.Sent again = producer.send(Topics.COMMANDS, id, Json.write(request));

            // The gateway learns of a report asked for on Kafka from its first event: 404 until then.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (gateway.get("/api/v1/reports/" + id).statusCode() == 404) {
                assertThat(System.nanoTime()).as("the gateway never heard of report " + id).isLessThan(deadline);
                Thread.sleep(100);
            }
            JsonNode report = Json.mapper().readTree(gateway.get("/api/v1/reports/" + id + "?wait=" + WAIT.toSeconds()
                    + "s").body());
            assertThat(report.get("status").asText()).isEqualTo("FAILED");
            assertFailedAsTheInspectorCan(report.get("error"));
            awaitInspectorHandled(again);
            events.await(v -> v.contains(id) && v.contains("report-failed"), WAIT);
            List<ReportEvent> mine = events.values().stream().map(v -> Json.read(v, ReportEvent.class))
                    .filter(e -> Objects.equals(e.jobId(), id)).toList();
            assertThat(mine).filteredOn(e -> e instanceof ReportEvent.ReportAccepted).hasSizeLessThanOrEqualTo(1);
            assertThat(mine).filteredOn(e -> e instanceof ReportEvent.ReportFailed).hasSize(1);
            assertThat(String.join("\n", events.values())).doesNotContain(SECRET);
        }
    }

    @Test
    void badInputIsA400NamingTheFieldAndAnUnknownKindA404() throws Exception {
        HttpResponse<String> bad = gateway.post("/api/v1/reports/diff", "{\"source\":\"host=s user=u\","
                + "\"target\":\"host=t user=u\",\"schema\":\"app\",\"parameters\":{\"mode\":\"exact\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(bad.body()).get("field").asText()).isEqualTo("parameters.mode");
        assertThat(gateway.post("/api/v1/reports/everything", "{}").statusCode()).isEqualTo(404);
    }

    /**
     * The error an unreachable source gets from this inspector: source-unavailable from its verify handler, or, if it
     * has none (a build without the kinds), a report-failed naming the missing handler.
     */
    private static void assertFailedAsTheInspectorCan(JsonNode error) throws Exception {
        JsonNode info = Json.mapper().readTree(new GatewayClient(services.inspector().url()).get("/api/v1/inspector")
                .body());
        List<String> kinds = new ArrayList<>();
        info.get("reports").forEach(k -> kinds.add(k.asText()));
        assertThat(error.get("message").asText()).doesNotContain(SECRET).doesNotContain("\tat ");
        if (kinds.contains("verify")) {
            assertThat(error.get("code").asText()).isEqualTo("source-unavailable");
            assertThat(error.get("message").asText()).startsWith("could not connect to the source");
        } else {
            assertThat(error.get("code").asText()).isEqualTo("report-failed");
            assertThat(error.get("message").asText()).isEqualTo("this inspector has no verify handler installed, so it "
                    + "cannot compute the report (it serves: " + (kinds.isEmpty() ? "none" : String.join(", ", kinds))
                    + ")");
        }
    }

    private static void awaitInspectorHandled(TestProducer.Sent record) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (GroupOffsets.committed(TestInfra.kafka().bootstrapServers(), "pgclone-inspector-commands",
                Topics.COMMANDS).getOrDefault(record.partition(), -1L) <= record.offset()) {
            assertThat(System.nanoTime()).as("the inspector never handled " + record).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
