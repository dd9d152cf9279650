package dev.pgclone.coordinator.applied;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.coordinator.store.JobStore;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job stored as running by a coordinator that died: the next coordinator ends it FAILED with an exact account of
 * what the target keeps, read from the ledger it then drops. Here the dead coordinator's state is written as it would
 * have left it, and the closing is run directly.
 */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
class OrphanedJobsTest {

    private final PostgresCluster target = TestInfra.postgres("target");
    private final SecretSealer sealer = SecretSealer.fromBase64(TestInfra.secretKey());
    private TopicRecorder jobEvents;
    private String targetDb;

    @Inject
    JobStore store;
    @Inject
    OrphanedJobs orphans;

    @BeforeEach
    void setUp() {
        targetDb = "orphan_tgt_" + UUID.randomUUID().toString().substring(0, 8);
        target.createDatabase(targetDb);
        jobEvents = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.JOB_EVENTS);
    }

    @AfterEach
    void tearDown() {
        jobEvents.close();
    }

    @Test
    void aJobLeftRunningEndsFailedSayingWhatTheTargetKeepsAndLosesItsLedger() throws Exception {
        String jobId = Ids.newJobId();
        StartClone command = new StartClone(MessageHeader.create(jobId, "test"), new CloneScope.Schema("s"),
                sealer.seal(Conninfo.parse(target.conninfo("postgres"))), sealer.seal(Conninfo.parse(target.conninfo(targetDb))),
                true, CloneOptions.DEFAULTS);
        target.execute(targetDb, "CREATE SCHEMA s; CREATE TABLE s.a (id int); CREATE TABLE s.b (id int)");
        TaskLedger ledger = new TaskLedger(jobId);
        try (Connection c = target.connect(targetDb); Statement st = c.createStatement()) {
            ledger.create(c);
            c.setAutoCommit(false);
            st.execute("INSERT INTO s.a SELECT generate_series(1, 5)");
            ledger.record(c, new TaskLedger.Entry("task-a", 1, 5, 40, "s.a"));
            c.commit();
        }
        JobView running = new JobView(jobId, "schema", JobStatus.RUNNING, Phase.COPY_DATA, "src", "tgt",
                new JobRequest(command.scope(), true, CloneOptions.DEFAULTS), Instant.now(), Instant.now(), null,
                new JobProgress(2, 1, 2, 1, 9, 99, List.of("s.b")), List.of(), List.of(), null, "00000003-0000001B-1", 7);
        store.insert(command, running);
        store.saveApplied(jobId, AppliedState.NOTHING.withPreData(3, List.of("s.a", "s.b"), true));

        orphans.closeAll();

        JobEvent.JobFailed settled = (JobEvent.JobFailed) Json.read(jobEvents.await(v -> {
            JobEvent e = Json.read(v, JobEvent.class);
            return e.jobId().equals(jobId) && e.job().warnings().stream().anyMatch(w -> w.startsWith("tables loaded"));
        }, Duration.ofSeconds(60)), JobEvent.class);
        JobView failed = settled.job();
        assertThat(settled.error().code()).isEqualTo("coordinator-restarted");
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.version()).isGreaterThan(running.version());
        assertThat(failed.warnings()).contains("tables loaded (1 of 2): s.a (5 rows)",
                "tables created but left empty (1): s.b");
        assertThat(failed.warnings()).anyMatch(w -> w.startsWith("post-data did not run"));
        assertThat(failed.progress().activeTables()).isEmpty();
        assertThat(failed.progress().rowsCopied()).isEqualTo(5);
        assertThat(target.query(targetDb, "SELECT count(*) FROM pg_namespace WHERE nspname = '_pgclone'").get(0).get(0))
                .as("ledger dropped").isEqualTo("0");
        assertThat(store.unfinished()).noneMatch(v -> v.id().equals(jobId));
        assertThat(store.command(jobId).orElseThrow().target().sealedSecrets()).as("secrets scrubbed").isNull();
    }
}
