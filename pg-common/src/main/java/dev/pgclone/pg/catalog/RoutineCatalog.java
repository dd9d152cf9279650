package dev.pgclone.pg.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.pg.Quote;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Functions, procedures, window functions and aggregates of some schemas, with their
 * CREATE statements: {@code pg_get_functiondef()} for functions and procedures, rebuilt from {@code pg_aggregate}
 * for aggregates (PostgreSQL has no deparser for them). Extension members and routines PostgreSQL makes itself
 * (a range type's constructors: internally dependent) are not listed; they come with their owner.
 */
public final class RoutineCatalog {

    private static final String ROUTINES = """
            SELECT p.oid, n.nspname, p.proname, p.prokind, pg_get_function_identity_arguments(p.oid) AS signature,
                   CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS def,
                   pg_get_userbyid(p.proowner) AS owner, coalesce(p.proacl::text[], '{}') AS acl,
                   obj_description(p.oid, 'pg_proc') AS comment
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = ANY(?)
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid
                                  AND e.deptype IN ('e', 'i'))
             ORDER BY n.nspname COLLATE "C", p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C"
            """;

    /** Everything CREATE AGGREGATE needs; pg_aggregate read as JSON so majors with other columns read the same. */
    private static final String AGGREGATES = """
            SELECT a.aggfnoid::oid AS relid, pg_get_function_arguments(a.aggfnoid) AS args, to_jsonb(a) AS row,
                   format_type(a.aggtranstype, NULL) AS stype,
                   CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END AS mstype,
                   nullif(a.aggtransfn, 0)::regproc::text AS sfunc, nullif(a.aggfinalfn, 0)::regproc::text AS finalfunc,
                   nullif(a.aggcombinefn, 0)::regproc::text AS combinefunc,
                   nullif(a.aggserialfn, 0)::regproc::text AS serialfunc,
                   nullif(a.aggdeserialfn, 0)::regproc::text AS deserialfunc,
                   nullif(a.aggmtransfn, 0)::regproc::text AS msfunc, nullif(a.aggminvtransfn, 0)::regproc::text AS minvfunc,
                   nullif(a.aggmfinalfn, 0)::regproc::text AS mfinalfunc,
                   CASE WHEN a.aggsortop <> 0 THEN 'OPERATOR(' || quote_ident(opn.nspname) || '.' || op.oprname || ')' END AS sortop,
                   p.proparallel
              FROM pg_aggregate a
              JOIN pg_proc p ON p.oid = a.aggfnoid
              LEFT JOIN pg_operator op ON op.oid = a.aggsortop
              LEFT JOIN pg_namespace opn ON opn.oid = op.oprnamespace
             WHERE a.aggfnoid = ANY(?::bigint[]::oid[])
            """;

    private final Connection connection;

    public RoutineCatalog(Connection connection) {
        this.connection = connection;
    }

    private record RoutineRow(long oid, QualifiedName name, char kind, String signature, String def, String owner,
                              List<String> acl, String comment) {
    }

    public List<RoutineDef> routines(List<String> schemas) throws SQLException {
        List<RoutineRow> rows = Rows.list(connection, ROUTINES, rs -> new RoutineRow(rs.getLong("oid"),
                new QualifiedName(rs.getString("nspname"), rs.getString("proname")), rs.getString("prokind").charAt(0),
                rs.getString("signature"), rs.getString("def"), rs.getString("owner"), Rows.strings(rs.getArray("acl")),
                rs.getString("comment")), (Object) schemas.toArray(String[]::new));
        List<Long> aggregateOids = rows.stream().filter(r -> r.kind() == 'a').map(RoutineRow::oid).toList();
        var aggregates = Rows.groupByRelid(connection, AGGREGATES, aggregateOids, rs -> List.of(rs.getString("args"),
                createAggregateBody(rs)));
        List<RoutineDef> out = new ArrayList<>();
        for (RoutineRow r : rows) {
            String def = r.def();
            if (r.kind() == 'a') {
                List<String> a = aggregates.get(r.oid()).get(0);
                def = "CREATE AGGREGATE " + r.name().quoted() + "(" + a.get(0) + ") (" + a.get(1) + ")";
            }
            out.add(new RoutineDef(r.oid(), r.name(), r.kind(), r.signature(), def, r.owner(), r.acl(), r.comment()));
        }
        return out;
    }

    private static String createAggregateBody(java.sql.ResultSet rs) throws SQLException {
        JsonNode row = Rows.json(rs.getString("row"));
        List<String> o = new ArrayList<>();
        o.add("SFUNC = " + rs.getString("sfunc"));
        o.add("STYPE = " + rs.getString("stype"));
        int space = row.path("aggtransspace").asInt(0);
        if (space != 0) {
            o.add("SSPACE = " + space);
        }
        optional(o, "FINALFUNC", rs.getString("finalfunc"));
        if (rs.getString("finalfunc") != null) {
            if (row.path("aggfinalextra").asBoolean(false)) {
                o.add("FINALFUNC_EXTRA");
            }
            o.add("FINALFUNC_MODIFY = " + modify(row.path("aggfinalmodify").asText("r")));
        }
        optional(o, "COMBINEFUNC", rs.getString("combinefunc"));
        optional(o, "SERIALFUNC", rs.getString("serialfunc"));
        optional(o, "DESERIALFUNC", rs.getString("deserialfunc"));
        if (!row.path("agginitval").isNull() && row.has("agginitval")) {
            o.add("INITCOND = " + Quote.literal(row.get("agginitval").asText()));
        }
        if (rs.getString("msfunc") != null) {
            o.add("MSFUNC = " + rs.getString("msfunc"));
            o.add("MINVFUNC = " + rs.getString("minvfunc"));
            o.add("MSTYPE = " + rs.getString("mstype"));
            int mspace = row.path("aggmtransspace").asInt(0);
            if (mspace != 0) {
                o.add("MSSPACE = " + mspace);
            }
            optional(o, "MFINALFUNC", rs.getString("mfinalfunc"));
            if (rs.getString("mfinalfunc") != null) {
                if (row.path("aggmfinalextra").asBoolean(false)) {
                    o.add("MFINALFUNC_EXTRA");
                }
                o.add("MFINALFUNC_MODIFY = " + modify(row.path("aggmfinalmodify").asText("r")));
            }
            if (!row.path("aggminitval").isNull() && row.has("aggminitval")) {
                o.add("MINITCOND = " + Quote.literal(row.get("aggminitval").asText()));
            }
        }
        optional(o, "SORTOP", rs.getString("sortop"));
        switch (rs.getString("proparallel")) {
            case "s" -> o.add("PARALLEL = SAFE");
            case "r" -> o.add("PARALLEL = RESTRICTED");
            default -> { }
        }
        if ("h".equals(row.path("aggkind").asText())) {
            o.add("HYPOTHETICAL");
        }
        return String.join(", ", o);
    }

    private static void optional(List<String> options, String key, String value) {
        if (value != null) {
            options.add(key + " = " + value);
        }
    }

    private static String modify(String code) {
        return switch (code) {
            case "s" -> "SHAREABLE";
            case "w" -> "READ_WRITE";
            default -> "READ_ONLY";
        };
    }
}
