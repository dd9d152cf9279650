package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Extensions: which ones a clone's objects need on the source, which are installed, and which a target could create
 * ({@code pg_available_extensions}: a control file on the server). plpgsql is always there and never listed.
 */
public final class ExtensionCatalog {

    /**
     * Extensions owning something the selection's objects depend on (a column's type, an operator class of an index, a
     * function a default or a view calls, …), found through {@code pg_depend}, plus for a schema or database clone those
     * installed into its schemas.
     */
    private static final String NEEDED = ScopeCatalog.SCOPE + """
            , objs AS (
                SELECT 'pg_class'::regclass::oid AS classid, oid AS objid FROM rels
                UNION ALL SELECT 'pg_class'::regclass::oid, i.indexrelid FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM rels)
                UNION ALL SELECT 'pg_proc'::regclass::oid, oid FROM procs
                UNION ALL SELECT 'pg_type'::regclass::oid, oid FROM types
                UNION ALL SELECT 'pg_collation'::regclass::oid, oid FROM colls
                UNION ALL SELECT 'pg_rewrite'::regclass::oid, r.oid FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM rels)
                UNION ALL SELECT 'pg_attrdef'::regclass::oid, d.oid FROM pg_attrdef d WHERE d.adrelid IN (SELECT oid FROM rels)
                UNION ALL SELECT 'pg_constraint'::regclass::oid, k.oid FROM pg_constraint k
                           WHERE k.conrelid IN (SELECT oid FROM rels) OR k.contypid IN (SELECT oid FROM types)
                UNION ALL SELECT 'pg_trigger'::regclass::oid, g.oid FROM pg_trigger g WHERE g.tgrelid IN (SELECT oid FROM rels)
            )
            SELECT extname FROM (
            SELECT e.extname FROM objs o
              JOIN pg_depend d ON d.classid = o.classid AND d.objid = o.objid AND d.deptype IN ('n', 'a')
              JOIN pg_depend m ON m.classid = d.refclassid AND m.objid = d.refobjid AND m.deptype = 'e'
              JOIN pg_extension e ON e.oid = m.refobjid
             WHERE e.extname <> 'plpgsql'
            UNION
            SELECT e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE (SELECT breadth FROM opt) = 'SCHEMAS' AND n.nspname IN (SELECT nspname FROM nsp) AND e.extname <> 'plpgsql'
            ) x ORDER BY extname COLLATE "C"
            """;

    private static final String INSTALLED = """
            SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname COLLATE "C"
            """;

    private static final String AVAILABLE = """
            SELECT name FROM pg_available_extensions WHERE name = ANY (?::text[]) ORDER BY name COLLATE "C"
            """;

    private final Connection connection;

    public ExtensionCatalog(Connection connection) {
        this.connection = connection;
    }

    /** Extensions the selection's objects need, by name. */
    public List<String> neededBy(CloneSelection selection) throws SQLException {
        return ScopeCatalog.query(connection, NEEDED, selection, rs -> rs.getString(1));
    }

    /** Every installed extension but plpgsql, by name. */
    public List<String> installed() throws SQLException {
        return Rows.list(connection, INSTALLED, rs -> rs.getString(1));
    }

    /** Those of {@code names} this server could create (it has their control files). */
    public List<String> available(Collection<String> names) throws SQLException {
        return Rows.list(connection, AVAILABLE, rs -> rs.getString(1), (Object) names.toArray(String[]::new));
    }
}
