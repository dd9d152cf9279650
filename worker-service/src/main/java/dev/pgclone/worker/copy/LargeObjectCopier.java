package dev.pgclone.worker.copy;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.options.ConflictStrategy;
import dev.pgclone.contracts.task.CopyLargeObjectsTask;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.copy.CopyCancelledException;
import dev.pgclone.pg.copy.CopyOutcome;
import dev.pgclone.pg.copy.CopyProgress;
import dev.pgclone.pg.copy.ExactlyOnceLoad;
import dev.pgclone.pg.failure.FatalFailure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * Copies a batch of large objects with their OIDs, chunk by chunk ({@code lo_get} / {@code lo_put}, never a whole
 * object in memory), inside {@link ExactlyOnceLoad} like a table copy.
 */
public final class LargeObjectCopier {

    static final int CHUNK = 1 << 20;

    private final ExactlyOnceLoad load;
    private final java.time.Duration progressInterval;

    public LargeObjectCopier(PgConnector connector, java.time.Duration progressInterval) {
        this.load = new ExactlyOnceLoad(connector);
        this.progressInterval = progressInterval;
    }

    public CopyOutcome copy(CopyLargeObjectsTask task, Conninfo source, Conninfo target, CopyProgress progress,
                            BooleanSupplier cancelled) throws SQLException {
        return load.run(task, task.snapshotId(), source, target, (src, tgt) -> {
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
                    if (present(exists, oid)) {
                        if (task.conflict() == ConflictStrategy.SKIP) {
                            continue;
                        }
                        if (task.conflict() != ConflictStrategy.REPLACE) {
                            throw new FatalFailure(ErrorCode.TARGET_CONFLICT, "large object " + oid
                                    + " already exists on the target (conflict: " + task.conflict().json()
                                    + "); use conflict skip or replace");
                        }
                        unlink.setLong(1, oid);
                        unlink.execute();
                    }
                    create.setLong(1, oid);
                    create.execute();
                    bytes += stream(oid, read, write);
                    objects++;
                    if (System.nanoTime() >= nextReport) {
                        progress.update(objects, bytes);
                        nextReport = System.nanoTime() + progressInterval.toNanos();
                    }
                }
            }
            return new long[] {objects, bytes};
        });
    }

    private static boolean present(PreparedStatement exists, long oid) throws SQLException {
        exists.setLong(1, oid);
        try (ResultSet rs = exists.executeQuery()) {
            return rs.next();
        }
    }

    /** Copies one object's content in chunks; returns its size. */
    private static long stream(long oid, PreparedStatement read, PreparedStatement write) throws SQLException {
        long offset = 0;
        while (true) {
            read.setLong(1, oid);
            read.setLong(2, offset);
            read.setInt(3, CHUNK);
            byte[] chunk;
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                chunk = rs.getBytes(1);
            }
            if (chunk == null || chunk.length == 0) {
                return offset;
            }
            write.setLong(1, oid);
            write.setLong(2, offset);
            write.setBytes(3, chunk);
            write.execute();
            offset += chunk.length;
        }
    }
}
