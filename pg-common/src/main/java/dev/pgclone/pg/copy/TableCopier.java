package dev.pgclone.pg.copy;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.task.CopySpec;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.ddl.CopySql;
import dev.pgclone.pg.failure.FatalFailure;
import dev.pgclone.pg.mask.MaskKey;
import dev.pgclone.pg.snapshot.RelationLocks;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Streams one copy task from source to target: {@code COPY … TO STDOUT} on a source session bound to the job's
 * snapshot, piped chunk by chunk into {@code COPY … FROM STDIN} on the target (never a whole table in memory).
 *
 * <p>Runs inside {@link ExactlyOnceLoad}: it first clears the task's rows (TRUNCATE for a whole table, which also
 * allows COPY FREEZE; a key-range DELETE for a part), so a retry starts clean.
 */
public final class TableCopier {

    private static final Logger LOG = Logger.getLogger(TableCopier.class);

    /** Lock wait of a task whose message predates {@code lockWaitMillis}. */
    static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(1);

    private final PgConnector connector;
    private final ExactlyOnceLoad load;
    private final Duration progressInterval;
    /** The deployment's keyed_hash key, null when none is configured. */
    private final MaskKey maskKey;

    public TableCopier(PgConnector connector, Duration progressInterval) {
        this(connector, progressInterval, null);
    }

    /** @param maskKey the deployment's {@code keyed_hash} key, null when none is configured */
    public TableCopier(PgConnector connector, Duration progressInterval, MaskKey maskKey) {
        this.connector = connector;
        this.load = new ExactlyOnceLoad(connector);
        this.progressInterval = progressInterval;
        this.maskKey = maskKey;
    }

    /** A worker's copy, on a source session of its own. */
    public CopyOutcome copy(CopyTableTask task, Conninfo source, Conninfo target, CopyProgress progress,
                            BooleanSupplier cancelled) throws SQLException {
        CopySpec spec = task.copy();
        requireMaskKey(spec);
        return load.run(task, task.snapshotId(), source, target, (src, tgt) -> {
            lockSource(src, task, () -> connector.open(source, SessionRole.SOURCE));
            return load(src, tgt, spec, progress, cancelled, task.jobId());
        });
    }

    /**
     * A copy read through the snapshot keeper's session, which holds the table's lock already: the way past a DDL
     * queued behind the keeper, which blocks every new session's read of that table (see {@link RelationLocks}).
     * Runs inside a savepoint, so whatever happens the keeper's transaction, snapshot and locks live on.
     */
    public CopyOutcome copyThrough(CopyTableTask task, Connection keeper, Conninfo target, CopyProgress progress,
                                   BooleanSupplier cancelled) throws SQLException {
        requireMaskKey(task.copy());
        return load.runOn(task, keeper, target, (src, tgt) -> SnapshotSessions.inSavepoint(src,
                () -> load(src, tgt, task.copy(), progress, cancelled, task.jobId())));
    }

    /**
     * A task whose masks use {@code keyed_hash} is copied only with the key the job was planned with: another key would
     * load other pseudonyms than the rest of the job's tables (joins across them would silently break). Checked before
     * any session is opened, so nothing is read or written.
     */
    private void requireMaskKey(CopySpec spec) {
        if (!spec.needsMaskKey()) {
            return;
        }
        if (maskKey == null) {
            throw new FatalFailure(ErrorCode.MASK_KEY_MISSING, "copy of " + spec.source() + " needs the keyed_hash key "
                    + spec.maskKeyId() + " and this service has none configured (pgclone.masking.key); nothing was copied");
        }
        if (!maskKey.id().equals(spec.maskKeyId())) {
            throw new FatalFailure(ErrorCode.MASK_KEY_MISMATCH, "copy of " + spec.source() + " was planned with the "
                    + "keyed_hash key " + spec.maskKeyId() + " but this service's key is " + maskKey.id()
                    + "; nothing was copied");
        }
    }

