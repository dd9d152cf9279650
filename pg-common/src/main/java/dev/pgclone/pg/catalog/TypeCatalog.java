package dev.pgclone.pg.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.pg.Quote;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * User-defined types (enum, domain, composite, range) and collations of some schemas, with the statements that
 * create them. Catalog columns that differ between majors are read through {@code to_jsonb(row)}.
 */
public final class TypeCatalog {

    private static final String TYPES = """
            SELECT t.oid, n.nspname, t.typname, t.typtype, t.typrelid, pg_get_userbyid(t.typowner) AS owner,
                   coalesce(t.typacl::text[], '{}') AS acl, obj_description(t.oid, 'pg_type') AS comment,
                   CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS basetype,
                   t.typnotnull, t.typdefault,
                   CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation
              FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
              LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
              LEFT JOIN pg_collation co ON co.oid = t.typcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE n.nspname = ANY(?) AND t.typtype IN ('e', 'd', 'c', 'r')
               AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid
                                  AND e.deptype = 'e')
             ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C"
            """;

    private static final String ENUM_LABELS = """
            SELECT enumtypid AS relid, enumlabel FROM pg_enum WHERE enumtypid = ANY(?::bigint[]::oid[])
             ORDER BY enumtypid, enumsortorder
            """;

    private static final String DOMAIN_CONSTRAINTS = """
            SELECT contypid AS relid, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
             WHERE contypid = ANY(?::bigint[]::oid[]) AND contype = 'c' ORDER BY contypid, conname COLLATE "C"
            """;

    private static final String COMPOSITE_ATTRIBUTES = """
            SELECT t.oid AS relid, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation
              FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid
              JOIN pg_type at ON at.oid = a.atttypid
              LEFT JOIN pg_collation co ON co.oid = a.attcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE t.oid = ANY(?::bigint[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY t.oid, a.attnum
            """;

    private static final String RANGES = """
            SELECT r.rngtypid AS relid, format_type(r.rngsubtype, NULL) AS subtype,
                   CASE WHEN NOT opc.opcdefault THEN quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) END AS opclass,
                   CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
                   nullif(r.rngcanonical, 0)::regproc::text AS canonical, nullif(r.rngsubdiff, 0)::regproc::text AS subdiff,
                   CASE WHEN r.rngmultitypid <> 0 THEN r.rngmultitypid::regtype::text END AS multirange
              FROM pg_range r
              JOIN pg_type st ON st.oid = r.rngsubtype
              JOIN pg_opclass opc ON opc.oid = r.rngsubopc
              JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
              LEFT JOIN pg_collation co ON co.oid = r.rngcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE r.rngtypid = ANY(?::bigint[]::oid[])
            """;

    private static final String COLLATIONS = """
            SELECT c.oid, n.nspname, c.collname, to_jsonb(c) AS row, pg_get_userbyid(c.collowner) AS owner,
                   obj_description(c.oid, 'pg_collation') AS comment
              FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
             WHERE n.nspname = ANY(?)
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_collation'::regclass
                                  AND e.objid = c.oid AND e.deptype = 'e')
             ORDER BY n.nspname COLLATE "C", c.collname COLLATE "C"
            """;

    private final Connection connection;

    public TypeCatalog(Connection connection) {
        this.connection = connection;
    }

    private record TypeRow(long oid, QualifiedName name, char typtype, long relid, String owner, List<String> acl, String comment,
                           String basetype, boolean notNull, String defaultExpr, String collation) {
    }

