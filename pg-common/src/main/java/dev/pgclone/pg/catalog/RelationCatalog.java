package dev.pgclone.pg.catalog;

import dev.pgclone.pg.Quote;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Views, materialized views, sequences not owned by a cloned table, and row-level security policies. */
public final class RelationCatalog {

    private static final String VIEWS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid) AS def,
                   coalesce(c.reloptions, '{}') AS reloptions, c.relispopulated,
                   pg_get_userbyid(c.relowner) AS owner, coalesce(c.relacl::text[], '{}') AS acl,
                   obj_description(c.oid, 'pg_class') AS comment
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY(?) AND c.relkind IN ('v', 'm')
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    private static final String COLUMN_COMMENTS = """
            SELECT a.attrelid AS relid, a.attname, col_description(a.attrelid, a.attnum) AS comment
              FROM pg_attribute a
             WHERE a.attrelid = ANY(?::bigint[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
               AND col_description(a.attrelid, a.attnum) IS NOT NULL
            """;

    /** Sequences of the schemas except those owned by a column of one of the cloned tables (those come with it). */
    private static final String SEQUENCES = """
            SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL) AS type, s.seqstart, s.seqincrement,
                   s.seqmin, s.seqmax, s.seqcache, s.seqcycle, pg_get_userbyid(c.relowner) AS owner,
                   coalesce(c.relacl::text[], '{}') AS acl, obj_description(c.oid, 'pg_class') AS comment
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
             WHERE n.nspname = ANY(?) AND c.relkind = 'S'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                  AND d.deptype IN ('a', 'i') AND d.refobjid = ANY(?::bigint[]::oid[]))
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
            """;

    private static final String POLICIES = """
            SELECT pol.polrelid AS relid, n.nspname, c.relname, pol.polname, pol.polcmd, pol.polpermissive,
                   CASE WHEN pol.polroles = '{0}' THEN NULL
                        ELSE (SELECT array_agg(quote_ident(r.rolname) ORDER BY r.rolname)
                                FROM pg_roles r WHERE r.oid = ANY(pol.polroles)) END AS roles,
                   pg_get_expr(pol.polqual, pol.polrelid) AS qual, pg_get_expr(pol.polwithcheck, pol.polrelid) AS withcheck,
                   obj_description(pol.oid, 'pg_policy') AS comment
              FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE pol.polrelid = ANY(?::bigint[]::oid[])
             ORDER BY pol.polrelid, pol.polname COLLATE "C"
            """;

    /**
     * Objects a clone does not reproduce, so they are reported instead of disappearing silently: foreign tables
     * (their servers and user mappings are outside a clone), operators and their classes and families, text search
     * configurations and dictionaries, conversions. Extension members come with their extension.
     */
    private static final String UNSUPPORTED = """
            WITH s AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY(?)),
            objects AS (
                SELECT 'foreign table' AS kind, 'pg_class'::regclass AS cls, c.oid, s.nspname || '.' || c.relname AS name
                  FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relkind = 'f'
                UNION ALL
                SELECT 'operator', 'pg_operator'::regclass, o.oid, s.nspname || '.' || o.oprname
                  FROM pg_operator o JOIN s ON s.oid = o.oprnamespace
                UNION ALL
                SELECT 'operator class', 'pg_opclass'::regclass, c.oid, s.nspname || '.' || c.opcname
                  FROM pg_opclass c JOIN s ON s.oid = c.opcnamespace
                UNION ALL
                SELECT 'operator family', 'pg_opfamily'::regclass, f.oid, s.nspname || '.' || f.opfname
                  FROM pg_opfamily f JOIN s ON s.oid = f.opfnamespace
                UNION ALL
                SELECT 'text search configuration', 'pg_ts_config'::regclass, t.oid, s.nspname || '.' || t.cfgname
                  FROM pg_ts_config t JOIN s ON s.oid = t.cfgnamespace
                UNION ALL
                SELECT 'text search dictionary', 'pg_ts_dict'::regclass, d.oid, s.nspname || '.' || d.dictname
                  FROM pg_ts_dict d JOIN s ON s.oid = d.dictnamespace
                UNION ALL
                SELECT 'conversion', 'pg_conversion'::regclass, v.oid, s.nspname || '.' || v.conname
                  FROM pg_conversion v JOIN s ON s.oid = v.connamespace
            )
            SELECT kind, name FROM objects o
             WHERE NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = o.cls AND e.objid = o.oid AND e.deptype = 'e')
             ORDER BY kind, name
            """;

    private final Connection connection;
    private final TableCatalog tables;

    public RelationCatalog(Connection connection) {
        this.connection = connection;
        this.tables = new TableCatalog(connection);
    }

    private record ViewRow(long oid, QualifiedName name, char kind, String def, List<String> reloptions,
                           boolean populated, String owner, List<String> acl, String comment) {
    }

    public List<ViewDef> views(List<String> schemas) throws SQLException {
        List<ViewRow> rows = Rows.list(connection, VIEWS, rs -> new ViewRow(rs.getLong("oid"),
                new QualifiedName(rs.getString("nspname"), rs.getString("relname")), rs.getString("relkind").charAt(0),
                rs.getString("def"), Rows.strings(rs.getArray("reloptions")), rs.getBoolean("relispopulated"),
                rs.getString("owner"), Rows.strings(rs.getArray("acl")), rs.getString("comment")),
                (Object) schemas.toArray(String[]::new));
        List<Long> oids = rows.stream().map(ViewRow::oid).toList();
        Map<Long, List<String[]>> comments = Rows.groupByRelid(connection, COLUMN_COMMENTS, oids,
                rs -> new String[] {rs.getString("attname"), rs.getString("comment")});
        Map<Long, List<Index>> indexes = tables.indexes(oids);
        Map<Long, List<Trigger>> triggers = tables.triggers(oids);
        List<ViewDef> out = new ArrayList<>();
        for (ViewRow v : rows) {
            Map<String, String> columnComments = new HashMap<>();
            comments.getOrDefault(v.oid(), List.of()).forEach(c -> columnComments.put(c[0], c[1]));
            out.add(new ViewDef(v.oid(), v.name(), v.kind(), v.def(), v.reloptions(), v.populated(), v.owner(), v.acl(),
                    v.comment(), columnComments, indexes.getOrDefault(v.oid(), List.of()),
                    triggers.getOrDefault(v.oid(), List.of())));
        }
        return out;
    }

    /** Sequences of the schemas not owned by a column of {@code clonedTables}. */
    public List<SequenceDef> sequences(List<String> schemas, Collection<Long> clonedTables) throws SQLException {
        List<SequenceDef> rows = Rows.list(connection, SEQUENCES, rs -> new SequenceDef(rs.getLong("oid"),
                new QualifiedName(rs.getString("nspname"), rs.getString("relname")), rs.getString("type"),
                rs.getLong("seqstart"), rs.getLong("seqincrement"), rs.getLong("seqmin"), rs.getLong("seqmax"),
                rs.getLong("seqcache"), rs.getBoolean("seqcycle"), 0, false, rs.getString("owner"),
                Rows.strings(rs.getArray("acl")), rs.getString("comment")),
                schemas.toArray(String[]::new), clonedTables);
        List<SequenceDef> out = new ArrayList<>();
        for (SequenceDef s : rows) {
            TableCatalog.SequenceState state = tables.sequenceState(s.name());
            out.add(new SequenceDef(s.oid(), s.name(), s.dataType(), s.start(), s.increment(), s.min(), s.max(), s.cache(),
                    s.cycle(), state.lastValue(), state.isCalled(), s.owner(), s.acl(), s.comment()));
        }
        return out;
    }

    /** Objects of the schemas a clone does not reproduce, as {@code kind name} (e.g. {@code operator s.===}). */
    public List<String> unsupported(List<String> schemas) throws SQLException {
        return Rows.list(connection, UNSUPPORTED, rs -> rs.getString(1) + " " + rs.getString(2),
                (Object) schemas.toArray(String[]::new));
    }

    public List<PolicyDef> policies(Collection<Long> tableOids) throws SQLException {
        List<PolicyDef> out = new ArrayList<>();
        Rows.groupByRelid(connection, POLICIES, tableOids, rs -> {
            QualifiedName table = new QualifiedName(rs.getString("nspname"), rs.getString("relname"));
            StringBuilder sql = new StringBuilder("CREATE POLICY ").append(Quote.ident(rs.getString("polname")))
                    .append(" ON ").append(table.quoted());
            if (!rs.getBoolean("polpermissive")) {
                sql.append(" AS RESTRICTIVE");
            }
            sql.append(" FOR ").append(switch (rs.getString("polcmd")) {
                case "r" -> "SELECT";
                case "a" -> "INSERT";
                case "w" -> "UPDATE";
                case "d" -> "DELETE";
                default -> "ALL";
            });
            List<String> roles = Rows.strings(rs.getArray("roles"));
            sql.append(" TO ").append(roles.isEmpty() ? "PUBLIC" : String.join(", ", roles));
            if (rs.getString("qual") != null) {
                sql.append(" USING (").append(rs.getString("qual")).append(')');
            }
            if (rs.getString("withcheck") != null) {
                sql.append(" WITH CHECK (").append(rs.getString("withcheck")).append(')');
            }
            return new PolicyDef(table, rs.getString("polname"), sql.toString(), rs.getString("comment"));
        }).values().forEach(out::addAll);
        return out;
    }
}
