package dev.pgclone.pg.mask;

import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;

/**
 * The source facts the mask checks need ({@link MaskCheck}), read in the caller's transaction (the job's snapshot):
 * each column's base type category and length, NOT NULL, generated, key and unique membership; the foreign keys
 * between cloned tables; whether a {@code constant} is accepted by a column's type.
 */
public final class MaskCatalog {

    private static final String COLUMNS = """
            SELECT a.attrelid AS relid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                   bt.typcategory, bt.typname AS base_type,
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,
                   a.attnotnull, a.attgenerated <> '' AS generated,
                   EXISTS (SELECT FROM pg_catalog.pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary
                           AND a.attnum = ANY (i.indkey)) AS in_pk,
                   EXISTS (SELECT FROM pg_catalog.pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique
                           AND (a.attnum = ANY (i.indkey)
                                OR EXISTS (SELECT FROM pg_catalog.pg_depend d
                                           WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                             AND d.objid = i.indexrelid
                                             AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                             AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum))) AS in_unique
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
              JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
             WHERE a.attrelid = ANY (?::pg_catalog.oid[]) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attrelid, a.attnum
            """;

    private static final String FOREIGN_KEYS = """
            SELECT c.conname, cn.nspname AS schema, cr.relname AS name, fn.nspname AS ref_schema, fr.relname AS ref_name,
                   ARRAY(SELECT a.attname FROM pg_catalog.unnest(c.conkey) WITH ORDINALITY k(n, i)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                          ORDER BY k.i) AS columns,
                   ARRAY(SELECT a.attname FROM pg_catalog.unnest(c.confkey) WITH ORDINALITY k(n, i)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
                          ORDER BY k.i) AS ref_columns
              FROM pg_catalog.pg_constraint c
              JOIN pg_catalog.pg_class cr ON cr.oid = c.conrelid
              JOIN pg_catalog.pg_namespace cn ON cn.oid = cr.relnamespace
              JOIN pg_catalog.pg_class fr ON fr.oid = c.confrelid
              JOIN pg_catalog.pg_namespace fn ON fn.oid = fr.relnamespace
             WHERE c.contype = 'f' AND c.conparentid = 0
               AND c.conrelid = ANY (?::pg_catalog.oid[]) AND c.confrelid = ANY (?::pg_catalog.oid[])
             ORDER BY cn.nspname, cr.relname, c.conname
            """;

    private static final String TABLES = """
            SELECT c.oid, n.nspname, c.relname,
                   ARRAY(SELECT pn.nspname FROM pg_catalog.pg_inherits i
                           JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
                           JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
                          WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parent_schemas,
                   ARRAY(SELECT p.relname FROM pg_catalog.pg_inherits i
                           JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
                          WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parent_names
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND (n.nspname, c.relname) IN
                   (SELECT * FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]),
                                             pg_catalog.unnest(?::pg_catalog.text[])))
             ORDER BY n.nspname, c.relname
            """;

    private final Connection connection;

    public MaskCatalog(Connection connection) {
        this.connection = connection;
    }

