package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a clone covers on the source, in bulk queries from one {@link CloneSelection}: the objects it creates, how many
 * of each kind, the tables it cannot split by key, the tablespaces its relations live in. Extension members are never
 * part of a clone (the extension brings them).
 */
public final class ScopeCatalog {

    /**
     * The selection as relations ({@code rels}), routines ({@code procs}), types ({@code types}) and collations
     * ({@code colls}) of the source; {@code nsp} are its schemas. Parameters: schemas, the selected tables' schemas
     * and names, the breadth, the matviews flag.
     */
    static final String SCOPE = """
            WITH nsp AS (
                SELECT n.oid, n.nspname, n.nspowner, n.nspacl FROM pg_namespace n WHERE n.nspname = ANY (?::text[])
            ), sel AS (
                SELECT c.oid FROM unnest(?::text[], ?::text[]) AS t(s, r)
                  JOIN pg_namespace n ON n.nspname = t.s JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.r
            ), opt AS (
                SELECT ?::text AS breadth, ?::boolean AS matviews
            ), rels AS (
                SELECT c.oid, c.relname, c.relnamespace, c.relkind, c.relowner, c.relacl, c.reltablespace FROM pg_class c
                 WHERE c.oid IN (SELECT oid FROM sel)
                    OR ((SELECT breadth FROM opt) = 'SCHEMAS' AND c.relnamespace IN (SELECT oid FROM nsp)
                        AND (c.relkind IN ('v', 'S') OR (c.relkind = 'm' AND (SELECT matviews FROM opt)))
                        AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                                           AND e.objid = c.oid AND e.deptype = 'e'))
                    OR ((SELECT breadth FROM opt) = 'TABLES' AND c.relkind = 'S'
                        AND c.oid IN (SELECT d.objid FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                         AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                                         AND d.refobjid IN (SELECT oid FROM sel)))
            ), procs AS (
                SELECT p.oid, p.proname, p.pronamespace, p.prokind, p.proowner, p.proacl FROM pg_proc p
                 WHERE (SELECT breadth FROM opt) <> 'TABLES' AND p.pronamespace IN (SELECT oid FROM nsp)
                   AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                      AND e.objid = p.oid AND e.deptype = 'e')
            ), types AS (
                SELECT t.oid, t.typname, t.typnamespace, t.typtype, t.typowner, t.typacl FROM pg_type t
                 WHERE (SELECT breadth FROM opt) = 'SCHEMAS' AND t.typnamespace IN (SELECT oid FROM nsp)
                   AND (t.typtype IN ('e', 'd', 'r')
                        OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c')))
                   AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass
                                      AND e.objid = t.oid AND e.deptype = 'e')
            ), colls AS (
                SELECT l.oid, l.collname, l.collnamespace, l.collowner FROM pg_collation l
                 WHERE (SELECT breadth FROM opt) = 'SCHEMAS' AND l.collnamespace IN (SELECT oid FROM nsp)
                   AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_collation'::regclass
                                      AND e.objid = l.oid AND e.deptype = 'e')
            )
            """;

    private static final String OBJECTS = SCOPE + """
            SELECT kind, nspname, name, signature, detail FROM (
                SELECT 'RELATION' AS kind, n.nspname, c.relname AS name, NULL AS signature, c.relkind::text AS detail
                  FROM rels c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
                UNION ALL
                SELECT 'TYPE', n.nspname, t.typname, NULL, t.typtype::text
                  FROM types t JOIN pg_namespace n ON n.oid = t.typnamespace
                UNION ALL
                SELECT 'ROUTINE', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind::text
                  FROM procs p JOIN pg_namespace n ON n.oid = p.pronamespace
                UNION ALL
                SELECT 'COLLATION', n.nspname, l.collname, NULL, NULL
                  FROM colls l JOIN pg_namespace n ON n.oid = l.collnamespace
            ) o ORDER BY kind, nspname COLLATE "C", name COLLATE "C", signature COLLATE "C"
            """;

