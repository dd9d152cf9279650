package dev.pgclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.Phase;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a job's status and the gateway's answers become exit codes and what is printed with them. */
class ExitCodeTest {

    private static final String SOURCE = "host=src user=me password=s3cr3t";
    private static final String TARGET = "host=tgt user=me password=s3cr3t";

    private FakeGateway gateway;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        gateway = new FakeGateway();
        env = new HashMap<>(gateway.env());
        env.put("PGCLONE_SOURCE", SOURCE);
        env.put("PGCLONE_TARGET", TARGET);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private CliRun cloneAndWait() {
        return CliRun.run(env, "clone", "table", "--schema", "shop", "--table", "orders", "--wait", "2m");
    }

    @Test
    void mapsJobStatuses() {
        assertThat(ExitCode.forJob(Jobs.ended(JobStatus.COMPLETED, null), true)).isEqualTo(0);
        assertThat(ExitCode.forJob(Jobs.ended(JobStatus.FAILED, "x"), false)).isEqualTo(1);
        assertThat(ExitCode.forJob(Jobs.ended(JobStatus.CANCELLED, null), true)).isEqualTo(1);
        assertThat(ExitCode.forJob(Jobs.pending(), false)).isEqualTo(0);
        assertThat(ExitCode.forJob(Jobs.pending(), true)).isEqualTo(4);
        assertThat(ExitCode.forHttpStatus(400)).isEqualTo(2);
        assertThat(ExitCode.forHttpStatus(404)).isEqualTo(2);
        assertThat(ExitCode.forHttpStatus(409)).isEqualTo(2);
        assertThat(ExitCode.forHttpStatus(500)).isEqualTo(3);
        assertThat(ExitCode.forHttpStatus(503)).isEqualTo(3);
    }

