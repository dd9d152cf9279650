package dev.pgclone.pg.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads table definitions from a source catalog, in bulk: one query per kind of object whatever the number of
 * tables (a 1,000-table schema costs a handful of round trips). Meant for a session with
 * {@code search_path = pg_catalog} inside the job's snapshot, so every {@code pg_get_*def()} and
 * {@code format_type()} result is schema-qualified and consistent with the data. Works on PostgreSQL 14–18.
 */
public final class TableCatalog {

    private static final String TABLES = """
            SELECT c.oid, n.nspname, c.relname, c.oid::regclass::text AS regclass_text, c.relkind,
                   c.relpersistence = 'u' AS unlogged,
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
                   pn.nspname AS parent_schema, pc.relname AS parent_name,
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partbound,
                   coalesce(c.reloptions, '{}') AS reloptions, c.reltuples::bigint AS reltuples,
                   pg_relation_size(c.oid) AS bytes, pg_get_userbyid(c.relowner) AS owner,
                   coalesce(c.relacl::text[], '{}') AS acl, c.relrowsecurity, c.relforcerowsecurity,
                   c.relreplident, (SELECT ri.relname FROM pg_index i JOIN pg_class ri ON ri.oid = i.indexrelid
                                     WHERE i.indrelid = c.oid AND i.indisreplident) AS replica_index,
                   obj_description(c.oid, 'pg_class') AS comment
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
              LEFT JOIN pg_class pc ON pc.oid = pi.inhparent
              LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
             WHERE c.oid = ANY(?::bigint[]::oid[]) AND c.relkind IN ('r', 'p')
            """;

    private static final String INHERITS = """
            SELECT i.inhrelid AS relid, n.nspname, p.relname
              FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
              JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhrelid = ANY(?::bigint[]::oid[]) AND NOT c.relispartition
             ORDER BY i.inhrelid, i.inhseqno
            """;

    private static final String COLUMNS = """
            SELECT a.attrelid AS relid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
                   a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS expr, a.attidentity, a.attgenerated,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
                   col_description(a.attrelid, a.attnum) AS comment, a.attislocal,
                   CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END AS storage,
                   nullif(a.attcompression, '') AS compression,
                   CASE WHEN a.attstattarget IS NULL OR a.attstattarget < 0 THEN NULL
                        ELSE a.attstattarget::int END AS stattarget,
                   coalesce(a.attacl::text[], '{}') AS acl
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_collation co ON co.oid = a.attcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE a.attrelid = ANY(?::bigint[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attrelid, a.attnum
            """;

    /** Own constraints, plus a partition's key constraints derived from its parent's (they carry its own index). */
    private static final String CONSTRAINTS = """
            SELECT con.conrelid AS relid, con.conname, con.contype, pg_get_constraintdef(con.oid) AS def,
                   coalesce(con.conkey, '{}') AS conkey, fn.nspname AS ref_schema, fc.relname AS ref_table,
                   pin.nspname AS attach_schema, pic.relname AS attach_index,
                   obj_description(con.oid, 'pg_constraint') AS comment
              FROM pg_constraint con
              LEFT JOIN pg_class fc ON fc.oid = con.confrelid
              LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
              LEFT JOIN pg_constraint parent ON parent.oid = con.conparentid AND con.contype IN ('p', 'u', 'x')
              LEFT JOIN pg_class pic ON pic.oid = parent.conindid
              LEFT JOIN pg_namespace pin ON pin.oid = pic.relnamespace
             WHERE con.conrelid = ANY(?::bigint[]::oid[]) AND con.contype IN ('p', 'u', 'x', 'c', 'f')
               AND (con.conislocal OR (con.contype IN ('p', 'u', 'x') AND con.conparentid <> 0))
             ORDER BY con.conrelid,
                      CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2 WHEN 'c' THEN 3 ELSE 4 END,
                      con.conname COLLATE "C"
            """;