    private static final String COUNTS = SCOPE + """
            SELECT (SELECT count(*) FROM rels WHERE relkind IN ('r', 'p')),
                   (SELECT count(*) FROM rels WHERE relkind IN ('v', 'm')),
                   (SELECT count(*) FROM rels WHERE relkind = 'S'),
                   (SELECT count(*) FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM rels))
            """;

    /** Plain tables and leaf partitions with no primary key, no unique constraint and no plain unique index. */
    private static final String WITHOUT_KEY = SCOPE + """
            SELECT n.nspname, c.relname FROM rels c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r'
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype IN ('p', 'u'))
               AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique
                                  AND i.indpred IS NULL AND i.indexprs IS NULL)
             ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    private static final String TABLESPACES = SCOPE + """
            SELECT spcname FROM (SELECT DISTINCT t.spcname FROM (
                SELECT reltablespace FROM rels
                UNION ALL
                SELECT ic.reltablespace FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                 WHERE i.indrelid IN (SELECT oid FROM rels)
            ) x JOIN pg_tablespace t ON t.oid = x.reltablespace
             WHERE x.reltablespace <> 0 AND t.spcname NOT IN ('pg_default', 'pg_global')) y
             ORDER BY spcname COLLATE "C"
            """;

    /** The sequences whose values the clone reads: those of the selection (a table's own, for a table clone). */
    private static final String SEQUENCES = SCOPE + """
            SELECT n.nspname, c.relname FROM rels c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'S' ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    /**
     * How many objects of each kind a clone covers.
     *
     * @param tables    ordinary and partitioned tables, partitions included
     * @param views     views and materialized views
     * @param sequences sequences
     * @param indexes   indexes on those tables and materialized views
     */
    public record Counts(long tables, long views, long sequences, long indexes) {
    }

    private final Connection connection;

    public ScopeCatalog(Connection connection) {
        this.connection = connection;
    }

    /** Every object the selection creates on a target, by name space, in a stable order. */
    public List<CatalogObject> objects(CloneSelection selection) throws SQLException {
        return query(connection, OBJECTS, selection, rs -> new CatalogObject(CatalogObject.Kind.valueOf(rs.getString(1)),
                new QualifiedName(rs.getString(2), rs.getString(3)), rs.getString(4), rs.getString(5)));
    }

    public Counts counts(CloneSelection selection) throws SQLException {
        return query(connection, COUNTS, selection, rs -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getLong(4))).get(0);
    }

    /** Tables of the selection that have no key to split their rows by. */
    public List<QualifiedName> tablesWithoutKey(CloneSelection selection) throws SQLException {
        return query(connection, WITHOUT_KEY, selection, rs -> new QualifiedName(rs.getString(1), rs.getString(2)));
    }

    /** Non-default tablespaces holding relations or indexes of the selection. */
    public List<String> tablespaces(CloneSelection selection) throws SQLException {
        return query(connection, TABLESPACES, selection, rs -> rs.getString(1));
    }

    /** Sequences of the selection (their values are read at the end of a clone). */
    public List<QualifiedName> sequences(CloneSelection selection) throws SQLException {
        return query(connection, SEQUENCES, selection, rs -> new QualifiedName(rs.getString(1), rs.getString(2)));
    }

    /** Runs {@link #SCOPE} + a query for the selection, then {@code more} parameters. */
    static <T> List<T> query(Connection c, String sql, CloneSelection selection, Rows.Mapper<T> mapper, Object... more)
            throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", selection.schemas().toArray()));
            ps.setArray(2, c.createArrayOf("text", selection.tables().stream().map(QualifiedName::schema).toArray()));
            ps.setArray(3, c.createArrayOf("text", selection.tables().stream().map(QualifiedName::name).toArray()));
            ps.setString(4, selection.breadth().name());
            ps.setBoolean(5, selection.matviews());
            for (int i = 0; i < more.length; i++) {
                ps.setObject(6 + i, more[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        }
        return out;
    }
}
