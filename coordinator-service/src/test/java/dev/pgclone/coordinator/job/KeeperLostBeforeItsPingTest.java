package dev.pgclone.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A copy task dispatched just before the snapshot keeper died fails on the worker with only "invalid snapshot
 * identifier". The job must still fail as snapshot-lost, naming the cause and the {@code consistent: false} escape,
 * even when that failure arrives before the keeper's next ping (here: none for an hour).
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
@TestProfile(KeeperLostBeforeItsPingTest.NoPing.class)
class KeeperLostBeforeItsPingTest {

    public static class NoPing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgclone.coordinator.keeper-ping-interval", "1h");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());

    @Test
    void aTaskThatCouldNotImportTheSnapshotOfADeadKeeperFailsTheJobAsSnapshotLost() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String sourceDb = "keeper_src_" + suffix;
        String targetDb = "keeper_tgt_" + suffix;
        source.createDatabase(sourceDb);
        target.createDatabase(targetDb);
        source.execute(sourceDb, "CREATE TABLE public.orders (id int PRIMARY KEY); INSERT INTO public.orders VALUES (1)");
        String kafka = TestInfra.kafka().bootstrapServers();
        try (TopicRecorder tasks = new TopicRecorder(kafka, Topics.TASKS);
             TopicRecorder jobEvents = new TopicRecorder(kafka, Topics.JOB_EVENTS);
             TestProducer producer = new TestProducer(kafka)) {
            String jobId = Ids.newJobId();
            StartClone command = new StartClone(MessageHeader.create(jobId, "test"), new CloneScope.Table("public", "orders", null),
                    sealer.seal(Conninfo.parse(source.conninfo(sourceDb))), sealer.seal(Conninfo.parse(target.conninfo(targetDb))),
                    true, CloneOptions.DEFAULTS);
            producer.send(Topics.COMMANDS, jobId, Json.write(command));
            CopyTableTask task = (CopyTableTask) Json.read(tasks.await(v -> v.contains(jobId), TIMEOUT), Task.class);

            assertThat(source.query(sourceDb, """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND application_name = 'pgclone-coordinator'
                       AND state = 'idle in transaction'""")).hasSize(1);
            // What a worker reports when its task arrives after the keeper died.
            TaskEvent failed = new TaskEvent.TaskFailed(MessageHeader.create(jobId, "test"), task.taskId(), 1, "w",
                    new ErrorInfo("copy-failed", "invalid snapshot identifier: \"" + task.snapshotId() + "\"", false, "22023"));
            producer.send(Topics.TASK_EVENTS, jobId, Json.write(failed));

            JobEvent.JobFailed end = (JobEvent.JobFailed) Json.read(jobEvents.await(v -> v.contains(jobId)
                    && v.contains("\"job-failed\""), TIMEOUT), JobEvent.class);
            assertThat(end.error().code()).isEqualTo("snapshot-lost");
            assertThat(end.job().error()).contains("snapshot keeper").contains("\"consistent\": false");
        }
    }
}