    @Test
    void completedJobExits0WithSummary() {
        gateway.answer(200, Jobs.json(Jobs.ended(JobStatus.COMPLETED, null)));

        CliRun r = cloneAndWait();

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("COPY_DATA").contains("20,000").contains("warnings (1):")
                .contains("COMPLETED job " + Jobs.ID + " (table shop.orders) in 4.2 s: 1/1 tables, 20,000 rows, 1.5 MB");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void failedJobExits1WithItsErrorOnOneLine() {
        gateway.answer(200, Jobs.json(Jobs.ended(JobStatus.FAILED,
                "relation \"shop.orders\" already exists on the target\n(use conflict)")));

        CliRun r = cloneAndWait();

        assertThat(r.code()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(r.err()).isEqualTo("pgclone: job " + Jobs.ID
                + " FAILED: relation \"shop.orders\" already exists on the target (use conflict)" + System.lineSeparator());
    }

    @Test
    void cancelledJobExits1() {
        gateway.answer(200, Jobs.json(Jobs.ended(JobStatus.CANCELLED, null)));

        CliRun r = CliRun.run(env, "job", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(r.err()).contains("CANCELLED: cancelled");
        assertThat(r.out()).contains("status     CANCELLED");
    }

    @Test
    void waitThatRunsOutExits4() {
        gateway.answer(202, Jobs.json(Jobs.running(Phase.COPY_DATA, JobProgress.NONE)));

        CliRun r = CliRun.run(env, "clone", "table", "--table", "orders", "--wait", "300ms");

        assertThat(r.code()).isEqualTo(ExitCode.WAIT_EXPIRED);
        assertThat(r.err()).contains("the wait ran out; job " + Jobs.ID + " is still RUNNING");
    }

    @Test
    void runningJobWithoutWaitIsASuccess() {
        gateway.answer(200, Jobs.json(Jobs.running(Phase.COPY_DATA, JobProgress.NONE)));

        CliRun r = CliRun.run(env, "job", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("RUNNING (phase COPY_DATA)");
    }

    @Test
    void problem4xxExits2WithItsDetail() {
        gateway.answer(400, FakeGateway.problem(400, "field \\\"table\\\" is longer than 63 bytes"));

        CliRun r = cloneAndWait();

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("pgclone: field \"table\" is longer than 63 bytes" + System.lineSeparator());
    }

    @Test
    void unknownJobExits2() {
        gateway.answer(404, FakeGateway.problem(404, "no job " + Jobs.ID));

        CliRun r = CliRun.run(env, "watch", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("pgclone: no job " + Jobs.ID + System.lineSeparator());
    }

    @Test
    void cancellingAnEndedJobExits2() {
        gateway.answer(409, FakeGateway.problem(409, "job " + Jobs.ID + " already ended with status COMPLETED"));

        CliRun r = CliRun.run(env, "cancel", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("already ended with status COMPLETED");
        assertThat(gateway.requests.get(0).method()).isEqualTo("POST");
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/jobs/" + Jobs.ID + "/cancel");
    }

    @Test
    void cancelExits0() {
        gateway.answer(202, Jobs.json(Jobs.running(Phase.COPY_DATA, JobProgress.NONE)));

        CliRun r = CliRun.run(env, "cancel", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("cancel requested for job " + Jobs.ID + " (table shop.orders, was RUNNING in phase COPY_DATA)");
    }

    @Test
    void serverErrorExits3() {
        gateway.answer(500, FakeGateway.problem(500, "state store unavailable"));

        CliRun r = cloneAndWait();

        assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).isEqualTo("pgclone: gateway error (HTTP 500): state store unavailable" + System.lineSeparator());
    }

    @Test
    void serverErrorWithoutProblemBodyExits3() {
        gateway.answer(503, "<html>busy</html>");

        CliRun r = CliRun.run(env, "jobs");

        assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).isEqualTo("pgclone: gateway error (HTTP 503): HTTP 503" + System.lineSeparator());
    }

    @Test
    void unreachableGatewayExits3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        env.put("PGCLONE_GATEWAY", "http://127.0.0.1:" + port);

        CliRun r = cloneAndWait();

        assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err()).startsWith("pgclone: cannot reach the gateway at http://127.0.0.1:" + port)
                .doesNotContain("s3cr3t").doesNotContain("\tat ");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void watchFollowsTheJobToItsEndAndPrintsTheSummary() {
        gateway.answer(200, Jobs.json(Jobs.running(Phase.CATALOG, JobProgress.NONE)))
                .answer(200, Jobs.json(Jobs.running(Phase.COPY_DATA,
                        new JobProgress(4, 1, 4, 1, 20_000, 2_000_000, List.of("shop.orders")))))
                .answer(200, Jobs.json(Jobs.running(Phase.POST_DATA,
                        new JobProgress(4, 4, 4, 4, 422_000, 35_000_000, List.of()))))
                .answer(200, Jobs.json(Jobs.ended(JobStatus.COMPLETED, null)));

        CliRun r = CliRun.run(env, "watch", Jobs.ID);

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(gateway.requests).hasSize(4);
        assertThat(r.out()).contains("CATALOG").contains("COPY_DATA  tables 1/4  rows 20,000  2.0 MB")
                .contains("active: shop.orders").contains("POST_DATA").contains("phase        duration")
                .contains("COMPLETED job " + Jobs.ID);
        assertThat(r.out()).doesNotContain("s3cr3t");
    }

    @Test
    void watchLongPollsSoItSeesTheEndAtOnce() {
        gateway.answer(200, Jobs.json(Jobs.running(Phase.COPY_DATA, JobProgress.NONE)))
                .answer(200, Jobs.json(Jobs.ended(JobStatus.COMPLETED, null)));

        CliRun r = CliRun.run(env, false, java.time.Duration.ofMillis(1500), "watch", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(gateway.requests).extracting(FakeGateway.Request::uri)
                .containsExactly("/api/v1/jobs/" + Jobs.ID, "/api/v1/jobs/" + Jobs.ID + "?wait=1500ms");
    }

    @Test
    void liveWatchRedrawsOneLine() {
        gateway.answer(200, Jobs.json(Jobs.running(Phase.COPY_DATA, JobProgress.NONE)))
                .answer(200, Jobs.json(Jobs.ended(JobStatus.FAILED, "boom")));

        CliRun r = CliRun.run(env, true, "watch", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(r.out()).startsWith("\r").contains("\033[K");
        assertThat(r.err()).isEqualTo("pgclone: job " + Jobs.ID + " FAILED: boom" + System.lineSeparator());
    }

    @Test
    void watchSurvivesABriefGatewayOutage() {
        gateway.answer(200, Jobs.json(Jobs.running(Phase.COPY_DATA, JobProgress.NONE)))
                .answer(503, "")
                .answer(200, Jobs.json(Jobs.ended(JobStatus.COMPLETED, null)));

        CliRun r = CliRun.run(env, "clone", "table", "--table", "orders", "--watch");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(gateway.requests).hasSize(3);
    }

    @Test
    void jsonModePrintsTheGatewaysAnswer() {
        gateway.answer(200, Jobs.json(Jobs.ended(JobStatus.FAILED, "boom")));

        CliRun r = CliRun.run(env, "--json", "job", Jobs.ID, "--wait", "10s");

        assertThat(r.code()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(r.out()).startsWith("{").contains("\"status\" : \"FAILED\"").contains("\"error\" : \"boom\"");
        assertThat(r.err()).contains("FAILED: boom");
    }

    @Test
    void jobsListsOneRowPerJob() {
        gateway.answer(200, "[" + Jobs.json(Jobs.ended(JobStatus.COMPLETED, null)) + ","
                + Jobs.json(Jobs.running(Phase.COPY_DATA, JobProgress.NONE)) + "]");

        CliRun r = CliRun.run(env, "jobs", "--status", "running", "--limit", "5");

        assertThat(r.code()).isZero();
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/jobs?status=RUNNING&limit=5");
        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out()).contains("COMPLETED").contains("RUNNING").contains("table shop.orders");
    }

    @Test
    void aPasswordTheGatewayFailedToRedactIsStillHidden() {
        String leaky = Jobs.json(Jobs.ended(JobStatus.FAILED, "could not connect: host=src password=hunter2 refused"))
                .replace("password=***", "password='hunter2'");
        gateway.answer(200, leaky);

        CliRun r = CliRun.run(env, "job", Jobs.ID);

        assertThat(r.code()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(r.all()).doesNotContain("hunter2").contains("password=***");
    }
}
