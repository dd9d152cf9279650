package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway is SIGKILLed while a job runs. Its consumer group then keeps the dead member until the session times
 * out, so the group's consumer resumes late; the gateway must not answer from its stale store meanwhile. It reads the
 * job events it missed before it reports ready.
 */
class GatewayRestartIT {

    private static final String TABLE = "public.big";

    private static PgcloneServices services;
    private static GatewayClient gateway;
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        services = PgcloneServices.get();
        gateway = new GatewayClient(services.gatewayUrl());
    }

    @AfterEach
    void gatewayRunsAgain() {
        if (!services.service("gateway").alive()) {
            services.restart("gateway");
        }
    }

    @Test
    void aJobThatEndedWhileTheGatewayWasDownIsCompletedInTheFirstAnswerAfterReadiness() {
        String[] dbs = fixture(400_000);
        try (TopicRecorder events = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.JOB_EVENTS)) {
            String id = submit(dbs);
            awaitRunning(id);

            services.kill("gateway");
            assertThat(events.values()).as("the job ended before the gateway was killed: make the fixture bigger")
                    .noneMatch(v -> v.contains(id) && v.contains("\"job-completed\""));
            long killed = System.nanoTime();
            events.await(v -> v.contains(id) && v.contains("\"job-completed\""), Duration.ofMinutes(5));
            System.out.printf("GatewayRestartIT: the job completed %d ms after the gateway was killed%n",
                    Duration.ofNanos(System.nanoTime() - killed).toMillis());

            ServiceProcess restarted = services.restart("gateway");
            HttpResponse<String> first = gateway.get("/api/v1/jobs/" + id);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            JobView job = Json.read(first.body(), JobView.class);
            assertThat(job.status()).as("the first answer after readiness").isEqualTo(JobStatus.COMPLETED);
            assertThat(job.progress().rowsCopied()).isEqualTo(400_000);

            long t0 = System.nanoTime();
            HttpResponse<String> waited = gateway.get("/api/v1/jobs/" + id + "?wait=60s");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(waited.statusCode()).isEqualTo(200);
            assertThat(Json.read(waited.body(), JobView.class).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(took).as("?wait= on an ended job answers at once").isLessThan(Duration.ofSeconds(2));

            report(restarted, took);
            assertThat(CloneOracle.signature(target, dbs[1], TABLE)).isEqualTo(CloneOracle.signature(source, dbs[0], TABLE));
        }
    }

    @Test
    void eventsPublishedAfterReadinessReachTheGatewayBeforeItsConsumerGroupResumes() {
        services.kill("gateway");
        ServiceProcess restarted = services.restart("gateway");
        // The killed member is still in the group until its session times out: the group's consumer resumes late.
        // Until then the catch-up keeps following the topic, so a job event is seen at once all the same.
        String id = UUID.randomUUID().toString();
        JobView running = new JobView(id, "table", JobStatus.RUNNING, Phase.COPY_DATA, "host=x user=u", "host=y user=u",
                null, Instant.now(), Instant.now(), null, JobProgress.NONE, List.of(), List.of(), null, null, 1);
        try (TestProducer producer = new TestProducer(TestInfra.kafka().bootstrapServers())) {
            producer.send(Topics.JOB_EVENTS, id, Json.write(new JobEvent.JobProgressed(MessageHeader.create(id, "test"), running)));
            awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(5));
            CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                    () -> gateway.get("/api/v1/jobs/" + id + "?wait=60s"));
            sleep(500);
            long published = System.nanoTime();
            JobView completed = new JobView(id, "table", JobStatus.COMPLETED, Phase.DONE, running.source(),
                    running.target(), null, running.submittedAt(), running.startedAt(), Instant.now(), JobProgress.NONE,
                    List.of(), List.of(), null, null, 2);
            producer.send(Topics.JOB_EVENTS, id, Json.write(new JobEvent.JobCompleted(MessageHeader.create(id, "test"), completed)));
            HttpResponse<String> answer = waiting.join();
            Duration took = Duration.ofNanos(System.nanoTime() - published);
            assertThat(Json.read(answer.body(), JobView.class).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(took).as("the end of the job reached a waiting request").isLessThan(Duration.ofSeconds(5));
            String handedOver = restarted.logSinceStart().contains("has its partitions;") ? "already" : "not yet";
            System.out.printf("GatewayRestartIT: a job event published after readiness answered a ?wait= in %d ms; "
                    + "the consumer group had %s resumed%n", took.toMillis(), handedOver);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void awaitStatus(String id, JobStatus status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = gateway.get("/api/v1/jobs/" + id);
            if (r.statusCode() == 200 && Json.read(r.body(), JobView.class).status() == status) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("job " + id + " did not reach " + status + " within " + timeout);
    }

    private String[] fixture(int rows) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "restart_src_" + suffix;
        String tgt = "restart_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text);"
                + "INSERT INTO " + TABLE + " SELECT g, repeat(md5(g::text), 10) FROM generate_series(1, " + rows + ") g");
        return new String[] {src, tgt};
    }

    private String submit(String[] dbs) {
        String body = "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":" + Json.write(target.uri(dbs[1]))
                + ",\"schema\":\"public\",\"table\":\"big\",\"targetName\":null,\"includeData\":true,\"options\":{}}";
        HttpResponse<String> accepted = gateway.post("/api/v1/clones/table", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.read(accepted.body(), JobView.class).id();
    }

    private void awaitRunning(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JobView job = gateway.job(id);
            assertThat(job.status().terminal()).as("the job ended before the gateway could be killed: " + job.error())
                    .isFalse();
            if (job.status() == JobStatus.RUNNING) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("job " + id + " never started running");
    }

    /** Start-up figures from the gateway's log, for the test report. */
    private static void report(ServiceProcess gatewayProcess, Duration waitTook) {
        String log = gatewayProcess.logSinceStart();
        System.out.printf("GatewayRestartIT: gateway ready %d ms after launch; last not-ready answer: %s; "
                        + "catch-up: %s; ?wait=60s on the ended job answered in %d ms%n",
                gatewayProcess.lastStartTook().toMillis(), gatewayProcess.lastNotReadyAnswer(),
                last(log, "job-events catch-up: (\\d+ events applied in \\d+ ms)"), waitTook.toMillis());
        System.out.printf("GatewayRestartIT: catch-up done at %s, consumer group resumed at %s (null: not yet)%n",
                last(log, "(\\d\\d:\\d\\d:\\d\\d\\.\\d+) INFO .*job-events catch-up: \\d+ events applied in"),
                last(log, "(\\d\\d:\\d\\d:\\d\\d\\.\\d+) INFO .*has its partitions;"));
    }

    private static String last(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return found;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
