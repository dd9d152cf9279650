package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Roles: those a clone's objects name (owners, grantees) on the source, and which of them a target has. */
public final class RoleCatalog {

    /**
     * Owners and grantees (table, column, sequence, view, routine, type, schema privileges) of the selection. A table
     * clone leaves schemas as they are, so its schema's owner and grantees are not among them. PUBLIC is not a role.
     */
    private static final String REFERENCED = ScopeCatalog.SCOPE + """
            , owned AS (
                SELECT nspowner AS owner, nspacl AS acl FROM nsp WHERE (SELECT breadth FROM opt) <> 'TABLES'
                UNION ALL SELECT relowner, relacl FROM rels
                UNION ALL SELECT NULL::oid, a.attacl FROM pg_attribute a
                           WHERE a.attrelid IN (SELECT oid FROM rels) AND a.attacl IS NOT NULL AND NOT a.attisdropped
                UNION ALL SELECT proowner, proacl FROM procs
                UNION ALL SELECT typowner, typacl FROM types
                UNION ALL SELECT collowner, NULL::aclitem[] FROM colls
            )
            SELECT rolname FROM (SELECT DISTINCT pg_get_userbyid(r) AS rolname FROM (
                SELECT owner AS r FROM owned WHERE owner IS NOT NULL
                UNION
                SELECT (aclexplode(acl)).grantee FROM owned WHERE acl IS NOT NULL
            ) x WHERE r <> 0) y
             ORDER BY rolname COLLATE "C"
            """;

    private static final String EXISTING = """
            SELECT rolname FROM pg_roles WHERE rolname = ANY (?::text[]) ORDER BY rolname COLLATE "C"
            """;

    private final Connection connection;

    public RoleCatalog(Connection connection) {
        this.connection = connection;
    }

    /** Every role owning an object of the selection or holding a privilege on one, by name. */
    public List<String> referencedBy(CloneSelection selection) throws SQLException {
        return ScopeCatalog.query(connection, REFERENCED, selection, rs -> rs.getString(1));
    }

    /** Those of {@code names} that exist here. */
    public List<String> existing(Collection<String> names) throws SQLException {
        return Rows.list(connection, EXISTING, rs -> rs.getString(1), (Object) names.toArray(String[]::new));
    }
}
