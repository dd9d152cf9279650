package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * What the session's role may do, asked with {@code has_*_privilege()}: never by trying. Each question lists what is
 * missing, in name order.
 */
public final class PrivilegeCatalog {

    private static final String SCHEMAS_LACKING = """
            SELECT n.nspname FROM pg_namespace n
             WHERE n.nspname = ANY (?::text[]) AND NOT has_schema_privilege(n.oid, ?)
             ORDER BY n.nspname COLLATE "C"
            """;

    private static final String RELATIONS_LACKING = """
            SELECT n.nspname, c.relname FROM unnest(?::text[], ?::text[]) AS t(s, r)
              JOIN pg_namespace n ON n.nspname = t.s JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.r
             WHERE NOT CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, ?) ELSE has_table_privilege(c.oid, ?) END
             ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    /**
     * Tables whose row-level security applies to this role: enabled, and the role is neither a superuser nor
     * BYPASSRLS, and not the owner (or the owner, but security is FORCEd).
     */
    private static final String ROW_SECURITY_APPLIES = """
            SELECT n.nspname, c.relname FROM unnest(?::text[], ?::text[]) AS t(s, r)
              JOIN pg_namespace n ON n.nspname = t.s JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.r
             WHERE c.relrowsecurity
               AND NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)
               AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE'))
             ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    private static final String DATABASE = "SELECT has_database_privilege(current_database(), ?)";

    private final Connection connection;

    public PrivilegeCatalog(Connection connection) {
        this.connection = connection;
    }

    /** Schemas among {@code names} (those that exist) on which the role lacks {@code privilege} (USAGE, CREATE). */
    public List<String> schemasLacking(Collection<String> names, String privilege) throws SQLException {
        return Rows.list(connection, SCHEMAS_LACKING, rs -> rs.getString(1), names.toArray(String[]::new), privilege);
    }

    /** Tables, views and sequences among {@code relations} (those that exist) on which the role lacks {@code privilege}. */
    public List<QualifiedName> relationsLacking(Collection<QualifiedName> relations, String privilege) throws SQLException {
        return Rows.list(connection, RELATIONS_LACKING, rs -> new QualifiedName(rs.getString(1), rs.getString(2)),
                relations.stream().map(QualifiedName::schema).toArray(String[]::new),
                relations.stream().map(QualifiedName::name).toArray(String[]::new), privilege, privilege);
    }

    /**
     * Tables among {@code relations} whose row-level security policies would filter what this role reads. Sessions run
     * with {@code row_security = off} (as pg_dump), so reading them fails instead of copying only the visible rows.
     */
    public List<QualifiedName> rowSecurityApplies(Collection<QualifiedName> relations) throws SQLException {
        return Rows.list(connection, ROW_SECURITY_APPLIES, rs -> new QualifiedName(rs.getString(1), rs.getString(2)),
                relations.stream().map(QualifiedName::schema).toArray(String[]::new),
                relations.stream().map(QualifiedName::name).toArray(String[]::new));
    }

    /** Whether the role has {@code privilege} (CREATE, CONNECT, TEMPORARY) on the database it is connected to. */
    public boolean onDatabase(String privilege) throws SQLException {
        return Rows.list(connection, DATABASE, rs -> rs.getBoolean(1), privilege).get(0);
    }
}
