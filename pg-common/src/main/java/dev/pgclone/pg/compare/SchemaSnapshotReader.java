package dev.pgclone.pg.compare;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link SchemaSnapshot}: one bulk query per kind of object whatever the size of the schema, rows ordered with
 * {@code COLLATE "C"}. Meant for a session with {@code search_path = pg_catalog} (as {@code PgConnector} opens them),
 * inside a {@code REPEATABLE READ READ ONLY} transaction, so every {@code pg_get_*def()}, {@code format_type()} and
 * {@code regclass} text is schema-qualified the same way on both servers. Works on PostgreSQL 14–18. Objects that
 * belong to an extension are left out (the extension owns them), as are those PostgreSQL makes for another object
 * (a range type's constructors, an identity's sequence options, which are part of the column), and NOT NULL
 * constraints, which PostgreSQL 17 and 18 list in {@code pg_constraint} and earlier majors do not (columns carry
 * {@code not_null}).
 */
public final class SchemaSnapshotReader {

    private static final String SCHEMA = """
            SELECT pg_get_userbyid(n.nspowner) AS owner, obj_description(n.oid, 'pg_namespace') AS comment
              FROM pg_namespace n WHERE n.nspname = ?
            """;

    private static final String RELATIONS = """
            SELECT c.relname, c.relkind, c.relpersistence = 'u' AS unlogged, coalesce(c.reloptions, '{}') AS reloptions,
                   c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
                   (SELECT ri.relname FROM pg_index i JOIN pg_class ri ON ri.oid = i.indexrelid
                     WHERE i.indrelid = c.oid AND i.indisreplident) AS replica_index,
                   pt.partstrat, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
                   CASE WHEN c.relispartition
                        THEN (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid) END AS partition_of,
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
                   CASE WHEN NOT c.relispartition
                        THEN ARRAY(SELECT i.inhparent::regclass::text FROM pg_inherits i
                                    WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) END AS parents,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS viewdef,
                   pg_get_userbyid(c.relowner) AS owner, obj_description(c.oid, 'pg_class') AS comment
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
             WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY c.relname COLLATE "C"
            """;

    /** Columns of tables, views and composite types; an identity column's sequence options with it. */
    private static final String COLUMNS = """
            SELECT c.relname, c.relkind, a.attname, quote_ident(a.attname) AS quoted_name,
                   format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid) AS expr, a.attidentity, a.attgenerated, a.attislocal,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                        THEN a.attcollation::regcollation::text END AS collation,
                   col_description(c.oid, a.attnum) AS comment,
                   format_type(q.seqtypid, NULL) AS seqtype, q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache,
                   q.seqcycle
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN LATERAL (SELECT s.* FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid
                                  WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
                                    AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
                                  LIMIT 1) q ON a.attidentity <> ''
             WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY c.relname COLLATE "C", a.attnum
            """;

    /** Sequences with their options; an identity's sequence is marked (its options belong to the column). */
    private static final String SEQUENCES = """
            SELECT c.relname, format_type(q.seqtypid, NULL) AS type, q.seqstart, q.seqincrement, q.seqmin, q.seqmax,
                   q.seqcache, q.seqcycle,
                   EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i') AS identity,
                   (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname)
                      FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                       AND d.deptype = 'a' LIMIT 1) AS owned_by
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_sequence q ON q.seqrelid = c.oid
             WHERE n.nspname = ? AND c.relkind = 'S'
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY c.relname COLLATE "C"
            """;

    /** Indexes, except those behind a primary key, unique or exclusion constraint (reported as the constraint). */
    private static final String INDEXES = """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid) AS def, obj_description(i.indexrelid, 'pg_class') AS comment
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = ic.relnamespace
             WHERE n.nspname = ?
               AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
                                  AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                                  AND e.objid = i.indrelid AND e.deptype = 'e')
             ORDER BY ic.relname COLLATE "C"
            """;

    private static final String CONSTRAINTS = """
            SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) AS def, con.conislocal,
                   obj_description(con.oid, 'pg_constraint') AS comment
              FROM pg_constraint con
              JOIN pg_class c ON c.oid = con.conrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND con.contype IN ('p', 'u', 'x', 'c', 'f')
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY c.relname COLLATE "C", con.conname COLLATE "C"
            """;

