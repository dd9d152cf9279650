package dev.pgclone.pg.mask;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskErrorPolicy;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.failure.FatalFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Masks a table of the target in place (pgclone's {@code mask_in_place}), in batches each committed on its own, so a
 * big table never holds one huge transaction:
 * <ul>
 *   <li>by key range ({@code k > last AND k <= upper}) on the primary key or another single-column unique index on a
 *       NOT NULL integer column, when the table has one;</li>
 *   <li>else by ranges of heap blocks ({@code ctid}), bounded by the table's size when the run started; a row a batch
 *       rewrote may land in a later block, so every batch skips rows whose {@code xmin} is one of the run's own
 *       committed batches (their transaction ids are kept with the progress).</li>
 * </ul>
 * Each batch's transaction also moves the run's progress record ({@code _pgclone_masking.in_place_runs}: last key or
 * block, rows, batch transactions), so a run stopped part way (a failure, a cancel, a coordinator that died) is
 * continued after its last committed batch by the next job asking the same masks on the same table, never masked
 * again from the start: {@code hash} of a hash, {@code keyed_hash} of a pseudonym would break joins. The fail-closed
 * checks are the clone's ({@link MaskCheck}) over the target's columns, plus: a masked column in a foreign key (in
 * place, the other side keeps its values) and a masked key column are refused. Triggers fire, as for pgclone's
 * UPDATE.
 */
public final class InPlaceMasking {

    public static final String RUNS = "in_place_runs";
    private static final String QUALIFIED_RUNS = Quote.qualified(MaskingRecord.SCHEMA, RUNS);
    private static final long XID_SPACE = 1L << 32;

    /**
     * The table to mask.
     *
     * @param keyColumn the NOT NULL integer column of a single-column unique index batches are cut on, or null for
     *                  block ranges
     * @param blocks    heap blocks when described (the end of block ranges for a new run)
     * @param rowsPerBlock estimated rows per block (for the size of block ranges)
     */
    public record Target(long oid, QualifiedName name, char relkind, boolean hasChildren,
                         List<MaskCheck.ColumnFacts> columns, String keyColumn, long blocks, double rowsPerBlock) {
    }

    /** The run's progress as recorded on the target. */
    public record Progress(String runId, String jobId, String keyColumn, Long lastKey, long lastBlock, long endBlock,
                           List<Long> batchXids, long rows, boolean finished) {
    }

    /**
     * How a run starts.
     *
     * @param progress    where it stands (fresh, continued or already finished by this job)
     * @param continuedFrom the job whose stopped run this one continues, else null
     * @param superseded  a stopped run of other masks on this table that this one leaves (its batches stay as they
     *                    are), else null
     */
    public record Start(Progress progress, String continuedFrom, String superseded) {
    }

    private InPlaceMasking() {
    }

    /**
     * The table's facts, in the caller's transaction.
     *
     * @throws FatalFailure {@code table-not-found} / {@code unsupported-object}
     */
    public static Target describe(Connection c, String schema, String table, Set<String> masked) throws SQLException {
        long oid;
        char relkind;
        boolean children;
        long blocks;
        double tuples;
        long pages;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, c.relkind, c.relhassubclass,"
                + " CASE WHEN c.relkind = 'r' THEN pg_catalog.pg_relation_size(c.oid)"
                + " / pg_catalog.current_setting('block_size')::bigint ELSE 0 END, c.reltuples, c.relpages"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new FatalFailure(ErrorCode.TABLE_NOT_FOUND, "table " + schema + "." + table
                            + " does not exist on the target");
                }
                oid = rs.getLong(1);
                relkind = rs.getString(2).charAt(0);
                children = rs.getBoolean(3);
                blocks = rs.getLong(4);
                tuples = rs.getDouble(5);
                pages = rs.getLong(6);
            }
        }
        if (relkind != 'r' && relkind != 'p') {
            throw new FatalFailure(ErrorCode.UNSUPPORTED_OBJECT, schema + "." + table
                    + " is not a table (only tables and partitioned tables are masked in place)");
        }
        List<MaskCheck.ColumnFacts> columns = new MaskCatalog(c).columns(List.of(oid)).getOrDefault(oid, List.of());
        String key = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                + " WHERE i.indrelid = ? AND i.indisunique AND i.indisvalid AND i.indnkeyatts = 1"
                + " AND i.indexprs IS NULL AND i.indpred IS NULL AND a.attnotnull"
                + " AND a.atttypid IN ('pg_catalog.int2'::pg_catalog.regtype, 'pg_catalog.int4'::pg_catalog.regtype,"
                + " 'pg_catalog.int8'::pg_catalog.regtype)"
                + " ORDER BY i.indisprimary DESC, a.attnum")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && key == null) {
                    if (!masked.contains(rs.getString(1))) {
                        key = rs.getString(1);
                    }
                }
            }
        }
        QualifiedName name = new QualifiedName(schema, table);
        if (key == null && (relkind == 'p' || children)) {
            throw new FatalFailure(ErrorCode.UNSUPPORTED_OBJECT, name + " has " + (relkind == 'p' ? "partitions"
                    : "inheritance children") + " and no unique NOT NULL integer key to cut batches on: mask "
                    + (relkind == 'p' ? "each partition" : "the parent and each child") + " on its own");
        }
        double perBlock = pages > 0 && tuples > 0 ? tuples / pages : 50;
        return new Target(oid, name, relkind, children, columns, key, blocks, perBlock);
    }

    /**
     * The fail-closed checks, in the caller's transaction (a {@code constant} is cast in a savepoint): the clone's
     * rules over the target's columns, then what only in place adds.
     *
     * @throws MaskCheck.MaskRefusedException naming table, column and reason; nothing was changed
     */
    public static MaskCheck.Outcome check(Connection c, Target t, ColumnMasks mask, boolean keyConfigured)
            throws SQLException {
        List<String> errors = new ArrayList<>();
        MaskCatalog catalog = new MaskCatalog(c);
        Set<String> all = new HashSet<>();
        t.columns().stream().filter(f -> !f.generated()).forEach(f -> all.add(f.name()));
        MaskCheck.Outcome outcome;
        try {
            outcome = MaskCheck.check(new MaskCheck.Request(mask, null, MaskErrorPolicy.FAIL,
                    List.of(new MaskCheck.TableFacts(t.oid(), t.name(), List.of(), t.columns(), all)), List.of(),
                    keyConfigured, catalog::constantRefusal));
        } catch (MaskCheck.MaskRefusedException e) {
            throw new MaskCheck.MaskRefusedException(e.code(), reworded(e.getMessage()));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT con.conname, a.attname, con.conrelid = ? AS referencing,"
                + " con.conrelid::pg_catalog.regclass::text, con.confrelid::pg_catalog.regclass::text"
                + " FROM pg_catalog.pg_constraint con"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = ?"
                + " AND ((con.conrelid = ? AND a.attnum = ANY (con.conkey)) OR (con.confrelid = ? AND a.attnum = ANY (con.confkey)))"
                + " WHERE con.contype = 'f' ORDER BY 1, 2")) {
            for (int i = 1; i <= 4; i++) {
                ps.setLong(i, t.oid());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(2);
                    MaskRule rule = mask.rule(column);
                    boolean referencing = rs.getBoolean(3);
                    if (rule == null || (referencing && rule.strategy() == MaskStrategy.NULL)) {
                        continue; // unmasked, or a NULL reference (which never violates a foreign key)
                    }
                    errors.add(t.name() + "." + column + ": part of foreign key " + rs.getString(1) + " ("
                            + rs.getString(4) + " references " + rs.getString(5) + "); masked in place, "
                            + (referencing ? "its rows would no longer match the rows they reference"
                            : "the rows referencing it would keep the old values")
                            + " (mask both tables at clone time with the same deterministic rule, e.g. keyed_hash)");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new MaskCheck.MaskRefusedException(ErrorCode.MASK_INVALID,
                    "the masks cannot apply, so no row was changed: " + String.join("; ", errors));
        }
        return outcome;
    }

    private static String reworded(String message) {
        String clone = "so nothing was cloned (no data left the source)";
        return message.contains(clone) ? message.replace(clone, "so no row was changed") : message;
    }

    /**
     * Finds or creates the run's progress record and commits it: the run this job already finished (only re-reported),
     * a stopped run of the same masks on the same table (continued after its last batch), else a new run.
     */
    public static Start begin(Connection c, String jobId, Target t, ColumnMasks mask, String keyId)
            throws SQLException {
        String rule = Json.write(mask);
        c.setAutoCommit(false);
        try {
            MaskingRecord.ensureSchema(c);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + QUALIFIED_RUNS + " (run_id text PRIMARY KEY,"
                        + " job_id text NOT NULL, table_oid oid NOT NULL, schema_name text NOT NULL,"
                        + " table_name text NOT NULL, rule jsonb NOT NULL, key_column text, last_key bigint,"
                        + " last_block bigint NOT NULL DEFAULT 0, end_block bigint NOT NULL DEFAULT 0,"
                        + " batch_xids bigint[] NOT NULL DEFAULT '{}', rows bigint NOT NULL DEFAULT 0,"
                        + " key_id text, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz,"
                        + " superseded_by text)");
                st.execute("COMMENT ON TABLE " + QUALIFIED_RUNS + " IS " + Quote.literal("pgclone: progress of "
                        + "in-place masking runs (the last batch committed), so a stopped run is continued, never "
                        + "masked twice"));
                st.execute("LOCK TABLE " + QUALIFIED_RUNS + " IN SHARE ROW EXCLUSIVE MODE");
            }
            Progress mine = find(c, "job_id = ? AND table_oid = ?", jobId, t.oid());
            if (mine != null) {
                c.commit();
                return new Start(mine, null, null);
            }
            Progress stopped = null;
            String superseded = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, rule = ?::jsonb AND key_id IS NOT DISTINCT"
                    + " FROM ? AND key_column IS NOT DISTINCT FROM ? FROM " + QUALIFIED_RUNS
                    + " WHERE table_oid = ? AND finished_at IS NULL AND superseded_by IS NULL ORDER BY started_at DESC")) {
                ps.setString(1, rule);
                ps.setString(2, keyId);
                ps.setString(3, t.keyColumn());
                ps.setLong(4, t.oid());
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> others = new ArrayList<>();
                    while (rs.next()) {
                        if (rs.getBoolean(2) && stopped == null) {
                            stopped = find(c, "run_id = ? AND table_oid = ?", rs.getString(1), t.oid());
                        } else {
                            others.add(rs.getString(1));
                        }
                    }
                    for (String other : others) {
                        superseded = find(c, "run_id = ? AND table_oid = ?", other, t.oid()).jobId();
                        try (PreparedStatement up = c.prepareStatement("UPDATE " + QUALIFIED_RUNS
                                + " SET superseded_by = ? WHERE run_id = ?")) {
                            up.setString(1, jobId);
                            up.setString(2, other);
                            up.executeUpdate();
                        }
                    }
                }
            }
            if (stopped != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + QUALIFIED_RUNS + " SET job_id = ?"
                        + " WHERE run_id = ?")) {
                    ps.setString(1, jobId);
                    ps.setString(2, stopped.runId());
                    ps.executeUpdate();
                }
                c.commit();
                return new Start(find(c, "run_id = ? AND table_oid = ?", stopped.runId(), t.oid()), stopped.jobId(),
                        superseded);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + QUALIFIED_RUNS + " (run_id, job_id,"
                    + " table_oid, schema_name, table_name, rule, key_column, end_block, key_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
                ps.setString(1, jobId);
                ps.setString(2, jobId);
                ps.setLong(3, t.oid());
                ps.setString(4, t.name().schema());
                ps.setString(5, t.name().name());
                ps.setString(6, rule);
                ps.setString(7, t.keyColumn());
                ps.setLong(8, t.blocks());
                ps.setString(9, keyId);
                ps.executeUpdate();
            }
            c.commit();
            return new Start(find(c, "run_id = ? AND table_oid = ?", jobId, t.oid()), null, superseded);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /**
     * Runs the batches left, each in its own committed transaction, until the table is done or {@code stop} says so.
     *
     * @param key         the deployment key, applied in every batch's transaction when a rule is {@code keyed_hash}
     * @param batchRows   rows per batch (about, for block ranges)
     * @param onProgress  called after each commit with the run's rows so far
     * @return the run's progress at the end (finished unless stopped)
     */
    public static Progress run(Connection c, String jobId, Target t, ColumnMasks mask, MaskKey key, Start start,
                               long batchRows, LongConsumer onProgress, BooleanSupplier stop) throws SQLException {
        Progress p = start.progress();
        if (p.finished()) {
            return p;
        }
        boolean keyed = mask.columns().values().stream().anyMatch(r -> r.strategy() == MaskStrategy.KEYED_HASH);
        String set = setList(t, mask);
        c.setAutoCommit(false);
        while (!stop.getAsBoolean()) {
            try {
                p = lock(c, p.runId(), t.oid());
                if (keyed) {
                    key.apply(c);
                }
                boolean more = p.keyColumn() != null ? keyBatch(c, t, set, p, batchRows)
                        : blockBatch(c, t, set, p, batchRows);
                if (!more) {
                    finish(c, t, mask, jobId, p);
                }
                c.commit();
                p = find(c, "run_id = ? AND table_oid = ?", p.runId(), t.oid());
                c.commit();
                onProgress.accept(p.rows());
                if (!more) {
                    return p;
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return p;
    }

    /** One key-range batch; false when nothing was left. */
    private static boolean keyBatch(Connection c, Target t, String set, Progress p, long batchRows) throws SQLException {
        String k = Quote.ident(p.keyColumn());
        String after = p.lastKey() == null ? "" : " WHERE " + k + " > ?";
        Long upper;
        try (PreparedStatement ps = c.prepareStatement("SELECT max(k) FROM (SELECT " + k + " AS k FROM "
                + t.name().quoted() + after + " ORDER BY " + k + " LIMIT ?) s")) {
            int i = 1;
            if (p.lastKey() != null) {
                ps.setLong(i++, p.lastKey());
            }
            ps.setLong(i, batchRows);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                upper = rs.wasNull() ? null : v;
            }
        }
        if (upper == null) {
            return false;
        }
        long rows;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.name().quoted() + " SET " + set + " WHERE "
                + (p.lastKey() == null ? "" : k + " > ? AND ") + k + " <= ?")) {
            int i = 1;
            if (p.lastKey() != null) {
                ps.setLong(i++, p.lastKey());
            }
            ps.setLong(i, upper);
            rows = ps.executeLargeUpdate();
        }
        advance(c, p, rows, upper, null, null);
        return true;
    }

    /** One block-range batch; false when the last block was passed. */
    private static boolean blockBatch(Connection c, Target t, String set, Progress p, long batchRows)
            throws SQLException {
        if (p.lastBlock() >= p.endBlock()) {
            return false;
        }
        long span = Math.max(1, (long) Math.floor(batchRows / Math.max(1.0, t.rowsPerBlock())));
        long to = Math.min(p.endBlock(), p.lastBlock() + span);
        long xid;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_catalog.txid_current()")) {
            rs.next();
            xid = rs.getLong(1) % XID_SPACE;
        }
        long rows;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.name().quoted() + " SET " + set
                + " WHERE ctid >= ('(' || ? || ',0)')::pg_catalog.tid AND ctid < ('(' || ? || ',0)')::pg_catalog.tid"
                + " AND NOT (xmin::text::bigint = ANY (?::bigint[]))")) {
            ps.setLong(1, p.lastBlock());
            ps.setLong(2, to);
            ps.setArray(3, c.createArrayOf("bigint", p.batchXids().toArray()));
            rows = ps.executeLargeUpdate();
        }
        advance(c, p, rows, null, to, xid);
        return true;
    }

    /** Moves the run's progress in the batch's transaction: rows, the last key or block, the batch's transaction id. */
    private static void advance(Connection c, Progress p, long rows, Long key, Long block, Long xid)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + QUALIFIED_RUNS + " SET rows = rows + ?,"
                + " last_key = COALESCE(?, last_key), last_block = COALESCE(?, last_block),"
                + " batch_xids = batch_xids || ?::bigint[] WHERE run_id = ?")) {
            ps.setLong(1, rows);
            if (key == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, key);
            }
            if (block == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, block);
            }
            ps.setArray(4, c.createArrayOf("bigint", xid == null ? new Object[0] : new Object[] {xid}));
            ps.setString(5, p.runId());
            ps.executeUpdate();
        }
    }

    /** Ends the run and records its columns in the masking record, in the same transaction as the last batch. */
    private static void finish(Connection c, Target t, ColumnMasks mask, String jobId, Progress p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + QUALIFIED_RUNS + " SET finished_at = now()"
                + " WHERE run_id = ?")) {
            ps.setString(1, p.runId());
            ps.executeUpdate();
        }
        MaskingRecord.record(c, entries(t, mask, jobId, p.rows()));
    }

    /** The run's record, locked for this batch's transaction (two jobs on one run take turns, batch by batch). */
    private static Progress lock(Connection c, String runId, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT FROM " + QUALIFIED_RUNS + " WHERE run_id = ? FOR UPDATE")) {
            ps.setString(1, runId);
            ps.execute();
        }
        return find(c, "run_id = ? AND table_oid = ?", runId, oid);
    }

    private static Progress find(Connection c, String where, String id, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, job_id, key_column, last_key, last_block,"
                + " end_block, batch_xids, rows, finished_at IS NOT NULL FROM " + QUALIFIED_RUNS + " WHERE " + where)) {
            ps.setString(1, id);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long lastKey = rs.getLong(4);
                Long key = rs.wasNull() ? null : lastKey;
                List<Long> xids = new ArrayList<>();
                for (Object x : (Object[]) rs.getArray(7).getArray()) {
                    xids.add(((Number) x).longValue());
                }
                return new Progress(rs.getString(1), rs.getString(2), rs.getString(3), key, rs.getLong(5),
                        rs.getLong(6), xids, rs.getLong(8), rs.getBoolean(9));
            }
        }
    }

    /** {@code "a" = <mask>, "b" = <mask>} in the table's column order. */
    static String setList(Target t, ColumnMasks mask) {
        List<String> items = new ArrayList<>();
        for (MaskCheck.ColumnFacts f : t.columns()) {
            MaskRule rule = mask.rule(f.name());
            if (rule != null) {
                items.add(Quote.ident(f.name()) + " = " + MaskSql.expression(rule, f.name(), f.charMaxLength()));
            }
        }
        return String.join(", ", items);
    }

    /** The entries of the masking record for a finished run. */
    public static List<MaskingRecord.Entry> entries(Target t, ColumnMasks mask, String jobId, long rows) {
        List<MaskingRecord.Entry> out = new ArrayList<>();
        for (Map.Entry<String, MaskRule> e : mask.columns().entrySet()) {
            out.add(new MaskingRecord.Entry(t.name().schema(), t.name().name(), e.getKey(),
                    MaskingRecord.Method.IN_PLACE, e.getValue(), jobId, rows));
        }
        return out;
    }

    /** pgclone's answer: {@code OK: masked 1000 rows in public.employees (3 columns)}. */
    public static String result(Target t, ColumnMasks mask, long rows) {
        return "OK: masked " + rows + " rows in " + t.name() + " (" + mask.columns().size() + " columns)";
    }
}
