package dev.pgclone.worker.copy;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.options.ConflictStrategy;
import dev.pgclone.contracts.task.CopyLargeObjectsTask;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Copies a batch of large objects with their OIDs, chunk by chunk ({@code lo_get} / {@code lo_put}, never a whole
 * object in memory), in one target transaction with the task's completion record, like a table copy.
 */
public final class LargeObjectCopier {

    static final int CHUNK = 1 << 20;

    private final PgConnector connector;
    private final java.time.Duration progressInterval;

    public LargeObjectCopier(PgConnector connector, java.time.Duration progressInterval) {
        this.connector = connector;
        this.progressInterval = progressInterval;
    }

    public CopyOutcome copy(CopyLargeObjectsTask task, Conninfo source, Conninfo target, CopyProgress progress,
                            BooleanSupplier cancelled) throws SQLException {
        TaskLedger ledger = new TaskLedger(task.jobId());
        try (Connection tgt = connector.open(target, SessionRole.TARGET);
             Connection src = connector.open(source, SessionRole.SOURCE)) {
            tgt.setAutoCommit(false);
            Optional<TaskLedger.Entry> done = ledger.lockAndFind(tgt, task.taskId());
            if (done.isPresent()) {
                tgt.rollback();
                return new CopyOutcome(done.get().rows(), done.get().bytes(), true);
            }
            SnapshotSessions.beginReadOnly(src, task.snapshotId());
            long objects = 0;
            long bytes = 0;
            long nextReport = System.nanoTime() + progressInterval.toNanos();
            try (PreparedStatement exists = tgt.prepareStatement("SELECT 1 FROM pg_catalog.pg_largeobject_metadata WHERE oid = ?");
                 PreparedStatement unlink = tgt.prepareStatement("SELECT pg_catalog.lo_unlink(?)");
                 PreparedStatement create = tgt.prepareStatement("SELECT pg_catalog.lo_create(?)");
                 PreparedStatement read = src.prepareStatement("SELECT pg_catalog.lo_get(?, ?, ?)");
                 PreparedStatement write = tgt.prepareStatement("SELECT pg_catalog.lo_put(?, ?, ?)")) {
                for (long oid : task.oids()) {
                    if (cancelled.getAsBoolean()) {
                        throw new CopyCancelledException(task.jobId());
                    }
                    exists.setLong(1, oid);
                    boolean present;
                    try (ResultSet rs = exists.executeQuery()) {
                        present = rs.next();
                    }
                    if (present) {
                        if (task.conflict() == ConflictStrategy.SKIP) {
                            continue;
                        }
                        if (task.conflict() != ConflictStrategy.REPLACE) {
                            throw new SQLException("large object " + oid + " already exists on the target (conflict: "
                                    + task.conflict().json() + "); use conflict skip or replace", "42710");
                        }
                        unlink.setLong(1, oid);
                        unlink.execute();
                    }
                    create.setLong(1, oid);
                    create.execute();
                    for (long offset = 0; ; offset += CHUNK) {
                        read.setLong(1, oid);
                        read.setLong(2, offset);
                        read.setInt(3, CHUNK);
                        byte[] chunk;
                        try (ResultSet rs = read.executeQuery()) {
                            rs.next();
                            chunk = rs.getBytes(1);
                        }
                        if (chunk == null || chunk.length == 0) {
                            break;
                        }
                        write.setLong(1, oid);
                        write.setLong(2, offset);
                        write.setBytes(3, chunk);
                        write.execute();
                        bytes += chunk.length;
                    }
                    objects++;
                    if (System.nanoTime() >= nextReport) {
                        progress.update(objects, bytes);
                        nextReport = System.nanoTime() + progressInterval.toNanos();
                    }
                }
            }
            ledger.record(tgt, new TaskLedger.Entry(task.taskId(), task.attempt(), objects, bytes));
            tgt.commit();
            SnapshotSessions.end(src);
            return new CopyOutcome(objects, bytes, false);
        }
    }
}
