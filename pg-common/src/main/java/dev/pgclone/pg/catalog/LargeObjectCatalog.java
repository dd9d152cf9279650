package dev.pgclone.pg.catalog;

import dev.pgclone.pg.Quote;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Large objects referenced by tables: the values of their {@code oid} (or {@code lo}) columns that name an existing
 * large object. Read under the job's snapshot, like the rows that reference them.
 */
public final class LargeObjectCatalog {

    private static final String DESCRIBE = """
            SELECT m.oid, pg_get_userbyid(m.lomowner) AS owner, coalesce(m.lomacl::text[], '{}') AS acl,
                   obj_description(m.oid, 'pg_largeobject') AS comment
              FROM pg_largeobject_metadata m WHERE m.oid = ANY(?::bigint[]::oid[]) ORDER BY m.oid
            """;

    private final Connection connection;

    public LargeObjectCatalog(Connection connection) {
        this.connection = connection;
    }

    public List<LargeObjectDef> referencedBy(List<Table> tables) throws SQLException {
        return referencedBy(tables, (t, c) -> true);
    }

    /**
     * @param copied whether a column's values are copied as they are (a masked column's are not, and the large objects
     *               it names stay on the source)
     */
    public List<LargeObjectDef> referencedBy(List<Table> tables, java.util.function.BiPredicate<Table, Column> copied)
            throws SQLException {
        List<String> reads = new ArrayList<>();
        for (Table t : tables) {
            for (Column c : t.columns()) {
                if (!copied.test(t, c)) {
                    continue;
                }
                if (c.type().equals("oid") || c.type().equals("lo") || c.type().endsWith(".lo")) {
                    reads.add("SELECT " + Quote.ident(c.name()) + "::oid AS v FROM ONLY " + t.name().quoted());
                }
            }
        }
        if (reads.isEmpty()) {
            return List.of();
        }
        List<Long> oids = Rows.list(connection, "SELECT DISTINCT v::bigint FROM (" + String.join(" UNION ALL ", reads)
                + ") x WHERE v IN (SELECT oid FROM pg_largeobject_metadata) ORDER BY 1", rs -> rs.getLong(1));
        return Rows.list(connection, DESCRIBE, rs -> new LargeObjectDef(rs.getLong("oid"), rs.getString("owner"),
                Rows.strings(rs.getArray("acl")), rs.getString("comment")), oids);
    }
}
