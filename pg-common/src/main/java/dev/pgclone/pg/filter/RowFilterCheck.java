package dev.pgclone.pg.filter;

import dev.pgclone.contracts.filter.RowFilter;
import dev.pgclone.contracts.filter.RowFilter.Call;
import dev.pgclone.contracts.filter.RowFilter.Operator;
import dev.pgclone.contracts.filter.RowFilter.Relation;
import dev.pgclone.contracts.filter.RowFilter.Role;
import dev.pgclone.contracts.filter.RowFilter.TypeRef;
import dev.pgclone.contracts.filter.RowFilterDenyList;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a parsed row filter's names on the source, with the path the worker's COPY uses ({@code pg_catalog} first,
 * then the table's schema; a qualified name only in its schema), and refuses the filter unless every function it can
 * reach is IMMUTABLE or STABLE (three harmless built-ins excepted, {@code random()} for sampling), none is SECURITY
 * DEFINER outside {@code pg_catalog}, none takes a {@code regclass}, {@code refcursor} or {@code internal} argument
 * (sampling handlers after TABLESAMPLE excepted), none is on {@link RowFilterDenyList}; and unless every relation it
 * reads is a table or materialized view outside PostgreSQL's own schemas.
 *
 * <p>What "can reach" means, conservatively: for a call, every overload of that name in the searched schemas whose
 * argument count fits (all of them when the count cannot be told); for an operator, the function behind every operator
 * of that name there (written ones, and those that IN, BETWEEN, LIKE, DISTINCT, ORDER BY… imply); for an
 * aggregate, its support functions too; for {@code x.name}, every one-argument function {@code name} (PostgreSQL's
 * attribute notation); for a cast or typed literal, the type's input function, every cast function into it and, for
 * a domain, the functions its constraints call. Two catalog queries, whatever the filter's size.
 *
 * <p>Runs on a source session with {@code search_path = pg_catalog} (pgclone's), inside the job's snapshot.
 */
public final class RowFilterCheck {

    /**
     * Volatile in {@code pg_catalog} yet touching nothing outside the query: {@code random()} and
     * {@code random_normal()} are what sampling filters are made of; {@code timezone(text, timetz)}, one overload behind
     * {@code AT TIME ZONE}, is VOLATILE before PostgreSQL 16 only because it reads the current date.
     */
    private static final Set<String> VOLATILE_ALLOWED = Set.of("random", "random_normal", "timezone");

    private static final String ROUTINES = """
            WITH wanted AS (
                SELECT * FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[]),
                                         pg_catalog.unnest(?::pg_catalog.text[])) WITH ORDINALITY AS w(kind, nsp, name, idx)
            ), candidates AS (
                SELECT w.idx, p.oid AS fn, NULL::pg_catalog.text AS opr
                  FROM wanted w
                  JOIN pg_catalog.pg_proc p ON p.proname = w.name
                  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                 WHERE w.kind <> 'operator'
                   AND CASE WHEN w.nsp IS NULL THEN n.nspname IN ('pg_catalog', ?) ELSE n.nspname = w.nsp END
                UNION ALL
                SELECT w.idx, o.oprcode::pg_catalog.oid, n.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) o.oprname
                  FROM wanted w
                  JOIN pg_catalog.pg_operator o ON o.oprname = w.name
                  JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
                 WHERE w.kind = 'operator' AND o.oprcode::pg_catalog.oid <> 0
                   AND CASE WHEN w.nsp IS NULL THEN n.nspname IN ('pg_catalog', ?) ELSE n.nspname = w.nsp END
            )
            SELECT c.idx, c.opr, n.nspname, p.proname, p.provolatile, p.prosecdef, p.pronargs, p.pronargdefaults,
                   p.provariadic::pg_catalog.oid <> 0 AS variadic,
                   p.prorettype = 'pg_catalog.tsm_handler'::pg_catalog.regtype AS sampler,
                   (SELECT pg_catalog.string_agg(pg_catalog.format_type(t, NULL), ', ')
                      FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) AS t
                     WHERE t IN ('pg_catalog.regclass'::pg_catalog.regtype, 'pg_catalog.refcursor'::pg_catalog.regtype,
                                 'pg_catalog.internal'::pg_catalog.regtype)) AS bad_args,
                   (SELECT pg_catalog.string_agg(sn.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) s.proname, ', ')
                      FROM pg_catalog.pg_aggregate a
                      JOIN pg_catalog.pg_proc s ON s.oid IN (a.aggtransfn::pg_catalog.oid, a.aggfinalfn::pg_catalog.oid,
                               a.aggcombinefn::pg_catalog.oid, a.aggserialfn::pg_catalog.oid,
                               a.aggdeserialfn::pg_catalog.oid, a.aggmtransfn::pg_catalog.oid,
                               a.aggminvtransfn::pg_catalog.oid, a.aggmfinalfn::pg_catalog.oid)
                      JOIN pg_catalog.pg_namespace sn ON sn.oid = s.pronamespace
                     WHERE a.aggfnoid::pg_catalog.oid = p.oid
                       AND (s.provolatile = 'v' OR s.prosecdef AND sn.nspname <> 'pg_catalog')) AS bad_support
              FROM candidates c
              JOIN pg_catalog.pg_proc p ON p.oid = c.fn
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            """;

    /**
     * Types: the first match on the path (as PostgreSQL resolves them), with the functions a cast into them may run.
     * Relations: every match on the path with its kind (the first one wins in PostgreSQL; pg_catalog is first).
     */
    private static final String TYPES_AND_RELATIONS = """
            WITH wanted AS (
                SELECT * FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[]),
                                         pg_catalog.unnest(?::pg_catalog.text[])) WITH ORDINALITY AS w(kind, nsp, name, idx)
            ), risky AS (
                SELECT f.oid, fn.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) f.proname AS name
                  FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
                 WHERE f.provolatile = 'v' OR f.prosecdef AND fn.nspname <> 'pg_catalog'
            )
            SELECT w.idx, n.nspname, t.typname AS name, NULL::pg_catalog.text AS relkind,
                   (SELECT pg_catalog.string_agg(DISTINCT r.name, ', ')
                      FROM risky r
                     WHERE r.oid = t.typinput::pg_catalog.oid
                        OR r.oid IN (SELECT b.typinput::pg_catalog.oid FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype)
                        OR r.oid IN (SELECT c.castfunc FROM pg_catalog.pg_cast c WHERE c.casttarget = t.oid)
                        OR r.oid IN (SELECT d.refobjid FROM pg_catalog.pg_depend d
                                       JOIN pg_catalog.pg_constraint k ON k.oid = d.objid
                                      WHERE d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                                        AND d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                        AND k.contypid = t.oid)) AS risky
              FROM wanted w
              JOIN pg_catalog.pg_type t ON t.typname = w.name
              JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
             WHERE w.kind = 'type'
               AND CASE WHEN w.nsp IS NULL THEN n.nspname IN ('pg_catalog', ?) ELSE n.nspname = w.nsp END
            UNION ALL
            SELECT w.idx, n.nspname, c.relname, c.relkind::pg_catalog.text, NULL
              FROM wanted w
              JOIN pg_catalog.pg_class c ON c.relname = w.name
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE w.kind = 'relation'
               AND CASE WHEN w.nsp IS NULL THEN n.nspname IN ('pg_catalog', ?) ELSE n.nspname = w.nsp END
            """;

    private RowFilterCheck() {
    }

    /**
     * Throws {@link RowFilterRefusedException} naming the first offender; returns when the filter may run on tables
     * of {@code schema}.
     */
    public static void check(Connection source, RowFilter filter, String schema) throws SQLException {
        checkRoutines(source, filter, schema);
        checkTypesAndRelations(source, filter, schema);
    }

    // ---- functions, operators, attribute notation --------------------------------------------------------------

    /** One name to resolve: a call, an {@code x.name} attribute or an operator. */
    private record Wanted(String kind, String schema, String name, Call call, Operator operator) {
    }

    private record Candidate(String operator, String schema, String name, char volatility, boolean securityDefiner,
                             int args, int defaults, boolean variadic, boolean sampler, String badArgs,
                             String badSupport) {

        String qualified() {
            return schema + "." + name;
        }

        boolean accepts(int given) {
            return given == Call.ANY_ARGS || given == args || variadic && given >= args - 1
                    || given >= args - defaults && given <= args;
        }
    }

    private static void checkRoutines(Connection source, RowFilter filter, String schema) throws SQLException {
        List<Wanted> wanted = new ArrayList<>();
        filter.calls().forEach(c -> wanted.add(new Wanted("call", c.schema(), c.name(), c, null)));
        filter.attributes().forEach(a -> wanted.add(new Wanted("attribute", null, a, null, null)));
        filter.operators().forEach(o -> wanted.add(new Wanted("operator", o.schema(), o.name(), null, o)));
        if (wanted.isEmpty()) {
            return;
        }
        String[] kinds = wanted.stream().map(Wanted::kind).toArray(String[]::new);
        String[] schemas = wanted.stream().map(Wanted::schema).toArray(String[]::new);
        String[] names = wanted.stream().map(Wanted::name).toArray(String[]::new);
        Map<Integer, List<Candidate>> found = new HashMap<>();
        try (PreparedStatement st = source.prepareStatement(ROUTINES)) {
            st.setArray(1, source.createArrayOf("text", kinds));
            st.setArray(2, source.createArrayOf("text", schemas));
            st.setArray(3, source.createArrayOf("text", names));
            st.setString(4, schema);
            st.setString(5, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getInt("idx") - 1, k -> new ArrayList<>()).add(new Candidate(
                            rs.getString("opr"), rs.getString("nspname"), rs.getString("proname"),
                            rs.getString("provolatile").charAt(0), rs.getBoolean("prosecdef"), rs.getInt("pronargs"),
                            rs.getInt("pronargdefaults"), rs.getBoolean("variadic"), rs.getBoolean("sampler"),
                            rs.getString("bad_args"), rs.getString("bad_support")));
                }
            }
        }
        for (int i = 0; i < wanted.size(); i++) {
            List<Candidate> candidates = found.getOrDefault(i, List.of());
            Wanted w = wanted.get(i);
            if (w.call() != null) {
                checkCall(w.call(), candidates);
            } else if (w.operator() != null) {
                checkOperator(w.operator(), candidates);
            } else {
                checkAttribute(w.name(), candidates);
            }
        }
    }

    private static void checkCall(Call call, List<Candidate> candidates) {
        String shown = call.qualifiedName() + "()";
        if (call.role() == Role.TABLESAMPLE) {
            if (candidates.stream().noneMatch(c -> c.sampler() && c.args() == 1)) {
                throw new RowFilterRefusedException("TABLESAMPLE " + call.qualifiedName(),
                        "no such sampling method exists on the source");
            }
            for (Candidate c : candidates) {
                if (!c.sampler()) {
                    violation(c, true).ifPresent(reason -> {
                        throw new RowFilterRefusedException(c.qualified() + "()", reason);
                    });
                }
            }
            return;
        }
        List<Candidate> fitting = candidates.stream().filter(c -> c.accepts(call.args())).toList();
        if (fitting.isEmpty()) {
            throw new RowFilterRefusedException(shown, candidates.isEmpty()
                    ? "no function of that name exists on the source in pg_catalog or the table's schema"
                    : "no function of that name takes " + call.args() + " arguments on the source");
        }
        for (Candidate c : fitting) {
            violation(c, false).ifPresent(reason -> {
                throw new RowFilterRefusedException(c.qualified() + "()", reason);
            });
        }
    }

    /** {@code x.name}: a column, unless a one-argument function {@code name} exists, which PostgreSQL may call. */
    private static void checkAttribute(String name, List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c.accepts(1)) {
                violation(c, false).ifPresent(reason -> {
                    throw new RowFilterRefusedException(c.qualified() + "()", "written as ." + name + ", which PostgreSQL "
                            + "runs as " + name + "(…) when no column has that name; " + reason);
                });
            }
        }
    }

    private static void checkOperator(Operator operator, List<Candidate> candidates) {
        String shown = "the operator " + (operator.schema() == null ? "" : operator.schema() + ".") + operator.name();
        if (candidates.isEmpty()) {
            throw new RowFilterRefusedException(shown, "no operator of that name exists on the source in pg_catalog or "
                    + "the table's schema");
        }
        for (Candidate c : candidates) {
            violation(c, false).ifPresent(reason -> {
                throw new RowFilterRefusedException("the operator " + c.operator(), "its function " + c.qualified()
                        + "() is refused: " + reason);
            });
        }
    }

    /** Why a function must not run inside a filter, if it must not. */
    private static Optional<String> violation(Candidate c, boolean sampling) {
        Optional<RowFilterDenyList.Reason> denied = RowFilterDenyList.function(c.name());
        if (denied.isPresent()) {
            return Optional.of(denied.get().text());
        }
        if (c.badArgs() != null && !sampling) {
            return Optional.of("it takes a " + c.badArgs() + " argument, which names a relation or cursor to read or is "
                    + "not meant for SQL");
        }
        boolean systemRandom = c.schema().equals("pg_catalog") && VOLATILE_ALLOWED.contains(c.name());
        if (c.volatility() == 'v' && !systemRandom) {
            return Optional.of("it is VOLATILE: it may change data or have other side effects; only IMMUTABLE and "
                    + "STABLE functions may run in a filter");
        }
        if (c.securityDefiner() && !c.schema().equals("pg_catalog")) {
            return Optional.of("it is SECURITY DEFINER: it runs with its owner's privileges");
        }
        if (c.badSupport() != null) {
            return Optional.of("it is an aggregate whose support function " + c.badSupport()
                    + " is VOLATILE or SECURITY DEFINER");
        }
        return Optional.empty();
    }

    // ---- types and relations ----------------------------------------------------------------------------------

    private static void checkTypesAndRelations(Connection source, RowFilter filter, String schema) throws SQLException {
        List<TypeRef> types = new ArrayList<>(filter.types());
        List<Relation> relations = new ArrayList<>(filter.relations());
        int n = types.size() + relations.size();
        if (n == 0) {
            return;
        }
        String[] kinds = new String[n];
        String[] schemas = new String[n];
        String[] names = new String[n];
        for (int i = 0; i < types.size(); i++) {
            kinds[i] = "type";
            schemas[i] = types.get(i).schema();
            names[i] = types.get(i).name();
        }
        for (int i = 0; i < relations.size(); i++) {
            kinds[types.size() + i] = "relation";
            schemas[types.size() + i] = relations.get(i).schema();
            names[types.size() + i] = relations.get(i).name();
        }
        record Match(String schema, String name, String relkind, String risky) {
        }
        Map<Integer, List<Match>> found = new HashMap<>();
        try (PreparedStatement st = source.prepareStatement(TYPES_AND_RELATIONS)) {
            st.setArray(1, source.createArrayOf("text", kinds));
            st.setArray(2, source.createArrayOf("text", schemas));
            st.setArray(3, source.createArrayOf("text", names));
            st.setString(4, schema);
            st.setString(5, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getInt("idx") - 1, k -> new ArrayList<>()).add(new Match(
                            rs.getString("nspname"), rs.getString("name"), rs.getString("relkind"), rs.getString("risky")));
                }
            }
        }
        for (int i = 0; i < types.size(); i++) {
            TypeRef type = types.get(i);
            String shown = "the type " + (type.schema() == null ? "" : type.schema() + ".") + type.name();
            List<Match> matches = found.getOrDefault(i, List.of());
            if (matches.isEmpty()) {
                throw new RowFilterRefusedException(shown, "no type of that name exists on the source in pg_catalog or "
                        + "the table's schema");
            }
            // PostgreSQL takes the first schema on the path that has the type: pg_catalog, then the table's.
            Match used = matches.stream().filter(m -> m.schema().equals("pg_catalog")).findFirst().orElse(matches.get(0));
            Optional<String> denied = RowFilterDenyList.type(used.name());
            if (denied.isPresent()) {
                throw new RowFilterRefusedException(shown, denied.get());
            }
            if (used.risky() != null) {
                throw new RowFilterRefusedException(shown, "converting a value to it may run " + used.risky()
                        + ", which is VOLATILE or SECURITY DEFINER");
            }
        }
        for (int i = 0; i < relations.size(); i++) {
            Relation relation = relations.get(i);
            List<Match> matches = found.getOrDefault(types.size() + i, List.of());
            String shown = relation.qualifiedName();
            if (matches.isEmpty()) {
                throw new RowFilterRefusedException(shown, "no relation of that name exists on the source in the table's "
                        + "schema");
            }
            Match used = matches.stream().filter(m -> m.schema().equals("pg_catalog")).findFirst().orElse(matches.get(0));
            if (RowFilterDenyList.systemSchema(used.schema())) {
                throw new RowFilterRefusedException(shown, "it resolves to " + used.schema() + "." + used.name()
                        + ", and PostgreSQL's own schemas hold secrets such as password hashes and settings");
            }
            switch (used.relkind()) {
                case "r", "p", "m" -> {
                }
                case "v" -> throw new RowFilterRefusedException(shown, "it is a view, whose query may call functions "
                        + "this check cannot see; read its tables instead");
                case "f" -> throw new RowFilterRefusedException(shown, "it is a foreign table, which reads another "
                        + "server or files");
                case "S" -> throw new RowFilterRefusedException(shown, "it is a sequence");
                default -> throw new RowFilterRefusedException(shown, "it is not a table");
            }
        }
    }
}