    /** User triggers; a partition's clone of its parent's trigger is reported through the parent's. */
    private static final String TRIGGERS = """
            SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) AS def, t.tgenabled,
                   obj_description(t.oid, 'pg_trigger') AS comment
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND NOT t.tgisinternal AND t.tgparentid = 0
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY c.relname COLLATE "C", t.tgname COLLATE "C"
            """;

    private static final String POLICIES = """
            SELECT c.relname, p.polname, p.polcmd, p.polpermissive,
                   ARRAY(SELECT r.name FROM (SELECT CASE WHEN o = 0 THEN 'public' ELSE pg_get_userbyid(o) END AS name
                                               FROM unnest(p.polroles) o) r
                          ORDER BY r.name COLLATE "C") AS roles,
                   pg_get_expr(p.polqual, p.polrelid) AS using_expr, pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
                   obj_description(p.oid, 'pg_policy') AS comment
              FROM pg_policy p
              JOIN pg_class c ON c.oid = p.polrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ?
             ORDER BY c.relname COLLATE "C", p.polname COLLATE "C"
            """;

    /** Enums, domains, composite types (their attributes come with {@link #COLUMNS}) and ranges. */
    private static final String TYPES = """
            SELECT t.typname, t.typtype,
                   CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS basetype,
                   t.typnotnull, t.typdefault,
                   CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                        THEN t.typcollation::regcollation::text END AS collation,
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
                   ARRAY(SELECT con.conname || ': ' || pg_get_constraintdef(con.oid) FROM pg_constraint con
                          WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname COLLATE "C") AS checks,
                   format_type(r.rngsubtype, NULL) AS subtype,
                   CASE WHEN r.rngcollation <> 0 THEN r.rngcollation::regcollation::text END AS range_collation,
                   (SELECT quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) FROM pg_opclass opc
                      JOIN pg_namespace opn ON opn.oid = opc.opcnamespace WHERE opc.oid = r.rngsubopc) AS opclass,
                   nullif(r.rngcanonical, 0)::regproc::text AS canonical, nullif(r.rngsubdiff, 0)::regproc::text AS subdiff,
                   nullif(r.rngmultitypid, 0)::regtype::text AS multirange,
                   pg_get_userbyid(t.typowner) AS owner, obj_description(t.oid, 'pg_type') AS comment
              FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
              LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
              LEFT JOIN pg_range r ON r.rngtypid = t.oid
             WHERE n.nspname = ? AND t.typtype IN ('e', 'd', 'c', 'r')
               AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid
                                  AND e.deptype = 'e')
             ORDER BY t.typname COLLATE "C"
            """;

    /**
     * Functions, procedures and aggregates, named by their argument types as PostgreSQL identifies them (parameter
     * names are part of the definition): {@code pg_get_functiondef()} (header and body), or for an aggregate, which
     * it refuses, its {@code CREATE AGGREGATE} options from {@code pg_aggregate} (the same columns on 14–18).
     */
    private static final String ROUTINES = """
            SELECT p.proname, oidvectortypes(p.proargtypes) AS args, p.prokind,
                   p.prosqlbody IS NOT NULL AS sql_body,
                   CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS def,
                   CASE WHEN p.prokind = 'a' THEN 'AGGREGATE ' || p.oid::regprocedure::text
                        || ' RETURNS ' || pg_get_function_result(p.oid) || ' (' || concat_ws(', ',
                           'SFUNC = ' || a.aggtransfn::text, 'STYPE = ' || format_type(a.aggtranstype, NULL),
                           CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
                           CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::text END,
                           CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
                           'FINALFUNC_MODIFY = ' || a.aggfinalmodify::text,
                           CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::text END,
                           CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::text END,
                           CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::text END,
                           CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
                           CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::text END,
                           CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::text END,
                           CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
                           CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
                           CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::text END,
                           CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
                           CASE WHEN a.aggmtransfn <> 0 THEN 'MFINALFUNC_MODIFY = ' || a.aggmfinalmodify::text END,
                           CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
                           CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || a.aggsortop::regoperator::text END,
                           CASE WHEN a.aggkind <> 'n' THEN 'KIND = ' || a.aggkind::text || '/' || a.aggnumdirectargs END,
                           'PARALLEL = ' || p.proparallel::text, CASE WHEN p.proisstrict THEN 'STRICT' END) || ')'
                   END AS aggdef,
                   pg_get_userbyid(p.proowner) AS owner, obj_description(p.oid, 'pg_proc') AS comment
              FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace
              LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
             WHERE n.nspname = ?
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid
                                  AND e.deptype IN ('e', 'i'))
             ORDER BY p.proname COLLATE "C", oidvectortypes(p.proargtypes) COLLATE "C"
            """;

