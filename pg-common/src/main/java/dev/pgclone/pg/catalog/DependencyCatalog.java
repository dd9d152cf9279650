package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** What the objects of a clone depend on, so they can be created in dependency order (as pg_dump sorts them). */
public final class DependencyCatalog {

    private static final String DEPENDENCIES = """
            WITH deps AS (
                SELECT 'r' AS kind, d.objid AS oid, 0 AS col, d.refclassid, d.refobjid
                  FROM pg_depend d
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = ANY(?::bigint[]::oid[]) AND d.deptype = 'n'
                UNION ALL
                SELECT 'r', r.ev_class, 0, d.refclassid, d.refobjid
                  FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                 WHERE d.classid = 'pg_rewrite'::regclass AND r.ev_class = ANY(?::bigint[]::oid[]) AND d.deptype = 'n'
                UNION ALL
                SELECT 'r', ad.adrelid, CASE WHEN a.attgenerated = '' THEN ad.adnum ELSE 0 END, d.refclassid, d.refobjid
                  FROM pg_depend d
                  JOIN pg_attrdef ad ON ad.oid = d.objid
                  JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
                 WHERE d.classid = 'pg_attrdef'::regclass AND ad.adrelid = ANY(?::bigint[]::oid[]) AND d.deptype = 'n'
                UNION ALL
                SELECT 'f', d.objid, 0, d.refclassid, d.refobjid
                  FROM pg_depend d
                 WHERE d.classid = 'pg_proc'::regclass AND d.objid = ANY(?::bigint[]::oid[]) AND d.deptype = 'n'
                UNION ALL
                SELECT 't', d.objid, 0, d.refclassid, d.refobjid
                  FROM pg_depend d
                 WHERE d.classid = 'pg_type'::regclass AND d.objid = ANY(?::bigint[]::oid[]) AND d.deptype = 'n'
            ), resolved AS (
                SELECT kind, oid, col, refclassid,
                       CASE WHEN refclassid = 'pg_type'::regclass
                            THEN coalesce((SELECT nullif(t.typelem, 0) FROM pg_type t
                                            WHERE t.oid = deps.refobjid AND t.typcategory = 'A'), refobjid)
                            ELSE refobjid END AS refobjid
                  FROM deps
            )
            SELECT kind, oid, col, refclassid::regclass::text AS refclass, refobjid,
                   CASE WHEN refclassid = 'pg_type'::regclass
                        THEN (SELECT nullif(t.typrelid, 0) FROM pg_type t WHERE t.oid = resolved.refobjid) END AS typrelid,
                   (SELECT e.refobjid FROM pg_depend e
                     WHERE e.classid = resolved.refclassid AND e.objid = resolved.refobjid AND e.deptype = 'e'
                     LIMIT 1) AS extension
              FROM resolved
            """;

    private final Connection connection;

    public DependencyCatalog(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param relations tables, views, materialized views, sequences and composite types' relations
     * @param routines  functions, procedures, aggregates
     * @param types     enum, domain, composite and range types
     */
    public List<Dependency> dependencies(Collection<Long> relations, Collection<Long> routines, Collection<Long> types)
            throws SQLException {
        return Rows.list(connection, DEPENDENCIES, rs -> new Dependency(rs.getString("kind").charAt(0), rs.getLong("oid"),
                rs.getInt("col"), rs.getString("refclass"), rs.getLong("refobjid"), (Long) rs.getObject("typrelid"),
                (Long) rs.getObject("extension")), relations, relations, relations, routines, types);
    }
}
