package dev.pgclone.worker.copy;

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
 * The one way a worker changes a target (ADR 3): in a single target transaction it takes the task's lock, looks
 * for the task's completion record (present: only re-report), imports the job's snapshot on the source before
 * touching anything, lets the copier load, writes the record and commits. A worker that dies leaves nothing; a
 * redelivery changes nothing.
 */
final class ExactlyOnceLoad {

    private static final Logger LOG = Logger.getLogger(ExactlyOnceLoad.class);

    /** What a copier loads inside the transaction; returns {count, bytes}. */
    @FunctionalInterface
    interface Body {
        long[] load(Connection source, Connection target) throws SQLException;
    }

    private final PgConnector connector;

    ExactlyOnceLoad(PgConnector connector) {
        this.connector = connector;
    }

    CopyOutcome run(Task task, String snapshotId, Conninfo source, Conninfo target, Body body) throws SQLException {
        TaskLedger ledger = new TaskLedger(task.jobId());
        try (Connection tgt = connector.open(target, SessionRole.TARGET);
             Connection src = connector.open(source, SessionRole.SOURCE)) {
            tgt.setAutoCommit(false);
            Optional<TaskLedger.Entry> done = ledger.lockAndFind(tgt, task.taskId());
            if (done.isPresent()) {
                tgt.rollback();
                LOG.infof("task already applied by attempt %d (%d rows): re-reporting only", done.get().attempt(),
                        done.get().rows());
                return new CopyOutcome(done.get().rows(), done.get().bytes(), true);
            }
            SnapshotSessions.beginReadOnly(src, snapshotId);
            long[] counters = body.load(src, tgt);
            ledger.record(tgt, new TaskLedger.Entry(task.taskId(), task.attempt(), counters[0], counters[1], task.describe()));
            tgt.commit();
            SnapshotSessions.end(src);
            return new CopyOutcome(counters[0], counters[1], false);
        }
    }
}
