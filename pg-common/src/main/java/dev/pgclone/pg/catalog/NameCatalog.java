package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which names a schema holds, and which schema-scoped names hang off one relation: what has to move when the
 * relation is renamed out of the way of a clone ({@code conflict: rename}).
 *
 * <p>Only names PostgreSQL scopes to a schema can clash with what a clone creates: relations (tables, indexes,
 * sequences, views), types and extended statistics. Check, foreign key and not-null constraints, triggers, policies
 * and rules are named per table ({@code pg_constraint} is unique on the table and name, {@code pg_trigger},
 * {@code pg_policy} and {@code pg_rewrite} likewise), so a table's copy may reuse them beside the original. Key,
 * unique and exclusion constraints are the exception through their index, a relation of the schema.
 */
public final class NameCatalog {

    /** What kind of dependent holds a schema-scoped name. */
    public enum Kind {
        /** A primary key, unique or exclusion constraint; its index has its name. */
        CONSTRAINT,
        /** An index that backs no constraint. */
        INDEX,
        /** A serial's or identity column's sequence. */
        SEQUENCE,
        /** An extended statistics object on the relation (it may live in another schema). */
        STATISTICS
    }

    /**
     * A schema-scoped name held by one of a relation's dependents.
     *
     * @param kind   what it is
     * @param schema where the name lives
     * @param name   the name
     */
    public record Dependent(Kind kind, String schema, String name) {
    }

    private static final String DEPENDENTS = """
            WITH rel AS (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = ? AND c.relname = ?),
                 keys AS (SELECT con.conindid, con.conname, n.nspname FROM pg_constraint con
                            JOIN pg_namespace n ON n.oid = con.connamespace
                           WHERE con.conrelid = (SELECT oid FROM rel) AND con.contype IN ('p', 'u', 'x'))
            SELECT kind, nspname, name FROM (
                SELECT 'CONSTRAINT' AS kind, nspname, conname AS name FROM keys
                UNION ALL
                SELECT 'INDEX', n.nspname, i.relname FROM pg_index x
                  JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
                 WHERE x.indrelid = (SELECT oid FROM rel) AND x.indexrelid NOT IN (SELECT conindid FROM keys)
                UNION ALL
                SELECT DISTINCT 'SEQUENCE', n.nspname, s.relname FROM pg_depend d
                  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace
                 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                   AND d.refobjid = (SELECT oid FROM rel) AND d.deptype IN ('a', 'i')
                UNION ALL
                SELECT 'STATISTICS', n.nspname, s.stxname FROM pg_statistic_ext s
                  JOIN pg_namespace n ON n.oid = s.stxnamespace
                 WHERE s.stxrelid = (SELECT oid FROM rel)
            ) d ORDER BY kind, nspname COLLATE "C", name COLLATE "C"
            """;

    /**
     * The names a schema holds, by the space they are unique in.
     *
     * @param relations  relation and type names: one space in practice, as a table (or sequence) also needs its row
     *                   type's name
     * @param statistics extended statistics names
     */
    public record SchemaNames(Set<String> relations, Set<String> statistics) {

        public SchemaNames {
            relations = Set.copyOf(relations);
            statistics = Set.copyOf(statistics);
        }
    }

    private static final String RELATION_NAMES = """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?
            UNION
            SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ?
            """;

    private static final String STATISTICS_NAMES = """
            SELECT s.stxname FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE n.nspname = ?
            """;

    private final Connection connection;

    public NameCatalog(Connection connection) {
        this.connection = connection;
    }

    /** The schema-scoped names of a relation's dependents, in a stable order (kind, schema, name). */
    public List<Dependent> dependents(QualifiedName relation) throws SQLException {
        return Rows.list(connection, DEPENDENTS, rs -> new Dependent(Kind.valueOf(rs.getString("kind")),
                rs.getString("nspname"), rs.getString("name")), relation.schema(), relation.name());
    }

    /** Every relation, type and statistics name in a schema. */
    public SchemaNames taken(String schema) throws SQLException {
        return new SchemaNames(new HashSet<>(Rows.list(connection, RELATION_NAMES, rs -> rs.getString(1), schema, schema)),
                new HashSet<>(Rows.list(connection, STATISTICS_NAMES, rs -> rs.getString(1), schema)));
    }
}
