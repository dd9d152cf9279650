package dev.pgclone.coordinator.applied;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.coordinator.config.Beans;
import dev.pgclone.coordinator.dispatch.MessagePublisher;
import dev.pgclone.coordinator.store.JobStore;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.ledger.TaskLedger;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Jobs an earlier coordinator left running lost their snapshot with that process. At start-up each ends FAILED with
 * an exact account: first announced (so workers still copying for it roll back), then its task ledger is read and
 * dropped on the target, and the job is announced again saying which tables hold rows, which were left empty and
 * how far post-data got. Runs in the background: a target that is slow to answer does not delay start-up.
 */
@ApplicationScoped
public class OrphanedJobs {

    private static final Logger LOG = Logger.getLogger(OrphanedJobs.class);
    static final String ERROR = "the coordinator restarted while this job was running, so its snapshot and table locks "
            + "were lost; the target keeps what the warnings list: clone again into an empty target or with "
            + "conflict replace";
    static final String MASKING_ERROR = "the coordinator restarted while this masking job was running; an in-place "
            + "mask keeps the batches it committed (recorded as the run's progress): submit the same masks again to "
            + "continue after them; a masking policy's transaction was rolled back";

    private final JobStore store;
    private final MessagePublisher publisher;
    private final SecretSealer sealer;
    private final PgConnector connector;
    private final String producer;

    public OrphanedJobs(JobStore store, MessagePublisher publisher, SecretSealer sealer, PgConnector connector,
                        Beans.Identity identity) {
        this.producer = identity.name();
        this.store = store;
        this.publisher = publisher;
        this.sealer = sealer;
        this.connector = connector;
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::closeAll, "orphaned-jobs");
        t.setDaemon(true);
        t.start();
    }

    /** Ends every job the store still shows as unfinished. */
    void closeAll() {
        List<JobView> orphans;
        try {
            orphans = store.unfinished();
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("could not read the jobs of an earlier coordinator run: %s", PgFailures.describe(e));
            return;
        }
        for (JobView orphan : orphans) {
            try {
                close(orphan);
            } catch (SQLException | RuntimeException e) {
                LOG.errorf("job %s: could not close it after the restart: %s", orphan.id(), PgFailures.describe(e));
            }
        }
    }

    private void close(JobView orphan) throws SQLException {
        // The command's secrets are scrubbed once the job is stored as ended: read them first.
        Optional<StartClone> command = store.command(orphan.id());
        AppliedState applied = store.applied(orphan.id());
        JobView failed = announce(orphan, orphan.version() + 1, orphan.warnings(), AppliedReport.pending(applied),
                settled(orphan.progress(), null));
        LOG.warnf("job %s: left running by an earlier coordinator; failed", orphan.id());
        if (!applied.ledger() || command.isEmpty()) {
            return;
        }
        TaskLedger ledger = new TaskLedger(orphan.id());
        List<String> account;
        JobProgress progress = failed.progress();
        try (Connection target = connector.open(targetOf(command.get(), applied), SessionRole.TARGET)) {
            Optional<List<TaskLedger.Entry>> loaded = ledger.drop(target);
            account = AppliedReport.warnings(applied, loaded, null, ledger.name());
            progress = settled(orphan.progress(), loaded.orElse(null));
        } catch (SQLException | RuntimeException e) {
            account = AppliedReport.warnings(applied, Optional.empty(), PgFailures.describe(e), ledger.name());
        }
        announce(orphan, failed.version() + 1, orphan.warnings(), account, progress);
    }

    private JobView announce(JobView orphan, long version, List<String> warnings, List<String> account,
                             JobProgress progress) throws SQLException {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(account);
        String error = orphan.request() != null && orphan.request().masking() != null ? MASKING_ERROR : ERROR;
        JobView failed = new JobView(orphan.id(), orphan.kind(), JobStatus.FAILED, orphan.phase(), orphan.source(),
                orphan.target(), orphan.request(), orphan.submittedAt(), orphan.startedAt(), Instant.now(), progress,
                orphan.summary(), all, error, orphan.snapshotId(), version, orphan.masking());
        store.save(failed);
        publisher.publish(new JobEvent.JobFailed(MessageHeader.create(orphan.id(), producer), failed,
                new ErrorInfo(ErrorCode.COORDINATOR_RESTARTED, error, true, null)));
        return failed;
    }

    /** Nothing is active any more; with the ledger's records, counts are what committed. */
    static JobProgress settled(JobProgress last, List<TaskLedger.Entry> loaded) {
        if (loaded == null) {
            return new JobProgress(last.tablesTotal(), last.tablesCompleted(), last.tasksTotal(), last.tasksCompleted(),
                    last.rowsCopied(), last.bytesCopied(), List.of());
        }
        int tables = AppliedReport.rowsByTable(loaded).size();
        long rows = loaded.stream().filter(e -> !isLargeObjects(e)).mapToLong(TaskLedger.Entry::rows).sum();
        long bytes = loaded.stream().mapToLong(TaskLedger.Entry::bytes).sum();
        return new JobProgress(last.tablesTotal(), tables, last.tasksTotal(), loaded.size(), rows, bytes, List.of());
    }

    private static boolean isLargeObjects(TaskLedger.Entry e) {
        return e.label() != null && e.label().endsWith("large object(s)");
    }

    private Conninfo targetOf(StartClone command, AppliedState applied) {
        Conninfo target = sealer.open(command.target());
        return applied.targetDatabase() != null ? target.withDbname(applied.targetDatabase()) : target;
    }
}
