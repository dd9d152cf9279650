package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The user columns of a schema's tables, with what their type is at bottom (through domains): what sensitive-data
 * discovery reads. Extension members are left out.
 */
public final class ColumnCatalog {

    /** What a column's values are, by the category of its base type. */
    public enum ValueKind {
        /** text, varchar, char, citext, name, … (string category) */
        TEXT,
        /** integers, numeric, real, money */
        NUMBER,
        /** date, timestamp, timestamptz */
        DATE,
        BOOLEAN,
        /** inet and cidr */
        NETWORK,
        /** bytea */
        BINARY,
        /** anything else: times, intervals, uuid, json, xml, arrays, enums, ranges, geometry, composites, bits */
        OTHER
    }

    /**
     * One column.
     *
     * @param table         its table
     * @param relkind       {@code r} (a table or a partition: holds rows) or {@code p} (partitioned: holds none itself)
     * @param estimatedRows the planner's row estimate of the table ({@code reltuples}; negative or 0 when unknown)
     * @param type          {@code format_type} of the column's declared type
     * @param kind          the kind of its base type
     * @param notNull       NOT NULL
     * @param generated     a generated column (computed, never copied)
     */
    public record Column(QualifiedName table, char relkind, double estimatedRows, int attnum, String name, String type,
                         ValueKind kind, boolean notNull, boolean generated) {
    }

    private static final String COLUMNS = """
            WITH RECURSIVE cols AS (
                SELECT n.nspname, c.relname, c.relkind, c.reltuples, a.attnum, a.attname, a.atttypid, a.attnotnull,
                       a.attgenerated <> '' AS generated, format_type(a.atttypid, a.atttypmod) AS type
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_attribute a ON a.attrelid = c.oid
                 WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                   AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                                      AND e.objid = c.oid AND e.deptype = 'e')
            ), base AS (
                SELECT t.oid AS start, t.oid, t.typtype, t.typbasetype, t.typname, t.typcategory, 0 AS depth
                  FROM pg_type t WHERE t.oid IN (SELECT atttypid FROM cols)
                UNION ALL
                SELECT b.start, t.oid, t.typtype, t.typbasetype, t.typname, t.typcategory, b.depth + 1
                  FROM base b JOIN pg_type t ON t.oid = b.typbasetype WHERE b.typtype = 'd' AND b.depth < 16
            )
            SELECT c.nspname, c.relname, c.relkind, c.reltuples, c.attnum, c.attname, c.type, c.attnotnull, c.generated,
                   CASE WHEN b.typname IN ('date', 'timestamp', 'timestamptz') THEN 'DATE'
                        WHEN b.typname = 'bytea' THEN 'BINARY'
                        WHEN b.typname IN ('inet', 'cidr') THEN 'NETWORK'
                        WHEN b.typcategory = 'S' THEN 'TEXT'
                        WHEN b.typcategory = 'N' AND b.typname NOT IN ('oid', 'regclass', 'regproc', 'regtype') THEN 'NUMBER'
                        WHEN b.typcategory = 'B' THEN 'BOOLEAN'
                        ELSE 'OTHER' END AS kind
              FROM cols c JOIN base b ON b.start = c.atttypid AND b.typtype <> 'd'
             ORDER BY c.relname COLLATE "C", c.attnum
            """;

    private final Connection connection;

    public ColumnCatalog(Connection connection) {
        this.connection = connection;
    }

    /** The columns of the schema's ordinary and partitioned tables (partitions included), by table name then position. */
    public List<Column> columns(String schema) throws SQLException {
        return Rows.list(connection, COLUMNS, rs -> new Column(new QualifiedName(rs.getString(1), rs.getString(2)),
                Rows.charOf(rs.getString(3)), rs.getDouble(4), rs.getInt(5), rs.getString(6), rs.getString(7),
                ValueKind.valueOf(rs.getString(10)), rs.getBoolean(8), rs.getBoolean(9)), schema);
    }
}
