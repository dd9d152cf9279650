package dev.pgclone.inspector.verify;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.inspector.report.ReportProgressSink;
import dev.pgclone.inspector.verify.VerifyPlan.Part;
import dev.pgclone.inspector.verify.VerifyPlan.Side;
import dev.pgclone.inspector.verify.VerifyPlan.TableOnSide;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.compare.TableInventory;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.mask.MaskingRecord;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * An exact verify: each side read under one snapshot, every row counted and hashed by the server.
 *
 * <p>On each side a keeper session begins {@code REPEATABLE READ READ ONLY}, exports its snapshot and lists the tables
 * under it; then up to {@code parallelism} sessions per side import that snapshot ({@code SET TRANSACTION SNAPSHOT},
 * the first statement of their transaction) and take parts from the side's queue, biggest first, each one aggregate
 * query ({@link TableSignature}). Both sides work at once; nothing but three numbers per part comes back, so a
 * multi-GB table costs no memory here or on the servers. No table is locked beforehand (a verify must not hold up DDL
 * for its whole length): a table truncated or rewritten by {@code ALTER TABLE} while the verify runs can look empty to
 * it, as those commands are not MVCC-safe, and is then reported as different, never as a false match. Reading a table
 * takes an {@code ACCESS SHARE} lock held until its session ends, as for pg_dump. The first failure cancels the
 * queries still running and ends the verify.
 */
final class ExactVerification {

    private static final Logger LOG = Logger.getLogger(ExactVerification.class);

    private final PgConnector connector;
    private final int parallelism;
    private final long pagesPerPart;
    private final Duration lockWait;
    /** SQLSTATE of a lock wait that ran out ({@code lock_timeout}). */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The rows of the report, how many rows were hashed on both sides, and notes on how (masked columns). */
    record Outcome(List<VerifyRow> rows, long rowsHashed, List<String> notes) {
    }

