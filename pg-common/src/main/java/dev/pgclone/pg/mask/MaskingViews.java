package dev.pgclone.pg.mask;

import dev.pgclone.pg.mask.NodeTree.Node;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pgclone's masking views on a database: for each table of a schema, the view {@code <table>_masked} beside it
 * (what {@code create_masking_policy} makes), when that view reads the table. Column-accurate: a view column that
 * passes the table's value through is told apart from one that masks it, from the view's stored query tree
 * ({@code pg_rewrite.ev_action}, read with {@link NodeTree}), not from its deparsed text:
 * <ul>
 *   <li>a column the server itself marks as a plain column reference ({@code resorigtbl}, set for a column that is a
 *       table's column, directly or through subqueries) passes it through;</li>
 *   <li>so does a column whose expression, once casts are taken off ({@code RelabelType}, {@code CoerceViaIO}, array
 *       and domain coercions, {@code COLLATE}, cast functions — {@code FuncExpr} written as a cast), is a column
 *       reference: of a table, of a subquery whose column passes through, of a join, or of anything else the reader
 *       cannot follow (a reference is never a mask);</li>
 *   <li>any other expression ({@code CASE … 'XXXX'}, {@code md5(…)}, {@code NULL}, a constant) masks it;</li>
 *   <li>a column the view leaves out is hidden by it.</li>
 * </ul>
 * An expression that still shows the value in another form ({@code lower(email)}) is counted as a mask: only
 * references are recognised as pass-through. Catalog rows only; nothing of the table or the view is read.
 */
public final class MaskingViews {

    /** A masking view's name: the table's with this suffix, as pgclone names it. */
    public static final String SUFFIX = "_masked";

    /** What a masking view does with one column of its table. */
    public enum ColumnState {
        /** the view's column of that name is an expression other than a reference to a column: masked */
        MASKED,
        /** the view's column of that name is a column reference, possibly cast or renamed: not masked */
        PASSED_THROUGH,
        /** the view has no column of that name: hidden */
        LEFT_OUT,
        /** the view's stored query could not be read (a format this reader does not know): not counted as masking */
        UNREADABLE
    }

    /** One table's masking view; {@code query} null when its stored query could not be read. */
    public record View(String table, String view, Node query) {

        /** What the view does with the table's column {@code column}. */
        public ColumnState column(String column) {
            if (query == null) {
                return ColumnState.UNREADABLE;
            }
            for (Object item : query.list("targetList")) {
                if (item instanceof Node tle && tle.is("TARGETENTRY") && column.equals(tle.text("resname"))
                        && !"true".equals(tle.text("resjunk"))) {
                    return passesThrough(tle, query, 0) ? ColumnState.PASSED_THROUGH : ColumnState.MASKED;
                }
            }
            return ColumnState.LEFT_OUT;
        }
    }

    private static final String VIEWS = """
            SELECT b.relname, v.relname, r.ev_action::text
              FROM pg_class b JOIN pg_namespace n ON n.oid = b.relnamespace
              JOIN pg_class v ON v.relnamespace = b.relnamespace AND v.relkind = 'v'
                             AND v.relname::text = b.relname::text || ?
              JOIN pg_rewrite r ON r.ev_class = v.oid AND r.rulename = '_RETURN'
             WHERE n.nspname = ? AND b.relkind IN ('r', 'p')
               AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                              AND d.refclassid = 'pg_class'::regclass AND d.refobjid = b.oid)
             ORDER BY b.relname COLLATE "C"
            """;

    /** Node types that change a value's type, not the value. */
    private static final List<String> COERCIONS = List.of("RELABELTYPE", "COERCEVIAIO", "ARRAYCOERCEEXPR",
            "COERCETODOMAIN", "COLLATEEXPR", "CONVERTROWTYPEEXPR");
    /** {@code CoercionForm}: a function written as a cast, explicit or implicit. */
    private static final long COERCE_EXPLICIT_CAST = 1;
    private static final long COERCE_IMPLICIT_CAST = 2;
    private static final int MAX_DEPTH = 32;

    private final Connection connection;

    public MaskingViews(Connection connection) {
        this.connection = connection;
    }

    /** The masking views of a schema's tables, by table name. */
    public Map<String, View> of(String schema) throws SQLException {
        Map<String, View> views = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(VIEWS)) {
            ps.setString(1, SUFFIX);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String view = rs.getString(2);
                    Node query;
                    try {
                        query = query(rs.getString(3)).orElse(null);
                    } catch (IllegalArgumentException e) {
                        query = null; // never guess: a view that cannot be read masks nothing here
                    }
                    views.put(table, new View(table, view, query));
                }
            }
        }
        return views;
    }

    /** The SELECT of a view's {@code _RETURN} rule: a list of one {@code QUERY}. */
    static Optional<Node> query(String evAction) {
        if (evAction == null) {
            return Optional.empty();
        }
        Object tree = NodeTree.parse(evAction);
        if (tree instanceof List<?> list && list.size() == 1 && list.get(0) instanceof Node q && q.is("QUERY")) {
            return Optional.of(q);
        }
        return Optional.empty();
    }

    /** Whether a target entry is a column reference, casts aside, followed through subqueries and joins. */
    private static boolean passesThrough(Node tle, Node query, int depth) {
        if (tle.number("resorigtbl", 0) != 0) {
            return true; // the parser marked it a plain reference to a table column
        }
        return isReference(stripCasts(tle.node("expr")), query, depth);
    }

    private static Node stripCasts(Node expr) {
        Node e = expr;
        for (int i = 0; e != null && i < MAX_DEPTH; i++) {
            if (COERCIONS.contains(e.type())) {
                e = e.node("arg");
            } else if (e.is("FUNCEXPR") && isCast(e.number("funcformat", -1)) && !e.list("args").isEmpty()
                    && e.list("args").get(0) instanceof Node first) {
                e = first;
            } else {
                return e;
            }
        }
        return e;
    }

    private static boolean isCast(long funcformat) {
        return funcformat == COERCE_EXPLICIT_CAST || funcformat == COERCE_IMPLICIT_CAST;
    }

    private static boolean isReference(Node expr, Node query, int depth) {
        if (expr == null || !expr.is("VAR")) {
            return false;
        }
        if (depth >= MAX_DEPTH || expr.number("varlevelsup", 0) != 0) {
            return true; // a reference the reader does not follow is still not a mask
        }
        List<?> rtable = query.list("rtable");
        int varno = (int) expr.number("varno", 0);
        long varattno = expr.number("varattno", 0);
        if (varno < 1 || varno > rtable.size() || !(rtable.get(varno - 1) instanceof Node rte) || varattno <= 0) {
            return true; // a whole-row reference shows every column
        }
        long rtekind = rte.number("rtekind", -1);
        if (rtekind == 1 && rte.node("subquery") != null) { // RTE_SUBQUERY: what that query's column is
            Node sub = rte.node("subquery");
            for (Object item : sub.list("targetList")) {
                if (item instanceof Node tle && tle.is("TARGETENTRY") && tle.number("resno", -1) == varattno) {
                    return passesThrough(tle, sub, depth + 1);
                }
            }
            return true;
        }
        if (rtekind == 2) { // RTE_JOIN: the joined column it stands for
            List<?> aliases = rte.list("joinaliasvars");
            if (varattno <= aliases.size() && aliases.get((int) varattno - 1) instanceof Node alias) {
                // a FULL JOIN … USING column is COALESCE(left, right): both sides' values as they are
                return alias.is("COALESCEEXPR") || isReference(stripCasts(alias), query, depth + 1);
            }
            return true;
        }
        return true; // a table, a function, VALUES, a CTE: a reference
    }
}