    /**
     * Without the job's snapshot (consistent: false) nobody holds this table's lock yet: take it before the COPY takes
     * this transaction's snapshot, as pg_dump does, so a concurrent TRUNCATE waits instead of emptying what we read.
     * With it, the keeper holds the lock and it is granted at once, unless DDL is queued behind the keeper: then no
     * new session gets it until the job ends, and the task says so ({@code lock-queued}) rather than wait forever.
     * Whatever else the statement reads (a filter's subqueries) waits at most as long as the job allows.
     */
    private static void lockSource(Connection src, CopyTableTask task, RelationLocks.Opener diagnostics) throws SQLException {
        CopySpec spec = task.copy();
        QualifiedName table = new QualifiedName(spec.source().schema(), spec.source().name());
        Duration wait = spec.lockWaitMillis() == null ? DEFAULT_LOCK_WAIT : Duration.ofMillis(spec.lockWaitMillis());
        if (task.snapshotId() == null) {
            RelationLocks.accessShare(src, List.of(table), wait, diagnostics);
        } else {
            RelationLocks.accessShareNowait(src, table, diagnostics);
        }
        try (Statement st = src.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + wait.toMillis());
        }
    }

    /** Clears the task's rows on the target and streams the source's in; returns {rows, bytes}. */
    private long[] load(Connection src, Connection tgt, CopySpec spec, CopyProgress progress, BooleanSupplier cancelled,
                        String jobId) throws SQLException {
        if (spec.where() != null) {
            try (Statement st = src.createStatement()) {
                // A row filter resolves unqualified names as in a session on the table's schema (pg_catalog first),
                // and its strings are lexed as standard strings, as when the coordinator checked it.
                for (String setting : CopySql.filterSettings(spec.source())) {
                    st.execute(setting);
                }
            }
        }
        clearTaskRows(tgt, spec);
        if (!spec.needsMaskKey()) {
            return pipe(src, tgt, spec, progress, cancelled, jobId);
        }
        maskKey.apply(src);
        try {
            return pipe(src, tgt, spec, progress, cancelled, jobId);
        } finally {
            clearMaskKey(src);
        }
    }

    /**
     * The keeper's session outlives the copy: its pads are blanked. After a failure the transaction is aborted and the
     * savepoint's rollback takes the settings with it.
     */
    private static void clearMaskKey(Connection src) {
        try {
            MaskKey.clear(src);
        } catch (SQLException e) {
            LOG.debugf("blanking the keyed_hash pads after a failed copy: %s", e.getSQLState());
        }
    }

    private static void clearTaskRows(Connection tgt, CopySpec spec) throws SQLException {
        String table = Quote.qualified(spec.target().schema(), spec.target().name());
        TablePart part = spec.part();
        try (Statement st = tgt.createStatement()) {
            if (part.whole()) {
                st.execute("TRUNCATE ONLY " + table);
            } else {
                StringBuilder delete = new StringBuilder("DELETE FROM ONLY ").append(table).append(" WHERE true");
                String key = Quote.ident(part.keyColumn());
                if (part.lowerBound() != null) {
                    delete.append(" AND ").append(key).append(" >= ").append(part.lowerBound());
                }
                if (part.upperBound() != null) {
                    delete.append(" AND ").append(key).append(" < ").append(part.upperBound());
                }
                st.execute(delete.toString());
            }
        }
    }

    /** Returns {rows, bytes}. Always ends both COPY streams: cancelled on any failure. */
    private long[] pipe(Connection src, Connection tgt, CopySpec spec, CopyProgress progress, BooleanSupplier cancelled,
                        String jobId) throws SQLException {
        String out = CopySql.copyOut(spec);
        String in = CopySql.copyIn(spec);
        CopyOut reader = src.unwrap(PGConnection.class).getCopyAPI().copyOut(out);
        CopyIn writer = null;
        long rows = 0;
        long bytes = 0;
        try {
            writer = tgt.unwrap(PGConnection.class).getCopyAPI().copyIn(in);
            long nextReport = System.nanoTime() + progressInterval.toNanos();
            byte[] chunk;
            // In text format each CopyData message from the server is one row.
            while ((chunk = reader.readFromCopy()) != null) {
                writer.writeToCopy(chunk, 0, chunk.length);
                rows++;
                bytes += chunk.length;
                if (System.nanoTime() >= nextReport) {
                    if (cancelled.getAsBoolean()) {
                        throw new CopyCancelledException(jobId);
                    }
                    progress.update(rows, bytes);
                    nextReport = System.nanoTime() + progressInterval.toNanos();
                }
            }
            if (cancelled.getAsBoolean()) {
                throw new CopyCancelledException(jobId);
            }
            long loaded = writer.endCopy();
            if (loaded != rows) {
                throw new SQLException("target loaded " + loaded + " rows but the source sent " + rows);
            }
            return new long[] {rows, bytes};
        } finally {
            cancelQuietly(writer);
            cancelQuietly(reader);
        }
    }

    private static void cancelQuietly(org.postgresql.copy.CopyOperation op) {
        if (op != null && op.isActive()) {
            try {
                op.cancelCopy();
            } catch (SQLException e) {
                LOG.debugf("cancelling an unfinished COPY failed: %s", e.getMessage());
            }
        }
    }
}