    ExactVerification(PgConnector connector, int parallelism, long pagesPerPart, Duration lockWait) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.connector = connector;
        this.parallelism = parallelism;
        this.pagesPerPart = pagesPerPart;
        this.lockWait = lockWait;
    }

    /**
     * @param schemas  resolves the verified schemas on the source keeper's session (under its snapshot)
     * @param excluded columns left out per table (the masking hook), besides those pgclone's masking record on the
     *                 target names ({@link MaskedColumns}, read under the target's snapshot)
     */
    Outcome run(Conninfo source, Conninfo target, SchemaResolver schemas, Map<QualifiedName, Set<String>> excluded,
                ReportProgressSink sink) throws InterruptedException, SQLException {
        try (Connection sourceKeeper = connector.open(source, SessionRole.SOURCE);
             Connection targetKeeper = connector.open(target, SessionRole.TARGET)) {
            String sourceSnapshot = export(sourceKeeper, "source");
            String targetSnapshot = export(targetKeeper, "target");
            List<String> verified = schemas.resolve(sourceKeeper);
            List<TableInventory.Entry> targetTables = inventory(targetKeeper, verified, "target");
            MaskedColumns masked = masked(targetKeeper, targetTables);
            VerifyPlan plan = VerifyPlan.of(inventory(sourceKeeper, verified, "source"), targetTables,
                    masked.plus(excluded), pagesPerPart);
            VerifyProgress progress = new VerifyProgress(plan, sink);
            progress.started();
            Map<TableOnSide, TableSignature> signatures = hash(plan, Map.of(Side.SOURCE, source, Side.TARGET, target),
                    Map.of(Side.SOURCE, sourceSnapshot, Side.TARGET, targetSnapshot), progress);
            return new Outcome(plan.exactRows(signatures), progress.current().rows(),
                    masked.notes(plan.reportedNames(), true));
        }
        // closing the keepers ends their transactions (nothing was written) and the snapshots with them
    }

    /** Lists the verified schemas on the source keeper's session. */
    @FunctionalInterface
    interface SchemaResolver {
        List<String> resolve(Connection sourceKeeper) throws SQLException;
    }

    private static String export(Connection keeper, String side) {
        try {
            SnapshotSessions.beginKeeper(keeper, null);
            return SnapshotSessions.export(keeper);
        } catch (SQLException e) {
            throw CloneFailure.of(ErrorCode.REPORT_FAILED, "could not take a snapshot on the " + side + ": "
                    + PgFailures.describe(e), e);
        }
    }

    private static List<TableInventory.Entry> inventory(Connection keeper, List<String> schemas, String side) {
        try {
            return new TableInventory(keeper).tables(schemas);
        } catch (SQLException e) {
            throw CloneFailure.of(ErrorCode.REPORT_FAILED, "could not list the tables on the " + side + ": "
                    + PgFailures.describe(e), e);
        }
    }

    /** What pgclone masked on the target, for the tables listed there (their schemas: partitions may live elsewhere). */
    static MaskedColumns masked(Connection target, List<TableInventory.Entry> targetTables) {
        try {
            return MaskedColumns.read(target, targetTables.stream().map(e -> e.name().schema()).distinct().toList());
        } catch (SQLException e) {
            throw CloneFailure.of(ErrorCode.REPORT_FAILED, "could not read which columns pgclone masked on the target ("
                    + MaskingRecord.SCHEMA + "." + MaskingRecord.TABLE
                    + "): " + PgFailures.describe(e), e);
        }
    }

    private Map<TableOnSide, TableSignature> hash(VerifyPlan plan, Map<Side, Conninfo> conninfos, Map<Side, String> snapshots,
                                                  VerifyProgress progress) throws InterruptedException {
        Map<TableOnSide, TableSignature> signatures = new ConcurrentHashMap<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Set<Connection> sessions = ConcurrentHashMap.newKeySet();
        List<Callable<Void>> work = new ArrayList<>();
        for (Side side : Side.values()) {
            Queue<Part> queue = new ConcurrentLinkedQueue<>(plan.parts(side));
            for (int i = 0; i < Math.min(parallelism, queue.size()); i++) {
                work.add(() -> {
                    session(side, conninfos.get(side), snapshots.get(side), queue, signatures, progress, failure, sessions);
                    return null;
                });
            }
        }
        if (work.isEmpty()) {
            return signatures;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(work.size(), r -> {
            Thread t = new Thread(r, "pgclone-verify-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            pool.invokeAll(work);
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return signatures;
    }

    /** One session of one side: imports the side's snapshot, then hashes parts until the queue is empty. */
    private void session(Side side, Conninfo conninfo, String snapshot, Queue<Part> queue,
                         Map<TableOnSide, TableSignature> signatures, VerifyProgress progress,
                         AtomicReference<RuntimeException> failure, Set<Connection> sessions) {
        String sideName = side == Side.SOURCE ? "source" : "target";
        Part part = null;
        Connection connection = null;
        try {
            connection = connector.open(conninfo, side == Side.SOURCE ? SessionRole.SOURCE : SessionRole.TARGET);
            sessions.add(connection);
            try (Statement st = connection.createStatement()) {
                st.execute(PgConnector.READ_ALL_ROWS); // every row of the target too, or a hidden one would pass
                // a table locked by a clone loading it or by DDL must not hold the report forever
                st.execute("SET lock_timeout = " + lockWait.toMillis());
            }
            SnapshotSessions.beginReadOnly(connection, snapshot);
            while (failure.get() == null && (part = queue.poll()) != null) {
                TableSignature signature = TableSignature.read(connection, part.table().table(), part.columns(), part.pages());
                signatures.merge(part.table(), signature, TableSignature::plus);
                progress.partDone(part, signature.rows());
            }
            SnapshotSessions.end(connection);
        } catch (SQLException | RuntimeException e) {
            Part failed = part;
            Function<Throwable, RuntimeException> wrap = error -> error instanceof CloneFailure cf ? cf
                    : LOCK_NOT_AVAILABLE.equals(PgFailures.sqlState(error)) && failed != null
                    ? CloneFailure.of(ErrorCode.LOCK_TIMEOUT, "verify waited " + (lockWait.toMillis() < 1000 ? lockWait.toMillis() + " ms" : lockWait.toSeconds() + " s")
                            + " for a lock on " + failed.table().table().quoted() + " on the " + sideName
                            + ": another session holds a conflicting lock (a clone loading it, DDL); try again later or"
                            + " raise pgclone.inspector.lock-wait-timeout", error)
                    : CloneFailure.of(ErrorCode.REPORT_FAILED, "verify could not read "
                            + (failed == null ? "the " + sideName + " under its snapshot" : failed.table().table().quoted()
                            + " on the " + sideName) + ": " + PgFailures.describe(error), error);
            if (failure.compareAndSet(null, wrap.apply(e))) {
                cancelOthers(sessions, connection);
            }
        } finally {
            if (connection != null) {
                sessions.remove(connection);
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debugf("closing a verify session: %s", e.getMessage());
                }
            }
        }
    }

    private static void cancelOthers(Set<Connection> sessions, Connection mine) {
        for (Connection other : sessions) {
            if (other != mine) {
                try {
                    other.unwrap(PGConnection.class).cancelQuery();
                } catch (SQLException e) {
                    LOG.debugf("cancelling a verify query: %s", e.getMessage());
                }
            }
        }
    }
}