    /** Collations; the locale columns differ between majors, so the row is read as JSON. */
    private static final String COLLATIONS = """
            SELECT c.collname, to_jsonb(c) ->> 'collprovider' AS provider, to_jsonb(c) ->> 'collcollate' AS lc_collate,
                   to_jsonb(c) ->> 'collctype' AS lc_ctype,
                   coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale') AS locale,
                   to_jsonb(c) ->> 'collicurules' AS rules, c.collisdeterministic,
                   pg_get_userbyid(c.collowner) AS owner, obj_description(c.oid, 'pg_collation') AS comment
              FROM pg_collation c
              JOIN pg_namespace n ON n.oid = c.collnamespace
             WHERE n.nspname = ?
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_collation'::regclass AND e.objid = c.oid
                                  AND e.deptype = 'e')
             ORDER BY c.collname COLLATE "C"
            """;

    private final Connection connection;

    public SchemaSnapshotReader(Connection connection) {
        this.connection = connection;
    }

    /** The facts of {@code schema}; {@link SchemaSnapshot#exists()} is false when there is no such schema. */
    public SchemaSnapshot read(String schema) throws SQLException {
        int version;
        try (PreparedStatement ps = connection.prepareStatement("SELECT current_setting('server_version_num')::int");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            version = rs.getInt(1);
        }
        Collector out = new Collector(schema);
        boolean exists = query(SCHEMA, schema, rs -> out.schema(rs.getString("owner"), rs.getString("comment")));
        if (!exists) {
            return SchemaSnapshot.missing(schema, version);
        }
        List<RelationRow> relations = new ArrayList<>();
        query(RELATIONS, schema, rs -> relations.add(RelationRow.of(rs)));
        query(COLUMNS, schema, out::column);
        for (RelationRow relation : relations) {
            out.relation(relation);
        }
        query(SEQUENCES, schema, out::sequence);
        query(INDEXES, schema, out::index);
        query(CONSTRAINTS, schema, out::constraint);
        query(TRIGGERS, schema, out::trigger);
        query(POLICIES, schema, out::policy);
        query(TYPES, schema, out::type);
        query(ROUTINES, schema, out::routine);
        query(COLLATIONS, schema, out::collation);
        return new SchemaSnapshot(schema, true, version, out.objects, out.tables, out.columns, out.facts);
    }

