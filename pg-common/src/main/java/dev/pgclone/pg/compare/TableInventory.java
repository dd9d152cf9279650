package dev.pgclone.pg.compare;

import dev.pgclone.pg.catalog.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tables whose rows a verify compares, on one side: ordinary and partitioned tables of some schemas (extension
 * members left out), and the leaf partitions of those partitioned tables wherever they live. Catalog rows only: no
 * function that takes a lock, so listing thousands of tables holds no lock. Meant for the transaction whose snapshot
 * the rows are then read under.
 */
public final class TableInventory {

    private static final String TABLES = """
            WITH listed AS (
                SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ANY (?::text[]) AND c.relkind IN ('r', 'p')
                   AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                      AND e.deptype = 'e')),
            leaves AS (
                SELECT l.relid AS oid FROM listed JOIN pg_class p ON p.oid = listed.oid AND p.relkind = 'p'
                 CROSS JOIN LATERAL pg_partition_tree(p.oid) l WHERE l.isleaf)
            SELECT n.nspname, c.relname, c.relkind, c.oid IN (SELECT oid FROM listed) AS listed,
                   c.reltuples::float8 AS reltuples, c.relpages::bigint AS relpages,
                   ARRAY(SELECT a.attname::text FROM pg_attribute a
                          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns,
                   ARRAY(SELECT ln.nspname::text FROM pg_partition_tree(c.oid) l JOIN pg_class lc ON lc.oid = l.relid
                           JOIN pg_namespace ln ON ln.oid = lc.relnamespace
                          WHERE c.relkind = 'p' AND l.isleaf AND lc.relkind = 'r'
                          ORDER BY ln.nspname COLLATE "C", lc.relname COLLATE "C") AS leaf_schemas,
                   ARRAY(SELECT lc.relname::text FROM pg_partition_tree(c.oid) l JOIN pg_class lc ON lc.oid = l.relid
                           JOIN pg_namespace ln ON ln.oid = lc.relnamespace
                          WHERE c.relkind = 'p' AND l.isleaf AND lc.relkind = 'r'
                          ORDER BY ln.nspname COLLATE "C", lc.relname COLLATE "C") AS leaf_names
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.oid IN (SELECT oid FROM listed) OR (c.oid IN (SELECT oid FROM leaves) AND c.relkind = 'r')
             ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    /**
     * One table.
     *
     * @param name          schema + name
     * @param kind          'r' ordinary (its own rows are read) or 'p' partitioned (its rows are its leaves')
     * @param listed        in the schemas asked for (reported); false for a leaf partition living elsewhere
     * @param estimatedRows {@code reltuples}: the planner's estimate, -1 when never vacuumed or analyzed (14+)
     * @param pages         {@code relpages}, an estimate (0 when never vacuumed or analyzed)
     * @param columns       live columns in table order
     * @param leaves        a partitioned table's leaf partitions (ordinary tables only), in name order
     */
    public record Entry(QualifiedName name, char kind, boolean listed, double estimatedRows, long pages,
                        List<String> columns, List<QualifiedName> leaves) {

        public Entry {
            columns = List.copyOf(columns);
            leaves = List.copyOf(leaves);
        }

        public boolean partitioned() {
            return kind == 'p';
        }
    }

    private final Connection connection;

    public TableInventory(Connection connection) {
        this.connection = connection;
    }

    /** The tables of these schemas and the leaves of their partitioned tables, in schema then name order. */
    public List<Entry> tables(List<String> schemas) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(TABLES)) {
            ps.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> leafSchemas = strings(rs.getArray("leaf_schemas"));
                    List<String> leafNames = strings(rs.getArray("leaf_names"));
                    List<QualifiedName> leaves = new ArrayList<>();
                    for (int i = 0; i < leafNames.size(); i++) {
                        leaves.add(new QualifiedName(leafSchemas.get(i), leafNames.get(i)));
                    }
                    out.add(new Entry(new QualifiedName(rs.getString("nspname"), rs.getString("relname")),
                            rs.getString("relkind").charAt(0), rs.getBoolean("listed"), rs.getDouble("reltuples"),
                            rs.getLong("relpages"), strings(rs.getArray("columns")), leaves));
                }
            }
        }
        return out;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
