package dev.pgclone.pg.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads table definitions from a source catalog. Meant for a session with {@code search_path = pg_catalog}
 * inside the job's snapshot, so every {@code pg_get_*def()} and {@code format_type()} result is schema-qualified
 * and consistent with the data. Works on PostgreSQL 14–18.
 */
public final class TableCatalog {

    private static final String TABLE = """
            SELECT c.oid, c.oid::regclass::text AS regclass_text, c.relkind, c.relpersistence = 'u' AS unlogged,
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
                   coalesce(c.reloptions, '{}') AS reloptions, c.reltuples::bigint AS reltuples,
                   pg_relation_size(c.oid) AS bytes, obj_description(c.oid, 'pg_class') AS comment
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
            """;

    private static final String COLUMNS = """
            SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid) AS expr, a.attidentity, a.attgenerated,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
                   col_description(a.attrelid, a.attnum) AS comment
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_collation co ON co.oid = a.attcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """;

    private static final String CONSTRAINTS = """
            SELECT con.conname, con.contype, pg_get_constraintdef(con.oid) AS def,
                   coalesce(con.conkey, '{}') AS conkey, fn.nspname AS ref_schema, fc.relname AS ref_table,
                   obj_description(con.oid, 'pg_constraint') AS comment
              FROM pg_constraint con
              LEFT JOIN pg_class fc ON fc.oid = con.confrelid
              LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
             WHERE con.conrelid = ? AND con.contype IN ('p', 'u', 'x', 'c', 'f') AND con.conislocal
             ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2 WHEN 'c' THEN 3 ELSE 4 END,
                      con.conname COLLATE "C"
            """;

    private static final String INDEXES = """
            SELECT ic.relname, quote_ident(ic.relname) AS qname, pg_get_indexdef(i.indexrelid) AS def,
                   coalesce((SELECT array_agg(DISTINCT dep.refobjsubid::int)
                               FROM pg_depend dep
                              WHERE dep.classid = 'pg_class'::regclass AND dep.objid = i.indexrelid
                                AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = i.indrelid
                                AND dep.refobjsubid > 0), '{}') AS cols,
                   obj_description(i.indexrelid, 'pg_class') AS comment
              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = ?
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                  AND c.contype IN ('p', 'u', 'x'))
             ORDER BY ic.relname COLLATE "C"
            """;

    private static final String TRIGGERS = """
            SELECT t.tgname, quote_ident(t.tgname) AS qname, pg_get_triggerdef(t.oid) AS def, obj_description(t.oid, 'pg_trigger') AS comment
              FROM pg_trigger t
             WHERE t.tgrelid = ? AND NOT t.tgisinternal AND t.tgparentid = 0
             ORDER BY t.tgname COLLATE "C"
            """;

    private static final String OWNED_SEQUENCES = """
            SELECT sn.nspname, sc.relname, sc.oid::regclass::text AS regclass_text, d.refobjsubid AS attnum,
                   d.deptype = 'i' AS identity, format_type(s.seqtypid, NULL) AS type, s.seqstart,
                   s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
              FROM pg_depend d
              JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
              JOIN pg_namespace sn ON sn.oid = sc.relnamespace
              JOIN pg_sequence s ON s.seqrelid = sc.oid
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
               AND d.refobjid = ? AND d.deptype IN ('a', 'i')
             ORDER BY d.refobjsubid
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

    /** Whether any relation (table, view, sequence, index, …) of that name exists in the schema. */
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
        try (PreparedStatement ps = connection.prepareStatement(TABLE)) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long oid = rs.getLong("oid");
                return Optional.of(new Table(oid, new QualifiedName(schema, name), rs.getString("regclass_text"),
                        rs.getString("relkind").charAt(0),
                        rs.getBoolean("unlogged"), rs.getString("partkey"), strings(rs.getArray("reloptions")),
                        rs.getLong("reltuples"), rs.getLong("bytes"), columns(oid), constraints(oid), indexes(oid),
                        triggers(oid), ownedSequences(oid), rs.getString("comment")));
            }
        }
    }

    private List<Column> columns(long oid) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    char generated = charOf(rs.getString("attgenerated"));
                    String expr = rs.getString("expr");
                    out.add(new Column(rs.getInt("attnum"), rs.getString("attname"), rs.getString("type"),
                            rs.getBoolean("attnotnull"), generated == 0 ? expr : null,
                            charOf(rs.getString("attidentity")), generated, generated == 0 ? null : expr,
                            rs.getString("collation"), rs.getString("comment")));
                }
            }
        }
        return out;
    }

    private List<Constraint> constraints(long oid) throws SQLException {
        List<Constraint> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(CONSTRAINTS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String refSchema = rs.getString("ref_schema");
                    out.add(new Constraint(rs.getString("conname"), rs.getString("contype").charAt(0),
                            rs.getString("def"), ints(rs.getArray("conkey")),
                            refSchema == null ? null : new QualifiedName(refSchema, rs.getString("ref_table")),
                            rs.getString("comment")));
                }
            }
        }
        return out;
    }

    private List<Index> indexes(long oid) throws SQLException {
        List<Index> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(INDEXES)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Index(rs.getString("relname"), rs.getString("qname"), rs.getString("def"), ints(rs.getArray("cols")),
                            rs.getString("comment")));
                }
            }
        }
        return out;
    }

    private List<Trigger> triggers(long oid) throws SQLException {
        List<Trigger> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(TRIGGERS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Trigger(rs.getString("tgname"), rs.getString("qname"), rs.getString("def"), rs.getString("comment")));
                }
            }
        }
        return out;
    }

    private List<OwnedSequence> ownedSequences(long oid) throws SQLException {
        List<OwnedSequence> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(OWNED_SEQUENCES)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    QualifiedName name = new QualifiedName(rs.getString("nspname"), rs.getString("relname"));
                    long[] state = sequenceState(name);
                    out.add(new OwnedSequence(name, rs.getString("regclass_text"), rs.getInt("attnum"),
                            rs.getBoolean("identity"), rs.getString("type"), rs.getLong("seqstart"),
                            rs.getLong("seqincrement"), rs.getLong("seqmin"), rs.getLong("seqmax"),
                            rs.getLong("seqcache"), rs.getBoolean("seqcycle"), state[0], state[1] != 0));
                }
            }
        }
        return out;
    }

    /** last_value and is_called. Sequences are not transactional: this is the value now, as pg_dump reads it. */
    private long[] sequenceState(QualifiedName sequence) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT last_value, is_called FROM " + sequence.quoted());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getBoolean(2) ? 1 : 0};
        }
    }

    private static char charOf(String s) {
        return s == null || s.isEmpty() ? 0 : s.charAt(0);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static List<Integer> ints(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object values = array.getArray();
        List<Integer> out = new ArrayList<>();
        if (values instanceof Number[] numbers) {
            for (Number n : numbers) {
                out.add(n.intValue());
            }
        }
        return out;
    }
}