    public List<TypeDef> types(List<String> schemas) throws SQLException {
        List<TypeRow> rows = Rows.list(connection, TYPES, rs -> new TypeRow(rs.getLong("oid"),
                new QualifiedName(rs.getString("nspname"), rs.getString("typname")), rs.getString("typtype").charAt(0),
                rs.getLong("typrelid"), rs.getString("owner"), Rows.strings(rs.getArray("acl")), rs.getString("comment"), rs.getString("basetype"),
                rs.getBoolean("typnotnull"), rs.getString("typdefault"), rs.getString("collation")),
                (Object) schemas.toArray(String[]::new));
        List<Long> oids = rows.stream().map(TypeRow::oid).toList();
        Map<Long, List<String>> labels = Rows.groupByRelid(connection, ENUM_LABELS, oids, rs -> rs.getString("enumlabel"));
        Map<Long, List<String>> checks = Rows.groupByRelid(connection, DOMAIN_CONSTRAINTS, oids,
                rs -> Quote.ident(rs.getString("conname")) + " " + rs.getString("def"));
        Map<Long, List<String>> attributes = Rows.groupByRelid(connection, COMPOSITE_ATTRIBUTES, oids,
                rs -> Quote.ident(rs.getString("attname")) + " " + rs.getString("type")
                        + (rs.getString("collation") == null ? "" : " COLLATE " + rs.getString("collation")));
        Map<Long, List<List<String>>> ranges = Rows.groupByRelid(connection, RANGES, oids, TypeCatalog::rangeOptions);
        List<TypeDef> out = new ArrayList<>();
        for (TypeRow t : rows) {
            String name = t.name().quoted();
            String create;
            List<String> constraints = new ArrayList<>();
            switch (t.typtype()) {
                case 'e' -> create = "CREATE TYPE " + name + " AS ENUM (" + labels.getOrDefault(t.oid(), List.of()).stream()
                        .map(Quote::literal).collect(Collectors.joining(", ")) + ")";
                case 'c' -> create = "CREATE TYPE " + name + " AS (" + String.join(", ", attributes.getOrDefault(t.oid(), List.of()))
                        + ")";
                case 'r' -> create = "CREATE TYPE " + name + " AS RANGE (" + String.join(", ", ranges.get(t.oid()).get(0)) + ")";
                default -> {
                    create = "CREATE DOMAIN " + name + " AS " + t.basetype()
                            + (t.collation() == null ? "" : " COLLATE " + t.collation())
                            + (t.defaultExpr() == null ? "" : " DEFAULT " + t.defaultExpr())
                            + (t.notNull() ? " NOT NULL" : "");
                    for (String check : checks.getOrDefault(t.oid(), List.of())) {
                        constraints.add("ALTER DOMAIN " + name + " ADD CONSTRAINT " + check);
                    }
                }
            }
            out.add(new TypeDef(t.oid(), t.name(), t.typtype(), t.relid(), create, constraints, t.owner(), t.acl(), t.comment()));
        }
        return out;
    }

    private static List<String> rangeOptions(java.sql.ResultSet rs) throws SQLException {
        List<String> o = new ArrayList<>();
        o.add("SUBTYPE = " + rs.getString("subtype"));
        if (rs.getString("opclass") != null) {
            o.add("SUBTYPE_OPCLASS = " + rs.getString("opclass"));
        }
        if (rs.getString("collation") != null) {
            o.add("COLLATION = " + rs.getString("collation"));
        }
        if (rs.getString("canonical") != null) {
            o.add("CANONICAL = " + rs.getString("canonical"));
        }
        if (rs.getString("subdiff") != null) {
            o.add("SUBTYPE_DIFF = " + rs.getString("subdiff"));
        }
        if (rs.getString("multirange") != null) {
            o.add("MULTIRANGE_TYPE_NAME = " + rs.getString("multirange"));
        }
        return o;
    }

    public List<CollationDef> collations(List<String> schemas) throws SQLException {
        return Rows.list(connection, COLLATIONS, rs -> {
            QualifiedName name = new QualifiedName(rs.getString("nspname"), rs.getString("collname"));
            return new CollationDef(rs.getLong("oid"), name, createCollation(name, Rows.json(rs.getString("row"))),
                    rs.getString("owner"), rs.getString("comment"));
        }, (Object) schemas.toArray(String[]::new));
    }

    /** PostgreSQL 15–16 call the ICU locale {@code colliculocale}, 17+ {@code colllocale}; 17 adds the builtin provider. */
    static String createCollation(QualifiedName name, JsonNode row) {
        String provider = row.path("collprovider").asText("c");
        List<String> options = new ArrayList<>();
        String locale = text(row, "colllocale", text(row, "colliculocale", null));
        switch (provider) {
            case "i" -> {
                options.add("provider = icu");
                options.add("locale = " + Quote.literal(locale == null ? text(row, "collcollate", "") : locale));
                String rules = text(row, "collicurules", null);
                if (rules != null) {
                    options.add("rules = " + Quote.literal(rules));
                }
            }
            case "b" -> {
                options.add("provider = builtin");
                options.add("locale = " + Quote.literal(locale));
            }
            default -> {
                options.add("provider = libc");
                options.add("lc_collate = " + Quote.literal(text(row, "collcollate", "")));
                options.add("lc_ctype = " + Quote.literal(text(row, "collctype", "")));
            }
        }
        if (!row.path("collisdeterministic").asBoolean(true)) {
            options.add("deterministic = false");
        }
        return "CREATE COLLATION " + name.quoted() + " (" + String.join(", ", options) + ")";
    }

    private static String text(JsonNode row, String field, String fallback) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
