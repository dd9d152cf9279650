package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where a schema's partitions sit in their partition trees. Catalog rows only. */
public final class PartitionCatalog {

    private static final String ANCESTORS = """
            SELECT c.relname, an.nspname, a.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             CROSS JOIN LATERAL pg_partition_ancestors(c.oid) WITH ORDINALITY AS p(relid, level)
              JOIN pg_class a ON a.oid = p.relid JOIN pg_namespace an ON an.oid = a.relnamespace
             WHERE n.nspname = ? AND c.relispartition AND p.relid <> c.oid
             ORDER BY c.relname COLLATE "C", p.level
            """;

    private final Connection connection;

    public PartitionCatalog(Connection connection) {
        this.connection = connection;
    }

    /** The partitioned tables above each partition of the schema (by its name), nearest first; wherever they live. */
    public Map<String, List<QualifiedName>> ancestors(String schema) throws SQLException {
        Map<String, List<QualifiedName>> out = new LinkedHashMap<>();
        for (String[] row : Rows.list(connection, ANCESTORS, rs -> new String[] {rs.getString(1), rs.getString(2),
                rs.getString(3)}, schema)) {
            out.computeIfAbsent(row[0], k -> new ArrayList<>()).add(new QualifiedName(row[1], row[2]));
        }
        return out;
    }
}