    private static final String INDEXES = """
            SELECT i.indrelid AS relid, ic.relname, quote_ident(ic.relname) AS qname,
                   pg_get_indexdef(i.indexrelid) AS def,
                   coalesce((SELECT array_agg(DISTINCT dep.refobjsubid::int)
                               FROM pg_depend dep
                              WHERE dep.classid = 'pg_class'::regclass AND dep.objid = i.indexrelid
                                AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = i.indrelid
                                AND dep.refobjsubid > 0), '{}') AS cols,
                   pn.nspname AS attach_schema, pc.relname AS attach_index,
                   obj_description(i.indexrelid, 'pg_class') AS comment
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              LEFT JOIN pg_inherits inh ON inh.inhrelid = i.indexrelid
              LEFT JOIN pg_class pc ON pc.oid = inh.inhparent
              LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
             WHERE i.indrelid = ANY(?::bigint[]::oid[])
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                  AND c.contype IN ('p', 'u', 'x'))
             ORDER BY i.indrelid, ic.relname COLLATE "C"
            """;

    private static final String TRIGGERS = """
            SELECT t.tgrelid AS relid, t.tgname, quote_ident(t.tgname) AS qname, pg_get_triggerdef(t.oid) AS def,
                   obj_description(t.oid, 'pg_trigger') AS comment
              FROM pg_trigger t
             WHERE t.tgrelid = ANY(?::bigint[]::oid[]) AND NOT t.tgisinternal AND t.tgparentid = 0
             ORDER BY t.tgrelid, t.tgname COLLATE "C"
            """;

    private static final String OWNED_SEQUENCES = """
            SELECT d.refobjid AS relid, sn.nspname, sc.relname, sc.oid::regclass::text AS regclass_text,
                   d.refobjsubid AS attnum, d.deptype = 'i' AS identity, format_type(s.seqtypid, NULL) AS type,
                   s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
              FROM pg_depend d
              JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
              JOIN pg_namespace sn ON sn.oid = sc.relnamespace
              JOIN pg_sequence s ON s.seqrelid = sc.oid
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
               AND d.refobjid = ANY(?::bigint[]::oid[]) AND d.deptype IN ('a', 'i')
             ORDER BY d.refobjid, d.refobjsubid
            """;

    private static final String STATISTICS = """
            SELECT s.stxrelid AS relid, pg_get_statisticsobjdef(s.oid) AS def
              FROM pg_statistic_ext s WHERE s.stxrelid = ANY(?::bigint[]::oid[]) ORDER BY s.stxrelid, s.stxname COLLATE "C"
            """;

    private static final String RULES = """
            SELECT r.ev_class AS relid, pg_get_ruledef(r.oid) AS def
              FROM pg_rewrite r WHERE r.ev_class = ANY(?::bigint[]::oid[]) AND r.rulename <> '_RETURN'
             ORDER BY r.ev_class, r.rulename COLLATE "C"
            """;

    /** Ordinary and partitioned tables of a schema whose names match the include / exclude regexes. */
    private static final String LIST = """
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                                  AND e.objid = c.oid AND e.deptype = 'e')
               AND (cardinality(?::text[]) = 0
                    OR c.relname ~ ANY (SELECT '^(' || p || ')$' FROM unnest(?::text[]) p))
               AND NOT c.relname ~ ANY (SELECT '^(' || p || ')$' FROM unnest(?::text[]) p)
             ORDER BY c.relname COLLATE "C"
            """;