    @FunctionalInterface
    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs a query taking the schema name; true when it returned rows. */
    private boolean query(String sql, String schema, RowHandler handler) throws SQLException {
        boolean any = false;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    any = true;
                    handler.accept(rs);
                }
            }
        }
        return any;
    }

    private record RelationRow(String name, char kind, boolean unlogged, List<String> options, boolean rowSecurity,
                               boolean forceRowSecurity, char replicaIdentity, String replicaIndex, String strategy,
                               String partitionKey, String partitionOf, String bound, List<String> parents,
                               String viewDefinition, String owner, String comment) {

        static RelationRow of(ResultSet rs) throws SQLException {
            return new RelationRow(rs.getString("relname"), rs.getString("relkind").charAt(0), rs.getBoolean("unlogged"),
                    strings(rs.getArray("reloptions")), rs.getBoolean("relrowsecurity"),
                    rs.getBoolean("relforcerowsecurity"), rs.getString("relreplident").charAt(0),
                    rs.getString("replica_index"), rs.getString("partstrat"), rs.getString("partkey"),
                    rs.getString("partition_of"), rs.getString("bound"), strings(rs.getArray("parents")),
                    rs.getString("viewdef"), rs.getString("owner"), rs.getString("comment"));
        }
    }

    /** Builds the snapshot's facts as the rows arrive. */
    private static final class Collector {

        private final String schema;
        private final Set<ObjectKey> objects = new HashSet<>();
        private final List<Fact> tables = new ArrayList<>();
        private final List<Fact> columns = new ArrayList<>();
        private final Map<DiffCategory, List<Fact>> facts = new EnumMap<>(DiffCategory.class);
        /** View columns ("name type") and composite type attributes, by relation name. */
        private final Map<String, List<String>> relationColumns = new HashMap<>();

        Collector(String schema) {
            this.schema = schema;
        }

        void schema(String owner, String comment) {
            ObjectKey key = ObjectKey.of("schema", schema);
            objects.add(key);
            ownerAndComment(key, "schema " + schema, owner, comment);
        }

        void column(ResultSet rs) throws SQLException {
            String relation = rs.getString("relname");
            char relkind = rs.getString("relkind").charAt(0);
            String name = rs.getString("attname");
            String type = rs.getString("type");
            String collation = rs.getString("collation");
            if (relkind == 'v' || relkind == 'm' || relkind == 'c') {
                ObjectKey key = ObjectKey.of(relkind == 'c' ? "attribute" : "column", relation, name);
                objects.add(key);
                relationColumns.computeIfAbsent(relation, k -> new ArrayList<>())
                        .add(rs.getString("quoted_name") + " " + type + (collation == null ? "" : " COLLATE " + collation));
                comment(key, (relkind == 'c' ? "attribute " : "column ") + relation + "." + name, rs.getString("comment"));
                return;
            }
            ObjectKey key = ObjectKey.of("column", relation, name);
            objects.add(key);
            char generated = charOf(rs.getString("attgenerated"));
            char identity = charOf(rs.getString("attidentity"));
            String expression = rs.getString("expr");
            columns.add(Fact.object(relation, name, attributes("type", type, "not_null", rs.getBoolean("attnotnull"),
                    "default", generated == 0 ? expression : null)));
            if (identity != 0) {
                add(DiffCategory.IDENTITY, Fact.property(relation, name, key, attributes(
                        "generation", identity == 'a' ? "always" : "by default", "sequence_type", rs.getString("seqtype"),
                        "start", longOrNull(rs, "seqstart"), "increment", longOrNull(rs, "seqincrement"),
                        "min", longOrNull(rs, "seqmin"), "max", longOrNull(rs, "seqmax"),
                        "cache", longOrNull(rs, "seqcache"), "cycle", rs.getObject("seqcycle"))));
            }
            if (generated != 0) {
                add(DiffCategory.GENERATED, Fact.property(relation, name, key, attributes(
                        "kind", generated == 'v' ? "virtual" : "stored", "expression", expression)));
            }
            add(DiffCategory.COLUMN_OPTIONS, Fact.property(relation, name, key, attributes(
                    "collation", collation, "inherited", !rs.getBoolean("attislocal"))));
            comment(key, "column " + relation + "." + name, rs.getString("comment"));
        }

        void relation(RelationRow r) {
            switch (r.kind()) {
                case 'r', 'p' -> table(r);
                case 'v', 'm' -> {
                    ObjectKey key = ObjectKey.of("view", r.name());
                    objects.add(key);
                    String kind = r.kind() == 'm' ? "materialized view" : "view";
                    List<String> viewColumns = relationColumns.getOrDefault(r.name(), List.of());
                    add(DiffCategory.VIEWS, new Fact(null, r.name(), null,
                            attributes("kind", kind, "definition", r.viewDefinition(), "options", r.options()),
                            attributes("kind", kind, "columns", viewColumns, "options", r.options())));
                    ownerAndComment(key, kind + " " + r.name(), r.owner(), r.comment());
                }
                default -> {
                    ObjectKey key = ObjectKey.of("sequence", r.name());
                    objects.add(key);
                    add(DiffCategory.SEQUENCES, Fact.object(null, r.name(), Map.of()));
                    ownerAndComment(key, "sequence " + r.name(), r.owner(), r.comment());
                }
            }
        }

        private void table(RelationRow r) {
            ObjectKey key = ObjectKey.of("table", r.name());
            objects.add(key);
            tables.add(Fact.object(null, r.name(), Map.of()));
            String replicaIdentity = switch (r.replicaIdentity()) {
                case 'n' -> "nothing";
                case 'f' -> "full";
                case 'i' -> "index " + r.replicaIndex();
                default -> "default";
            };
            add(DiffCategory.TABLE_OPTIONS, Fact.property(null, r.name(), key, attributes(
                    "unlogged", r.unlogged(), "options", r.options(), "replica_identity", replicaIdentity)));
            if (r.kind() == 'p' || r.partitionOf() != null) {
                String strategy = r.strategy() == null ? null : switch (r.strategy()) {
                    case "l" -> "list";
                    case "r" -> "range";
                    case "h" -> "hash";
                    default -> r.strategy();
                };
                add(DiffCategory.PARTITIONING, Fact.property(null, r.name(), key, attributes(
                        "strategy", strategy, "key", r.partitionKey(), "partition_of", r.partitionOf(), "bound", r.bound())));
            }
            if (!r.parents().isEmpty()) {
                add(DiffCategory.INHERITANCE, Fact.property(null, r.name(), key, attributes("parents", r.parents())));
            }
            if (r.rowSecurity() || r.forceRowSecurity()) {
                add(DiffCategory.ROW_SECURITY, Fact.property(null, r.name(), key, attributes(
                        "enabled", r.rowSecurity(), "forced", r.forceRowSecurity())));
            }
            ownerAndComment(key, "table " + r.name(), r.owner(), r.comment());
        }

        void sequence(ResultSet rs) throws SQLException {
            if (rs.getBoolean("identity")) {
                return; // its options are the identity column's
            }
            String name = rs.getString("relname");
            add(DiffCategory.SEQUENCE_OPTIONS, Fact.property(null, name, ObjectKey.of("sequence", name), attributes(
                    "type", rs.getString("type"), "start", rs.getLong("seqstart"), "increment", rs.getLong("seqincrement"),
                    "min", rs.getLong("seqmin"), "max", rs.getLong("seqmax"), "cache", rs.getLong("seqcache"),
                    "cycle", rs.getBoolean("seqcycle"), "owned_by", rs.getString("owned_by"))));
        }

        void index(ResultSet rs) throws SQLException {
            String name = rs.getString("relname");
            ObjectKey key = ObjectKey.of("index", name);
            objects.add(key);
            add(DiffCategory.INDEXES, Fact.object(null, name, attributes("definition", rs.getString("def"))));
            comment(key, "index " + name, rs.getString("comment"));
        }

        void constraint(ResultSet rs) throws SQLException {
            String table = rs.getString("relname");
            String name = rs.getString("conname");
            ObjectKey key = ObjectKey.of("constraint", table, name);
            objects.add(key);
            add(DiffCategory.CONSTRAINTS, Fact.object(table, name, attributes(
                    "definition", rs.getString("def"), "inherited", !rs.getBoolean("conislocal"))));
            comment(key, "constraint " + table + "." + name, rs.getString("comment"));
        }

        void trigger(ResultSet rs) throws SQLException {
            String table = rs.getString("relname");
            String name = rs.getString("tgname");
            ObjectKey key = ObjectKey.of("trigger", table, name);
            objects.add(key);
            String enabled = switch (rs.getString("tgenabled")) {
                case "D" -> "disabled";
                case "R" -> "replica";
                case "A" -> "always";
                default -> "origin";
            };
            add(DiffCategory.TRIGGERS, Fact.object(table, name, attributes("definition", rs.getString("def"),
                    "enabled", enabled)));
            comment(key, "trigger " + table + "." + name, rs.getString("comment"));
        }

        void policy(ResultSet rs) throws SQLException {
            String table = rs.getString("relname");
            String name = rs.getString("polname");
            ObjectKey key = ObjectKey.of("policy", table, name);
            objects.add(key);
            String command = switch (rs.getString("polcmd")) {
                case "r" -> "SELECT";
                case "a" -> "INSERT";
                case "w" -> "UPDATE";
                case "d" -> "DELETE";
                default -> "ALL";
            };
            add(DiffCategory.POLICIES, Fact.object(table, name, attributes(
                    "command", command, "permissive", rs.getBoolean("polpermissive"),
                    "roles", strings(rs.getArray("roles")), "using", rs.getString("using_expr"),
                    "with_check", rs.getString("check_expr"))));
            comment(key, "policy " + table + "." + name, rs.getString("comment"));
        }

        void type(ResultSet rs) throws SQLException {
            String name = rs.getString("typname");
            ObjectKey key = ObjectKey.of("type", name);
            objects.add(key);
            Map<String, Object> a = switch (rs.getString("typtype")) {
                case "e" -> attributes("kind", "enum", "labels", strings(rs.getArray("labels")));
                case "d" -> attributes("kind", "domain", "base_type", rs.getString("basetype"),
                        "collation", rs.getString("collation"), "not_null", rs.getBoolean("typnotnull"),
                        "default", rs.getString("typdefault"), "constraints", strings(rs.getArray("checks")));
                case "c" -> attributes("kind", "composite", "attributes", relationColumns.getOrDefault(name, List.of()));
                default -> attributes("kind", "range", "subtype", rs.getString("subtype"),
                        "collation", rs.getString("range_collation"), "opclass", rs.getString("opclass"),
                        "canonical", rs.getString("canonical"), "subtype_diff", rs.getString("subdiff"),
                        "multirange", rs.getString("multirange"));
            };
            add(DiffCategory.TYPES, Fact.object(null, name, a));
            String word = "d".equals(rs.getString("typtype")) ? "domain " : "type ";
            ownerAndComment(key, word + name, rs.getString("owner"), rs.getString("comment"));
        }

        void routine(ResultSet rs) throws SQLException {
            String name = rs.getString("proname") + "(" + rs.getString("args") + ")";
            ObjectKey key = ObjectKey.of("function", name);
            objects.add(key);
            String kind = switch (rs.getString("prokind")) {
                case "p" -> "procedure";
                case "a" -> "aggregate";
                case "w" -> "window";
                default -> "function";
            };
            String definition = "aggregate".equals(kind) ? rs.getString("aggdef") : rs.getString("def");
            Map<String, Object> crossFamily = rs.getBoolean("sql_body")
                    ? attributes("kind", kind, "header", sqlBodyHeader(definition)) : null;
            add(DiffCategory.FUNCTIONS, new Fact(null, name, null, attributes("kind", kind, "definition", definition),
                    crossFamily));
            ownerAndComment(key, ("window".equals(kind) ? "function" : kind) + " " + name, rs.getString("owner"),
                    rs.getString("comment"));
        }

        void collation(ResultSet rs) throws SQLException {
            String name = rs.getString("collname");
            ObjectKey key = ObjectKey.of("collation", name);
            objects.add(key);
            String provider = switch (rs.getString("provider")) {
                case "i" -> "icu";
                case "b" -> "builtin";
                case "c" -> "libc";
                default -> "default";
            };
            // PostgreSQL 14 keeps an ICU locale in collcollate; 15-16 in colliculocale, 17+ in colllocale.
            boolean libc = "libc".equals(provider);
            String locale = libc ? null : rs.getString("locale") != null ? rs.getString("locale") : rs.getString("lc_collate");
            add(DiffCategory.COLLATIONS, Fact.object(null, name, attributes("provider", provider,
                    "lc_collate", libc ? rs.getString("lc_collate") : null, "lc_ctype", libc ? rs.getString("lc_ctype") : null,
                    "locale", locale, "rules", rs.getString("rules"), "deterministic", rs.getBoolean("collisdeterministic"))));
            ownerAndComment(key, "collation " + name, rs.getString("owner"), rs.getString("comment"));
        }

        private void ownerAndComment(ObjectKey key, String description, String owner, String comment) {
            add(DiffCategory.OWNERS, Fact.property(null, description, key, attributes("owner", owner)));
            comment(key, description, comment);
        }

        private void comment(ObjectKey key, String description, String comment) {
            if (comment != null) {
                add(DiffCategory.COMMENTS, Fact.property(null, description, key, attributes("comment", comment)));
            }
        }

        private void add(DiffCategory category, Fact fact) {
            facts.computeIfAbsent(category, k -> new ArrayList<>()).add(fact);
        }
    }

    /**
     * A SQL-standard body ({@code BEGIN ATOMIC … END}, {@code RETURN …}) is deparsed, and PostgreSQL 16 deparses it
     * differently from 14 and 15; what precedes it (name, arguments, result, language, attributes) is not.
     */
    static String sqlBodyHeader(String definition) {
        StringBuilder header = new StringBuilder();
        for (String line : definition.split("\n", -1)) {
            if (line.startsWith("BEGIN ATOMIC") || line.startsWith("RETURN ") || line.startsWith(" RETURN ")) {
                break;
            }
            header.append(line).append('\n');
        }
        return header.toString();
    }

    /** An ordered attribute map from key, value pairs (values may be null). */
    static Map<String, Object> attributes(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            out.put((String) keysAndValues[i], value instanceof Integer n ? Long.valueOf(n) : value);
        }
        return out;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static char charOf(String s) {
        return s == null || s.isEmpty() ? 0 : s.charAt(0);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
