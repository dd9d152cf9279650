package dev.pgclone.pg.copy;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one way a task changes a target (ADR 3): in a single target transaction it takes the task's lock, looks for
 * the task's completion record (present: only re-report), reads the source under the job's snapshot, lets the copier
 * load, writes the record and commits. A copier that dies leaves nothing; a redelivery changes nothing.
 */
public final class ExactlyOnceLoad {

    private static final Logger LOG = Logger.getLogger(ExactlyOnceLoad.class);

    /** What a copier loads inside the transaction; returns {count, bytes}. */
    @FunctionalInterface
    public interface Body {
        long[] load(Connection source, Connection target) throws SQLException;
    }

    private interface TargetBody {
        long[] load(Connection target) throws SQLException;
    }

    private final PgConnector connector;

    public ExactlyOnceLoad(PgConnector connector) {
        this.connector = connector;
    }

    /** Opens a source session of its own, bound to {@code snapshotId} (its own snapshot when null). */
    public CopyOutcome run(Task task, String snapshotId, Conninfo source, Conninfo target, Body body) throws SQLException {
        try (Connection src = connector.open(source, SessionRole.SOURCE)) {
            return once(task, target, tgt -> {
                // after the ledger check: a task already applied never touches the source
                SnapshotSessions.beginReadOnly(src, snapshotId);
                long[] counters = body.load(src, tgt);
                SnapshotSessions.end(src);
                return counters;
            });
        }
    }

    /** Reads through a source session that already reads the job's snapshot (the snapshot keeper's). */
    public CopyOutcome runOn(Task task, Connection source, Conninfo target, Body body) throws SQLException {
        return once(task, target, tgt -> body.load(source, tgt));
    }

    private CopyOutcome once(Task task, Conninfo target, TargetBody body) throws SQLException {
        TaskLedger ledger = new TaskLedger(task.jobId());
        try (Connection tgt = connector.open(target, SessionRole.TARGET)) {
            tgt.setAutoCommit(false);
            Optional<TaskLedger.Entry> done = ledger.lockAndFind(tgt, task.taskId());
            if (done.isPresent()) {
                tgt.rollback();
                LOG.infof("task already applied by attempt %d (%d rows): re-reporting only", done.get().attempt(),
                        done.get().rows());
                return new CopyOutcome(done.get().rows(), done.get().bytes(), true);
            }
            long[] counters = body.load(tgt);
            ledger.record(tgt, new TaskLedger.Entry(task.taskId(), task.attempt(), counters[0], counters[1], task.describe()));
            tgt.commit();
            return new CopyOutcome(counters[0], counters[1], false);
        }
    }
}