    /** What a clone of these schemas reads rows from: the selected tables (as {@link #LIST}). */
    private static final String READ_SET = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?::text[]) AND c.relkind IN ('r', 'p')
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                                  AND e.objid = c.oid AND e.deptype = 'e')
               AND (cardinality(?::text[]) = 0
                    OR c.relname ~ ANY (SELECT '^(' || p || ')$' FROM unnest(?::text[]) p))
               AND NOT c.relname ~ ANY (SELECT '^(' || p || ')$' FROM unnest(?::text[]) p)
             ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    private final Connection connection;

    public TableCatalog(Connection connection) {
        this.connection = connection;
    }

    public boolean schemaExists(String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The kind of the relation of that name in the schema (table, view, sequence, index, …), if any. */
    public Optional<Character> relationKind(String schema, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND c.relname = ?""")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1).charAt(0)) : Optional.empty();
            }
        }
    }

    /** The full definition of one ordinary or partitioned table, or empty when there is none of that name. */
    public Optional<Table> table(String schema, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? tables(List.of(rs.getLong(1))).stream().findFirst() : Optional.empty();
            }
        }
    }

    /**
     * OIDs of the schema's tables (not extension members) whose names match {@code include} (all when empty) and
     * not {@code exclude}. Patterns are POSIX regexes anchored as {@code ^(pattern)$} and evaluated by the server
     * (an invalid one fails with the server's message).
     */
    public List<Long> tableOids(String schema, List<String> include, List<String> exclude) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(LIST)) {
            Array inc = connection.createArrayOf("text", include.toArray());
            ps.setString(1, schema);
            ps.setArray(2, inc);
            ps.setArray(3, inc);
            ps.setArray(4, connection.createArrayOf("text", exclude.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * The relations a clone of these schemas reads rows from, which it locks before taking its snapshot: the tables
     * (ordinary and partitioned, so partitions and inheritance children too) selected by {@code include} /
     * {@code exclude} (as {@link #tableOids}); extension members excluded. Materialized views are not among them: their
     * rows are never read (the clone refreshes them on the target), and PostgreSQL refuses {@code LOCK TABLE} on them.
     */
    public List<QualifiedName> relationsToRead(List<String> schemas, List<String> include, List<String> exclude)
            throws SQLException {
        List<QualifiedName> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(READ_SET)) {
            Array inc = connection.createArrayOf("text", include.toArray());
            ps.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            ps.setArray(2, inc);
            ps.setArray(3, inc);
            ps.setArray(4, connection.createArrayOf("text", exclude.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QualifiedName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Full definitions of these tables, in the given order. */
    public List<Table> tables(Collection<Long> oids) throws SQLException {
        if (oids.isEmpty()) {
            return List.of();
        }
        Map<Long, List<QualifiedName>> inherits = Rows.groupByRelid(connection, INHERITS, oids,
                rs -> new QualifiedName(rs.getString("nspname"), rs.getString("relname")));
        Map<Long, List<Column>> columns = Rows.groupByRelid(connection, COLUMNS, oids, TableCatalog::column);
        Map<Long, List<Constraint>> constraints = Rows.groupByRelid(connection, CONSTRAINTS, oids, TableCatalog::constraint);
        Map<Long, List<Index>> indexes = indexes(oids);
        Map<Long, List<Trigger>> triggers = triggers(oids);
        Map<Long, List<OwnedSequenceRow>> sequences = Rows.groupByRelid(connection, OWNED_SEQUENCES, oids, OwnedSequenceRow::of);
        Map<Long, List<String>> statistics = Rows.groupByRelid(connection, STATISTICS, oids, rs -> rs.getString("def"));
        Map<Long, List<String>> rules = Rows.groupByRelid(connection, RULES, oids, rs -> rs.getString("def"));
        Map<Long, Table> byOid = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(TABLES)) {
            ps.setArray(1, Rows.oidArray(connection, oids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong("oid");
                    String parentSchema = rs.getString("parent_schema");
                    List<OwnedSequence> owned = new ArrayList<>();
                    for (OwnedSequenceRow row : sequences.getOrDefault(oid, List.of())) {
                        owned.add(row.withState(sequenceState(row.name())));
                    }
                    byOid.put(oid, new Table(oid, new QualifiedName(rs.getString("nspname"), rs.getString("relname")),
                            rs.getString("regclass_text"), rs.getString("relkind").charAt(0), rs.getBoolean("unlogged"),
                            rs.getString("partkey"),
                            parentSchema == null ? null : new QualifiedName(parentSchema, rs.getString("parent_name")),
                            rs.getString("partbound"), inherits.getOrDefault(oid, List.of()),
                            Rows.strings(rs.getArray("reloptions")), rs.getLong("reltuples"), rs.getLong("bytes"),
                            rs.getString("owner"), Rows.strings(rs.getArray("acl")), rs.getBoolean("relrowsecurity"),
                            rs.getBoolean("relforcerowsecurity"), rs.getString("relreplident").charAt(0),
                            rs.getString("replica_index"), columns.getOrDefault(oid, List.of()),
                            constraints.getOrDefault(oid, List.of()), indexes.getOrDefault(oid, List.of()),
                            triggers.getOrDefault(oid, List.of()), owned, statistics.getOrDefault(oid, List.of()),
                            rules.getOrDefault(oid, List.of()), rs.getString("comment")));
                }
            }
        }
        List<Table> out = new ArrayList<>();
        for (Long oid : oids) {
            Table t = byOid.get(oid);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private static Column column(ResultSet rs) throws SQLException {
        char generated = Rows.charOf(rs.getString("attgenerated"));
        String expr = rs.getString("expr");
        Integer statistics = (Integer) rs.getObject("stattarget");
        return new Column(rs.getInt("attnum"), rs.getString("attname"), rs.getString("type"), rs.getBoolean("attnotnull"),
                generated == 0 ? expr : null, Rows.charOf(rs.getString("attidentity")), generated,
                generated == 0 ? null : expr, rs.getString("collation"), rs.getString("comment"),
                rs.getBoolean("attislocal"), Rows.charOf(rs.getString("storage")), Rows.charOf(rs.getString("compression")),
                statistics, Rows.strings(rs.getArray("acl")));
    }

    private static Constraint constraint(ResultSet rs) throws SQLException {
        String refSchema = rs.getString("ref_schema");
        String attachSchema = rs.getString("attach_schema");
        return new Constraint(rs.getString("conname"), rs.getString("contype").charAt(0), rs.getString("def"),
                Rows.ints(rs.getArray("conkey")),
                refSchema == null ? null : new QualifiedName(refSchema, rs.getString("ref_table")),
                attachSchema == null ? null : new QualifiedName(attachSchema, rs.getString("attach_index")),
                rs.getString("comment"));
    }

    private static Index index(ResultSet rs) throws SQLException {
        String attachSchema = rs.getString("attach_schema");
        return new Index(rs.getString("relname"), rs.getString("qname"), rs.getString("def"), Rows.ints(rs.getArray("cols")),
                attachSchema == null ? null : new QualifiedName(attachSchema, rs.getString("attach_index")),
                rs.getString("comment"));
    }

    /** An owned sequence before its current value is read. */
    private record OwnedSequenceRow(QualifiedName name, String regclassText, int attnum, boolean identity, String type,
                                    long start, long increment, long min, long max, long cache, boolean cycle) {

        static OwnedSequenceRow of(ResultSet rs) throws SQLException {
            return new OwnedSequenceRow(new QualifiedName(rs.getString("nspname"), rs.getString("relname")),
                    rs.getString("regclass_text"), rs.getInt("attnum"), rs.getBoolean("identity"), rs.getString("type"),
                    rs.getLong("seqstart"), rs.getLong("seqincrement"), rs.getLong("seqmin"), rs.getLong("seqmax"),
                    rs.getLong("seqcache"), rs.getBoolean("seqcycle"));
        }

        OwnedSequence withState(SequenceState state) {
            return new OwnedSequence(name, regclassText, attnum, identity, type, start, increment, min, max, cache, cycle,
                    state.lastValue(), state.isCalled());
        }
    }

    /** last_value and is_called. Sequences are not transactional: this is the value now, as pg_dump reads it. */
    public SequenceState sequenceState(QualifiedName sequence) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT last_value, is_called FROM " + sequence.quoted());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new SequenceState(rs.getLong(1), rs.getBoolean(2));
        }
    }

    /** A sequence's position. */
    public record SequenceState(long lastValue, boolean isCalled) {
    }

    /** Indexes of these relations (tables or materialized views), by relation OID. */
    Map<Long, List<Index>> indexes(Collection<Long> oids) throws SQLException {
        return Rows.groupByRelid(connection, INDEXES, oids, TableCatalog::index);
    }

    /** User triggers of these relations (tables or views), by relation OID. */
    Map<Long, List<Trigger>> triggers(Collection<Long> oids) throws SQLException {
        return Rows.groupByRelid(connection, TRIGGERS, oids,
                rs -> new Trigger(rs.getString("tgname"), rs.getString("qname"), rs.getString("def"), rs.getString("comment")));
    }
}
