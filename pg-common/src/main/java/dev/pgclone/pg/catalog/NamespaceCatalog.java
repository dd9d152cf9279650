package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Schemas and extensions. */
public final class NamespaceCatalog {

    /**
     * Every schema a database clone covers: all but PostgreSQL's own ({@code pg_catalog}, {@code information_schema},
     * {@code pg_toast}, temporary schemas) and those an extension creates. Matched exactly, never with
     * {@code LIKE 'pg_%'}, which would also drop a user schema such as {@code pgapp}.
     */
    private static final String USER_SCHEMAS = """
            SELECT n.nspname FROM pg_namespace n
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
               AND n.nspname !~ '^pg_(toast_)?temp_[0-9]+$'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
                                  AND d.objid = n.oid AND d.deptype = 'e')
             ORDER BY n.nspname COLLATE "C"
            """;

    private static final String SCHEMAS = """
            SELECT n.oid, n.nspname, pg_get_userbyid(n.nspowner) AS owner, n.nspacl::text[] AS acl,
                   obj_description(n.oid, 'pg_namespace') AS comment
              FROM pg_namespace n WHERE n.nspname = ANY(?) ORDER BY n.nspname COLLATE "C"
            """;

    private static final String EXTENSIONS = """
            SELECT e.oid, e.extname, n.nspname, e.extversion FROM pg_extension e
              JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.oid = ANY(?::bigint[]::oid[]) ORDER BY e.extname
            """;

    private static final String ALL_EXTENSIONS = """
            SELECT e.oid, e.extname, n.nspname, e.extversion FROM pg_extension e
              JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname <> 'plpgsql' ORDER BY e.extname
            """;

    private static final String EXTENSIONS_IN = """
            SELECT e.oid, e.extname, n.nspname, e.extversion FROM pg_extension e
              JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE n.nspname = ANY(?) AND e.extname <> 'plpgsql' ORDER BY e.extname
            """;

    /** Schemas of the given objects (types, routines, collations), for a table that needs objects elsewhere. */
    private static final String SCHEMAS_OF = """
            SELECT DISTINCT n.nspname FROM pg_namespace n
             WHERE n.oid IN (SELECT typnamespace FROM pg_type WHERE oid = ANY(?::bigint[]::oid[])
                             UNION SELECT pronamespace FROM pg_proc WHERE oid = ANY(?::bigint[]::oid[])
                             UNION SELECT collnamespace FROM pg_collation WHERE oid = ANY(?::bigint[]::oid[]))
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            """;

    private final Connection connection;

    public NamespaceCatalog(Connection connection) {
        this.connection = connection;
    }

    public List<String> userSchemas() throws SQLException {
        return Rows.list(connection, USER_SCHEMAS, rs -> rs.getString(1));
    }

    /** The named schemas that exist, in name order (a NULL ACL stays null: see {@link SchemaDef}). */
    public List<SchemaDef> schemas(List<String> names) throws SQLException {
        return Rows.list(connection, SCHEMAS, rs -> new SchemaDef(rs.getLong("oid"), rs.getString("nspname"),
                rs.getString("owner"), rs.getArray("acl") == null ? null : Rows.strings(rs.getArray("acl")),
                rs.getString("comment")),
                (Object) names.toArray(String[]::new));
    }

    public List<ExtensionDef> extensions(Collection<Long> oids) throws SQLException {
        return Rows.list(connection, EXTENSIONS, NamespaceCatalog::extension, oids);
    }

    /** Extensions installed into these schemas. */
    public List<ExtensionDef> extensionsIn(List<String> schemas) throws SQLException {
        return Rows.list(connection, EXTENSIONS_IN, NamespaceCatalog::extension, (Object) schemas.toArray(String[]::new));
    }

    /** The user schemas holding any of these types, routines or collations. */
    public List<String> schemasOf(Collection<Long> types, Collection<Long> routines, Collection<Long> collations)
            throws SQLException {
        return Rows.list(connection, SCHEMAS_OF, rs -> rs.getString(1), types, routines, collations);
    }

    /** The database this session is connected to. */
    public DatabaseDef currentDatabase() throws SQLException {
        return Rows.list(connection, """
                SELECT datname, pg_encoding_to_char(encoding) AS encoding, datcollate, datctype
                  FROM pg_database WHERE datname = current_database()""",
                rs -> new DatabaseDef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).get(0);
    }

    /** Every installed extension except plpgsql (always present). */
    public List<ExtensionDef> allExtensions() throws SQLException {
        return Rows.list(connection, ALL_EXTENSIONS, NamespaceCatalog::extension);
    }

    private static ExtensionDef extension(java.sql.ResultSet rs) throws SQLException {
        return new ExtensionDef(rs.getLong("oid"), rs.getString("extname"), rs.getString("nspname"), rs.getString("extversion"));
    }
}
