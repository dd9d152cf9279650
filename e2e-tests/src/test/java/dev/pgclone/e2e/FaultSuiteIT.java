package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.DeadLetters;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.testing.GroupOffsets;
import dev.pgclone.testing.PgQuoting;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite: each scenario injects one fault into the running system (services as processes, the real
 * broker, real clusters), asserts the outcome and the data, and records a row of {@link FaultReport}. Scenarios
 * tagged {@value #FULL} run only with {@code -Pfaults} (see README, "Fault suite"); the others are the fast subset of
 * the default build. {@code -Dpgclone.faults.trials=N} sets the worker-kill trials (5 with {@code -Pfaults}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    static final String FULL = "fault-full";
    /** Rows of app.big: ~400 MB, about ten seconds of COPY here, so faults land mid-COPY. */
    private static final int BIG_ROWS = 400_000;
    private static final Duration JOB_END = Duration.ofMinutes(5);

    private static PgcloneServices services;
    private static GatewayClient gateway;
    private static FaultFixtures fx;
    private static String sharedSource;
    private static Map<String, TableSignature> sharedSignatures;
    private static final FaultReport report = FaultReport.get();

    @BeforeAll
    static void start() {
        services = PgcloneServices.get();
        gateway = new GatewayClient(services.gatewayUrl());
        fx = new FaultFixtures(gateway);
    }

    @AfterAll
    static void writeReport() {
        fx.close();
        boolean full = Boolean.getBoolean("pgclone.faults.full");
        report.write(full ? "Fault suite" : "Fault suite (fast subset)");
    }

    /** Whatever a scenario did, the next one starts with every service running and the broker up. */
    @AfterEach
    void everythingRunsAgain() {
        TestInfra.kafka().start();
        for (String name : List.of("coordinator", "gateway")) {
            if (!services.service(name).alive()) {
                services.restart(name);
            }
        }
        if (services.liveWorkers().isEmpty()) {
            services.addWorker();
        }
    }

    private static synchronized String sharedSource() {
        if (sharedSource == null) {
            sharedSource = fx.sourceDatabase("fault", BIG_ROWS);
            sharedSignatures = FaultFixtures.signatures(fx.source, sharedSource);
        }
        return sharedSource;
    }

    // ---- fast subset -------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void poisonMessagesAreDeadLetteredWithTheirContextAndEveryConsumerKeepsGoing() {
        FaultReport.Scenario scenario = report.scenario("poison message on each consumed topic (not JSON, wrong shape, 600 KB)")
                .dataLabel("context headers right");
        String kafka = TestInfra.kafka().bootstrapServers();
        String rejectedJob = UUID.randomUUID().toString();
        List<Poison> poisons = List.of(
                new Poison(Topics.COMMANDS, "not JSON", "not json \u0000 {{", "coordinator"),
                new Poison(Topics.COMMANDS, "wrong shape naming a job", "{\"type\":\"start-clone\",\"header\":{\"jobId\":\""
                        + rejectedJob + "\"},\"scope\":42}", "coordinator"),
                new Poison(Topics.COMMANDS, "huge (600 KB)", "{\"type\":\"cancel-job\",\"reason\":\"" + "r".repeat(600_000),
                        "coordinator"),
                new Poison(Topics.TASK_EVENTS, "not JSON", "\u0000\u0001garbage", "coordinator"),
                new Poison(Topics.TASK_EVENTS, "wrong shape", "{\"type\":\"task-completed\",\"rows\":\"many\"}", "coordinator"),
                new Poison(Topics.TASKS, "not JSON", "<task/>", "worker"),
                new Poison(Topics.TASKS, "wrong shape", "{\"type\":\"copy-table\",\"header\":{\"jobId\":\"" + UUID.randomUUID()
                        + "\"},\"taskId\":\"t\"}", "worker"),
                new Poison(Topics.JOB_EVENTS, "not JSON", "]]]", "gateway"),
                new Poison(Topics.JOB_EVENTS, "wrong shape", "{\"type\":\"job-completed\",\"header\":{\"jobId\":\""
                        + UUID.randomUUID() + "\"}}", "gateway"));
        List<String> problems = new ArrayList<>();
        try (TopicRecorder dlq = new TopicRecorder(kafka, Topics.DEAD_LETTER); TestProducer producer = new TestProducer(kafka)) {
            List<TestProducer.Sent> sent = new ArrayList<>();
            for (Poison p : poisons) {
                sent.add(producer.send(p.topic, p.topic.equals(Topics.COMMANDS) && p.payload.contains(rejectedJob)
                        ? rejectedJob : UUID.randomUUID().toString(), p.payload));
            }
            // Valid work after the poison: a job goes through commands, tasks, task events and job events.
            String src = fx.sourceDatabase("poison", 1000);
            String tgt = fx.targetDatabase("poison");
            long t0 = System.nanoTime();
            String id = fx.cloneSchema(src, tgt, "{}");
            JobView after = gateway.awaitEnd(id, JOB_END);
            scenario.figure("valid job submitted after them → COMPLETED", FaultFixtures.since(t0));
            boolean wentOn = after.status() == JobStatus.COMPLETED && fx.dataEqual(src, tgt);

            for (int i = 0; i < poisons.size(); i++) {
                Poison p = poisons.get(i);
                TestProducer.Sent s = sent.get(i);
                TopicRecorder.Recorded dead;
                try {
                    dead = dlq.awaitRecord(r -> p.topic.equals(r.headers().get(DeadLetters.TOPIC))
                            && String.valueOf(s.partition()).equals(r.headers().get(DeadLetters.PARTITION))
                            && String.valueOf(s.offset()).equals(r.headers().get(DeadLetters.OFFSET)), Duration.ofSeconds(60));
                } catch (AssertionError e) {
                    problems.add(p + ": not dead-lettered");
                    scenario.outcome("not dead-lettered").data(false);
                    continue;
                }
                String problem = deadLetterProblem(p, dead);
                if (problem != null) {
                    problems.add(p + ": " + problem);
                }
                scenario.outcome(wentOn ? "dead-lettered, consumer went on" : "dead-lettered, consumer STUCK")
                        .data(problem == null);
            }
            // The job-events topic has one group that dead-letters (the gateway's); workers only skip what they cannot read.
            FaultFixtures.sleep(2000);
            for (int i = 0; i < poisons.size(); i++) {
                TestProducer.Sent s = sent.get(i);
                String topic = poisons.get(i).topic;
                long copies = dlq.records().stream().filter(r -> topic.equals(r.headers().get(DeadLetters.TOPIC))
                        && String.valueOf(s.partition()).equals(r.headers().get(DeadLetters.PARTITION))
                        && String.valueOf(s.offset()).equals(r.headers().get(DeadLetters.OFFSET))).count();
                if (copies > 1) {
                    problems.add(poisons.get(i) + ": dead-lettered " + copies + " times");
                }
            }
            JobView rejected = gateway.awaitEnd(rejectedJob, Duration.ofSeconds(60));
            if (rejected.status() != JobStatus.FAILED || !rejected.error().startsWith("the command was rejected")) {
                problems.add("the unreadable command naming job " + rejectedJob + " was not answered with job-rejected: "
                        + rejected.status() + " " + rejected.error());
            }
            assertThat(after.status()).as(after.error()).isEqualTo(JobStatus.COMPLETED);
            assertThat(fx.dataEqual(src, tgt)).isTrue();
            assertThat(problems).isEmpty();
        }
    }

    private record Poison(String topic, String kind, String payload, String refusedBy) {
        @Override
        public String toString() {
            return topic + " " + kind;
        }
    }

    private static String deadLetterProblem(Poison p, TopicRecorder.Recorded dead) {
        if (!Objects.equals(dead.value(), p.payload)) {
            return "the payload was not passed on unchanged";
        }
        String reason = dead.headers().get(DeadLetters.REASON);
        if (reason == null || reason.isBlank()) {
            return "no " + DeadLetters.REASON + " header";
        }
        String service = dead.headers().get(DeadLetters.SERVICE);
        if (service == null || !service.startsWith(p.refusedBy)) {
            return DeadLetters.SERVICE + " is " + service + ", expected " + p.refusedBy;
        }
        String group = dead.headers().get(DeadLetters.GROUP);
        if (group == null || group.isBlank()) {
            return "no " + DeadLetters.GROUP + " header";
        }
        return null;
    }

    @Test
    @Order(2)
    void hostileRequestsNeverGetA5xxAndEveryErrorIsAProblemWithAStableCode() {
        FaultReport.Scenario scenario = report.scenario("hostile requests");
        String src = fx.sourceDatabase("hostile", 10);
        String tgt = fx.targetDatabase("hostile");
        HostileRequests hostile = new HostileRequests(services.gatewayUrl(), services.service("gateway").port(),
                fx.source.conninfo(src), fx.target.conninfo(tgt));
        long t0 = System.nanoTime();
        List<HostileRequests.Answer> answers = hostile.run();
        List<String> problems = answers.stream().filter(a -> a.problem() != null)
                .map(a -> a.name() + " → " + a.status() + ": " + a.problem()).toList();
        long transport = answers.stream().filter(HostileRequests::refusedByTheHttpLayer).count();
        TreeSet<String> codes = answers.stream().filter(a -> a.status() >= 400 && a.problem() == null
                        && !HostileRequests.refusedByTheHttpLayer(a))
                .map(a -> Json.read(a.body(), com.fasterxml.jackson.databind.JsonNode.class).path("code").asText(""))
                .filter(c -> !c.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(HostileRequests.Answer::status,
                java.util.TreeMap::new, Collectors.counting()));
        answers.forEach(a -> System.out.printf("hostile: %-55s %d %s%n", a.name(), a.status(),
                a.problem() == null ? "" : "PROBLEM " + a.problem()));
        answers.forEach(a -> scenario.outcome(a.status() >= 500 ? "5xx" : "no 5xx").data(a.problem() == null));
        scenario.dataLabel("problem+json, stable code, nothing leaked");
        scenario.note("statuses " + byStatus);
        scenario.note("codes " + codes);
        scenario.note(transport + " refused by the HTTP layer with an empty body");
        scenario.figure("all requests", FaultFixtures.since(t0));
        // The gateway still works after all that.
        assertThat(gateway.get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(answers.size()).isGreaterThanOrEqualTo(50);
        assertThat(problems).isEmpty();
        assertThat(services.service("gateway").logText()).doesNotContain(HostileRequests.PASSWORD);
    }

    @Test
    @Order(3)
    void aTerminatedKeeperSessionFailsTheJobAsSnapshotLostWithAnExactAccount() {
        FaultReport.Scenario scenario = report.scenario("keeper session terminated").dataLabel("account exact");
        String src = sharedSource();
        String tgt = fx.targetDatabase("keeper");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        long t0;
        List<List<String>> ended;
        // The small tables' loads wait on this lock on the target (their TRUNCATE needs ACCESS EXCLUSIVE), so the job
        // is still in COPY_DATA when the keeper dies, however fast app.big is copied on this machine.
        try (java.sql.Connection hold = fx.target.connect(tgt); java.sql.Statement st = hold.createStatement()) {
            hold.setAutoCommit(false);
            FaultFixtures.await("pre-data on the target", Duration.ofMinutes(2), () -> fx.target.query(tgt,
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'app'").get(0).get(0).equals("4"));
            st.execute("LOCK TABLE app.orders, app.customers, app.tags IN ACCESS SHARE MODE");
            fx.awaitBigCopying(id);
            t0 = System.nanoTime();
            ended = fx.source.query(src, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                    + "current_database() AND application_name = 'pgclone-coordinator' AND state = 'idle in transaction'");
            hold.rollback();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(ended).as("the keeper session").hasSize(1);
        JobEvent end = fx.awaitEndEvent(id, Duration.ofMinutes(2), FaultFixtures::settled);
        scenario.figure("termination → FAILED with account", FaultFixtures.since(t0));
        String account = fx.accountProblem(end.job(), sharedSignatures, tgt);
        scenario.outcome(fx.outcome(end)).data(account == null && fx.ledgerSchemaGone(tgt));

        assertThat(fx.outcome(end)).isEqualTo("FAILED snapshot-lost");
        assertThat(end.job().error()).contains("snapshot keeper").contains("\"consistent\": false");
        assertThat(end.job().progress().activeTables()).isEmpty();
        assertThat(account).isNull();
        assertThat(fx.ledgerSchemaGone(tgt)).as("_pgclone dropped").isTrue();
        assertThat(fx.gatewayView(id, end.job().version()).warnings()).isEqualTo(end.job().warnings());
        fx.target.dropDatabase(tgt);
    }

    @Test
    @Order(4)
    void aWorkerKilledMidCopyIsReplacedAndTheTargetHoldsExactlyTheSourceRows() {
        FaultReport.Scenario scenario = report.scenario("worker kill -9 mid-COPY (spare worker running)");
        String src = sharedSource();
        int trials = Integer.getInteger("pgclone.faults.trials", 1);
        for (int trial = 1; trial <= trials; trial++) {
            workerKillTrial(scenario, src);
        }
        assertThat(scenario.count(o -> o.equals("COMPLETED"))).as("completed trials").isEqualTo(trials);
    }

    private void workerKillTrial(FaultReport.Scenario scenario, String src) {
        while (services.liveWorkers().size() < 2) {
            services.addWorker();
        }
        awaitStableWorkerGroup();
        String tgt = fx.targetDatabase("wkill");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        String copying = fx.awaitBigCopying(id);
        ServiceProcess victim = workerOf(copying);

        long killed = System.nanoTime();
        victim.kill();
        TopicRecorder.Recorded takenOver = fx.taskEvents.awaitRecord(r -> {
            TaskEvent e = FaultFixtures.readable(r.value(), TaskEvent.class).orElse(null);
            return r.receivedNanos() > killed && e instanceof TaskEvent.TaskStarted st
                    && st.taskId().equals(FaultFixtures.bigTaskId(id)) && !st.worker().equals(copying);
        }, Duration.ofMinutes(3));
        Duration detected = Duration.ofNanos(takenOver.receivedNanos() - killed);
        JobEvent end = fx.awaitEndEvent(id, JOB_END, v -> true);
        Duration total = FaultFixtures.since(killed);
        boolean equal = fx.dataEqual(sharedSignatures, tgt);
        scenario.outcome(fx.outcome(end)).data(equal).figure("kill → task started on another worker", detected)
                .figure("kill → job end", total);
        System.out.printf("FaultSuiteIT: worker %s killed; task taken over in %d ms; job %s %d ms after the kill%n",
                copying, detected.toMillis(), fx.outcome(end), total.toMillis());
        services.addWorker();
        assertThat(fx.outcome(end)).as(end.job().error()).isEqualTo("COMPLETED");
        assertThat(equal).as("target equals source").isTrue();
        fx.target.dropDatabase(tgt);
    }

    // ---- full suite ----------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    @Tag(FULL)
    void workerSourceAndTargetBackendsTerminatedMidCopyAreRetried() {
        FaultReport.Scenario scenario = report.scenario("worker source + target backends terminated mid-COPY");
        String src = sharedSource();
        String tgt = fx.targetDatabase("wbackend");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        fx.awaitBigCopying(id);
        int onSource = terminate(fx.source, src, "pgclone-worker");
        int onTarget = terminate(fx.target, tgt, "pgclone-worker");
        long t0 = System.nanoTime();
        JobEvent end = fx.awaitEndEvent(id, JOB_END, v -> true);
        Duration took = FaultFixtures.since(t0);
        boolean equal = fx.dataEqual(sharedSignatures, tgt);
        int attempts = fx.taskEvents(id).stream().filter(e -> e.taskId().equals(FaultFixtures.bigTaskId(id)))
                .mapToInt(TaskEvent::attempt).max().orElse(0);
        scenario.outcome(fx.outcome(end)).data(equal).figure("termination → job end", took)
                .note(onSource + " source + " + onTarget + " target backends ended; app.big took " + attempts + " attempt(s)");
        assertThat(onSource + onTarget).as("worker backends terminated").isGreaterThanOrEqualTo(2);
        assertThat(fx.outcome(end)).as(end.job().error()).isEqualTo("COMPLETED");
        assertThat(attempts).as("the task was retried").isGreaterThanOrEqualTo(2);
        assertThat(equal).isTrue();
        fx.target.dropDatabase(tgt);
    }

    @Test
    @Order(11)
    @Tag(FULL)
    void aTargetThatRefusesConnectionsForAFewSecondsIsRetriedUntilTheJobCompletes() {
        FaultReport.Scenario scenario = report.scenario("target refusing connections for 5 s mid-COPY");
        String src = sharedSource();
        String tgt = fx.targetDatabase("refuse");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        fx.awaitBigCopying(id);
        long t0 = System.nanoTime();
        allowConnections(tgt, false);
        try {
            terminate(fx.target, tgt, "pgclone-worker"); // the running copy fails, its retry meets the refusal
            FaultFixtures.sleep(5000);
        } finally {
            allowConnections(tgt, true);
        }
        JobEvent end = fx.awaitEndEvent(id, JOB_END, v -> true);
        Duration took = FaultFixtures.since(t0);
        boolean equal = fx.dataEqual(sharedSignatures, tgt);
        long refused = fx.taskEvents(id).stream().filter(e -> e instanceof TaskEvent.TaskFailed f
                && f.error().code().equals("target-unavailable")).count();
        scenario.outcome(fx.outcome(end)).data(equal).figure("refusal start → job end", took)
                .note(refused + " attempt(s) refused");
        assertThat(fx.outcome(end)).as(end.job().error()).isEqualTo("COMPLETED");
        assertThat(refused).as("attempts that met the refusal").isPositive();
        assertThat(equal).isTrue();
        fx.target.dropDatabase(tgt);
    }

    @Test
    @Order(12)
    @Tag(FULL)
    void aTargetThatKeepsRefusingFailsTheJobAsTargetUnavailableWithAnHonestAccount() {
        FaultReport.Scenario scenario = report.scenario("target refusing connections until the job gives up")
                .dataLabel("account honest");
        String src = sharedSource();
        String tgt = fx.targetDatabase("refuselong");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        fx.awaitBigCopying(id);
        long t0 = System.nanoTime();
        JobEvent end;
        allowConnections(tgt, false);
        try {
            terminate(fx.target, tgt, "pgclone-worker");
            end = fx.awaitEndEvent(id, JOB_END, FaultFixtures::settled);
        } finally {
            allowConnections(tgt, true);
        }
        Duration gaveUp = FaultFixtures.since(t0);
        boolean ledgerLeft = !fx.ledgerSchemaGone(tgt);
        boolean saysSo = end.job().warnings().stream().anyMatch(w -> w.startsWith("could not remove the task ledger"));
        boolean honest = ledgerLeft == saysSo;
        scenario.outcome(fx.outcome(end)).data(honest).figure("refusal → job failed", gaveUp);
        assertThat(fx.outcome(end)).as(end.job().error()).isEqualTo("FAILED target-unavailable");
        assertThat(end.job().progress().activeTables()).isEmpty();
        assertThat(honest).as("the warnings say whether the ledger was left: " + end.job().warnings()).isTrue();
        assertThat(HostileRequests.abbreviate(end.job().error())).doesNotContain(fx.target.password());
        fx.target.dropDatabase(tgt);
    }

    @Test
    @Order(13)
    @Tag(FULL)
    void concurrentTruncateDropColumnAndDropTableWaitForTheJob() throws Exception {
        FaultReport.Scenario scenario = report.scenario("concurrent TRUNCATE / DROP COLUMN / DROP TABLE during COPY_DATA")
                .dataLabel("equal to the snapshot");
        ConcurrentDdlIT.Result result = ConcurrentDdlIT.run(gateway, fx.source, fx.target);
        scenario.outcome(result.job().status().name()).data(result.dataAsOfSnapshot())
                .figure("DDL waited", result.ddlWaited());
        assertThat(result.job().status()).as(result.job().error()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.dataAsOfSnapshot()).isTrue();
    }

    @Test
    @Order(14)
    @Tag(FULL)
    void twentyConcurrentJobsAllComplete() {
        FaultReport.Scenario scenario = report.scenario("20 concurrent schema clones");
        int jobs = 20;
        List<String[]> dbs = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            dbs.add(new String[] {fx.sourceDatabase("many" + i, 20_000), fx.targetDatabase("many" + i)});
        }
        long t0 = System.nanoTime();
        Map<String, String[]> ids = new LinkedHashMap<>();
        for (String[] pair : dbs) {
            ids.put(fx.cloneSchema(pair[0], pair[1], "{\"parallel\":2}"), pair);
        }
        for (String id : ids.keySet()) {
            fx.awaitEndEvent(id, Duration.ofMinutes(10), v -> true);
        }
        Duration wall = FaultFixtures.since(t0);
        int equal = 0;
        int completed = 0;
        for (var e : ids.entrySet()) {
            JobEvent end = fx.lastEvent(e.getKey()).orElseThrow();
            boolean same = fx.dataEqual(e.getValue()[0], e.getValue()[1]);
            scenario.outcome(fx.outcome(end)).data(same);
            completed += end.job().status() == JobStatus.COMPLETED ? 1 : 0;
            equal += same ? 1 : 0;
        }
        long startedTwice = ids.keySet().stream().flatMap(id -> fx.taskEvents(id).stream())
                .filter(e -> e instanceof TaskEvent.TaskStarted).collect(Collectors.groupingBy(TaskEvent::taskId,
                        Collectors.counting())).values().stream().filter(n -> n > 1).count();
        scenario.figure("wall time", wall).note(startedTwice + " task(s) started twice");
        assertThat(completed).isEqualTo(jobs);
        assertThat(equal).isEqualTo(jobs);
        for (String[] pair : dbs) {
            fx.source.dropDatabase(pair[0]);
            fx.target.dropDatabase(pair[1]);
        }
    }

    @Test
    @Order(15)
    @Tag(FULL)
    void aWorkerBusyWithOneTaskFarLongerThanItsSessionKeepsItsMembership() throws Exception {
        FaultReport.Scenario scenario = report.scenario("busy worker: one task held 20 s (3 × the 6 s session)");
        String src = sharedSource();
        String tgt = fx.targetDatabase("busy");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":1}");
        String held = dev.pgclone.contracts.Ids.taskId(id, FaultFixtures.SCHEMA, "orders", 0);
        Duration heldFor;
        // Biggest first, one at a time: app.orders comes after app.big. Its load waits on this lock on the target,
        // so its worker is busy with it (record unacknowledged, copy-pool thread blocked) for as long as we hold it.
        try (java.sql.Connection hold = fx.target.connect(tgt); java.sql.Statement st = hold.createStatement()) {
            hold.setAutoCommit(false);
            FaultFixtures.await("pre-data on the target", Duration.ofMinutes(2), () -> fx.target.query(tgt,
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'app'").get(0).get(0).equals("4"));
            st.execute("LOCK TABLE app.orders IN ACCESS EXCLUSIVE MODE");
            FaultFixtures.await("app.orders started", Duration.ofMinutes(3), () -> fx.taskEvents(id).stream()
                    .anyMatch(e -> e instanceof TaskEvent.TaskStarted && e.taskId().equals(held)));
            long started = System.nanoTime();
            FaultFixtures.sleep(20_000);
            heldFor = FaultFixtures.since(started);
            hold.rollback();
        }
        JobEvent end = fx.awaitEndEvent(id, JOB_END, v -> true);
        Map<String, Long> startedPerTask = fx.taskEvents(id).stream().filter(e -> e instanceof TaskEvent.TaskStarted)
                .collect(Collectors.groupingBy(TaskEvent::taskId, Collectors.counting()));
        boolean equal = fx.dataEqual(sharedSignatures, tgt);
        scenario.outcome(fx.outcome(end)).data(equal).figure("task held", heldFor)
                .note(startedPerTask.getOrDefault(held, 0L) + " TaskStarted for it, "
                        + startedPerTask.values().stream().filter(n -> n > 1).count() + " task(s) of the job started twice");
        assertThat(fx.outcome(end)).as(end.job().error()).isEqualTo("COMPLETED");
        assertThat(startedPerTask.get(held)).as("TaskStarted events of the held task").isEqualTo(1);
        assertThat(startedPerTask.values()).as("no task of the job started twice").allMatch(n -> n == 1);
        assertThat(equal).isTrue();
        fx.target.dropDatabase(tgt);
    }

    @Test
    @Order(16)
    @Tag(FULL)
    void aGatewayKilledMidJobAnswersCorrectlyFromItsFirstReadyAnswer() {
        FaultReport.Scenario scenario = report.scenario("gateway kill -9 mid-job");
        String src = sharedSource();
        String tgt = fx.targetDatabase("gwkill");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        fx.awaitBigCopying(id);
        services.kill("gateway");
        JobEvent end = fx.awaitEndEvent(id, JOB_END, v -> true);
        ServiceProcess restarted = services.restart("gateway");
        HttpResponse<String> first = gateway.get("/api/v1/jobs/" + id);
        JobView seen = first.statusCode() == 200 ? Json.read(first.body(), JobView.class) : null;
        boolean correct = seen != null && seen.status() == end.job().status() && seen.version() == end.job().version();
        boolean equal = fx.dataEqual(sharedSignatures, tgt);
        scenario.outcome(fx.outcome(end) + (correct ? ", first answer correct" : ", first answer WRONG")).data(equal)
                .figure("restart → ready", restarted.lastStartTook());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(correct).as("first answer " + first.body()).isTrue();
        assertThat(fx.outcome(end)).isEqualTo("COMPLETED");
        assertThat(equal).isTrue();
        fx.target.dropDatabase(tgt);
    }

    @Test
    @Order(17)
    @Tag(FULL)
    void aCoordinatorKilledMidCopyLeavesAFailedJobWithAnExactAccountAndNoLedger() {
        FaultReport.Scenario scenario = report.scenario("coordinator kill -9 mid-COPY, restarted").dataLabel("account exact");
        String src = sharedSource();
        String tgt = fx.targetDatabase("ckill");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        fx.awaitBigCopying(id);
        services.kill("coordinator");
        FaultFixtures.sleep(2000);
        ServiceProcess coordinator = services.restart("coordinator");
        long t0 = System.nanoTime();
        JobEvent end = fx.awaitEndEvent(id, Duration.ofMinutes(3), FaultFixtures::settled);
        Duration settledIn = FaultFixtures.since(t0);
        String account = fx.accountProblem(end.job(), sharedSignatures, tgt);
        boolean ledgerGone = fx.ledgerSchemaGone(tgt);
        JobView seen = fx.gatewayView(id, end.job().version());
        // A new job right after the restart: how long until the coordinator's consumer groups take commands again.
        String src2 = fx.sourceDatabase("ckill_next", 100);
        String tgt2 = fx.targetDatabase("ckill_next");
        long t1 = System.nanoTime();
        JobView next = gateway.awaitEnd(fx.cloneSchema(src2, tgt2, "{}"), JOB_END);
        scenario.outcome(fx.outcome(end)).data(account == null && ledgerGone)
                .figure("restart ready", coordinator.lastStartTook())
                .figure("ready → FAILED with account", settledIn)
                .figure("next job submitted → COMPLETED", FaultFixtures.since(t1));
        assertThat(fx.outcome(end)).isEqualTo("FAILED coordinator-restarted");
        assertThat(end.job().progress().activeTables()).isEmpty();
        assertThat(end.job().warnings()).anyMatch(w -> w.startsWith("post-data did not run"));
        assertThat(account).isNull();
        assertThat(ledgerGone).as("_pgclone dropped from the target").isTrue();
        assertThat(seen.status()).isEqualTo(JobStatus.FAILED);
        assertThat(seen.error()).isEqualTo(end.job().error());
        assertThat(seen.warnings()).isEqualTo(end.job().warnings());
        assertThat(next.status()).isEqualTo(JobStatus.COMPLETED);
        fx.target.dropDatabase(tgt);
    }

    @Test
    @Order(18)
    @Tag(FULL)
    void aBrokerStoppedForTwentySecondsMidCopyIsSurvived() {
        FaultReport.Scenario scenario = report.scenario("broker stopped 20 s mid-COPY");
        String src = sharedSource();
        String tgt = fx.targetDatabase("broker");
        String id = fx.cloneSchema(src, tgt, "{\"parallel\":2}");
        fx.awaitBigCopying(id);
        TestInfra.kafka().stop();
        FaultFixtures.sleep(20_000);
        TestInfra.kafka().start();
        long back = System.nanoTime();
        List<ServiceProcess> all = new ArrayList<>(List.of(services.service("gateway"), services.service("coordinator"),
                services.inspector()));
        all.addAll(services.liveWorkers());
        FaultFixtures.await("every service ready again", Duration.ofMinutes(3),
                () -> all.stream().allMatch(s -> new GatewayClient(s.url()).get("/q/health/ready").statusCode() == 200));
        Duration ready = FaultFixtures.since(back);
        JobEvent end = fx.awaitEndEvent(id, JOB_END, v -> true);
        Duration ended = FaultFixtures.since(back);
        boolean equal = fx.dataEqual(sharedSignatures, tgt);
        scenario.outcome(fx.outcome(end)).data(equal).figure("broker back → all services ready", ready)
                .figure("broker back → job end", ended);
        assertThat(fx.outcome(end)).as(end.job().error()).isEqualTo("COMPLETED");
        assertThat(equal).isTrue();
        fx.target.dropDatabase(tgt);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** A worker that has just started joins the group a little later: a rebalance then would move tasks too. */
    private static void awaitStableWorkerGroup() {
        int live = services.liveWorkers().size();
        FaultFixtures.await("the workers' group to be stable with " + live + " members", Duration.ofMinutes(2),
                () -> GroupOffsets.stableMembers(TestInfra.kafka().bootstrapServers(), "pgclone-workers") == live);
    }

    private static ServiceProcess workerOf(String workerId) {
        long pid = Long.parseLong(workerId.substring(workerId.lastIndexOf(':') + 1));
        return services.liveWorkers().stream().filter(w -> w.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no live worker process for " + workerId));
    }

    /** Terminates the sessions of {@code applicationName} in database {@code db}; returns how many. */
    private static int terminate(dev.pgclone.testing.PostgresCluster cluster, String db, String applicationName) {
        // From another database: the target one may be refusing connections.
        return cluster.query("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                + PgQuoting.literal(db) + " AND application_name = " + PgQuoting.literal(applicationName)).size();
    }

    private static void allowConnections(String db, boolean allow) {
        fx.target.execute("postgres", "ALTER DATABASE " + PgQuoting.identifier(db) + " ALLOW_CONNECTIONS " + allow);
    }
}