    /**
     * The facts of tables by name, for a check without a plan (the pre-flight report): each table's parents, columns,
     * and as copied columns the non-generated ones ({@code columns} narrows them, as in a table clone). Views and
     * materialized views among the names are left out: their rows are never copied.
     */
    public List<MaskCheck.TableFacts> tables(List<QualifiedName> names, List<String> columnsOption) throws SQLException {
        record Found(long oid, QualifiedName name, List<QualifiedName> parents) {
        }
        List<Found> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(TABLES)) {
            ps.setArray(1, connection.createArrayOf("text", names.stream().map(QualifiedName::schema).toArray()));
            ps.setArray(2, connection.createArrayOf("text", names.stream().map(QualifiedName::name).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> schemas = strings(rs.getArray("parent_schemas"));
                    List<String> tables = strings(rs.getArray("parent_names"));
                    List<QualifiedName> parents = new ArrayList<>();
                    for (int i = 0; i < schemas.size(); i++) {
                        parents.add(new QualifiedName(schemas.get(i), tables.get(i)));
                    }
                    found.add(new Found(rs.getLong("oid"), new QualifiedName(rs.getString("nspname"),
                            rs.getString("relname")), parents));
                }
            }
        }
        Map<Long, List<MaskCheck.ColumnFacts>> columns = columns(found.stream().map(Found::oid).toList());
        List<MaskCheck.TableFacts> out = new ArrayList<>();
        for (Found f : found) {
            List<MaskCheck.ColumnFacts> cols = columns.getOrDefault(f.oid(), List.of());
            java.util.Set<String> copied = new java.util.HashSet<>();
            cols.stream().filter(c -> !c.generated() && (columnsOption == null || columnsOption.contains(c.name())))
                    .forEach(c -> copied.add(c.name()));
            out.add(new MaskCheck.TableFacts(f.oid(), f.name(), f.parents(), cols, copied));
        }
        return out;
    }

    /** The columns of each table, by oid, in attnum order. */
    public Map<Long, List<MaskCheck.ColumnFacts>> columns(Collection<Long> oids) throws SQLException {
        Map<Long, List<MaskCheck.ColumnFacts>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
            ps.setArray(1, oids(oids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String base = rs.getString("base_type");
                    int typmod = rs.getInt("typmod");
                    int length = (base.equals("varchar") || base.equals("bpchar")) && typmod > 4 ? typmod - 4 : 0;
                    Integer precision = null;
                    Integer scale = null;
                    if (base.equals("numeric") && typmod >= 4) {
                        precision = ((typmod - 4) >> 16) & 0xFFFF;
                        scale = (typmod - 4) & 0xFFFF;
                        scale = scale > 0x3FF ? scale - 0x800 : scale; // PostgreSQL 15+: an 11-bit signed scale
                    }
                    out.computeIfAbsent(rs.getLong("relid"), k -> new ArrayList<>()).add(new MaskCheck.ColumnFacts(
                            rs.getString("attname"), rs.getString("type"), rs.getString("typcategory").charAt(0), base,
                            length, precision, scale, rs.getBoolean("attnotnull"), rs.getBoolean("generated"),
                            rs.getBoolean("in_pk"), rs.getBoolean("in_unique")));
                }
            }
        }
        return out;
    }

    /** Foreign keys from one of the tables to one of the tables (a partition's copies of its parent's left out). */
    public List<MaskCheck.ForeignKey> foreignKeys(Collection<Long> oids) throws SQLException {
        List<MaskCheck.ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(FOREIGN_KEYS)) {
            ps.setArray(1, oids(oids));
            ps.setArray(2, oids(oids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MaskCheck.ForeignKey(rs.getString("conname"),
                            new QualifiedName(rs.getString("schema"), rs.getString("name")), strings(rs.getArray("columns")),
                            new QualifiedName(rs.getString("ref_schema"), rs.getString("ref_name")),
                            strings(rs.getArray("ref_columns"))));
                }
            }
        }
        return out;
    }

    /**
     * Whether the column's type accepts {@code value}: a cast on the source inside a savepoint (the caller's
     * transaction, read-only, survives a refusal). Null when accepted, else the server's reason.
     */
    public String constantRefusal(MaskCheck.ColumnFacts column, String value) {
        try {
            return SnapshotSessions.inSavepoint(connection, () -> {
                try (PreparedStatement ps = connection.prepareStatement("SELECT CAST(CAST(? AS pg_catalog.text) AS "
                        + column.type() + ")")) {
                    ps.setString(1, value);
                    ps.execute();
                    return null;
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !(e.getSQLState().startsWith("22") || e.getSQLState().startsWith("23"))) {
                        throw e; // not the value's fault: the check itself failed
                    }
                    if (e instanceof PSQLException p && p.getServerErrorMessage() != null
                            && p.getServerErrorMessage().getMessage() != null) {
                        return p.getServerErrorMessage().getMessage();
                    }
                    return e.getMessage() == null ? e.getSQLState() : e.getMessage().lines().findFirst().orElse("");
                }
            });
        } catch (SQLException e) {
            return "could not be checked (" + e.getSQLState() + ")";
        }
    }

    private Array oids(Collection<Long> oids) throws SQLException {
        return connection.createArrayOf("bigint", oids.toArray());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
