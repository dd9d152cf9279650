package dev.pgclone.contracts.filter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A parsed row filter: what it asks the source server to do, as names still to be resolved there (pg-common's
 * {@code RowFilterCheck} resolves them with the path the worker uses: {@code pg_catalog}, then the table's schema).
 * Names are as PostgreSQL will look them up: unquoted ones lower-cased, quoted ones as written; a null schema means
 * unqualified.
 *
 * @param text the filter as given
 * @param tree the expression fully parenthesized, one reading of the grammar (for tests and logs)
 * @param calls every function call site, including the SQL keyword functions that PostgreSQL turns into
 *              {@code pg_catalog} calls ({@code SUBSTRING(x FROM 2)}, {@code x AT TIME ZONE z}, …)
 * @param operators every operator, written or implied ({@code IN} uses {@code =}, {@code LIKE} uses {@code ~~}, …)
 * @param types every type named in a cast, typed literal or column definition list
 * @param relations every relation a subquery reads
 * @param attributes every {@code .name} after an expression, which PostgreSQL may run as {@code name(expression)}
 */
public record RowFilter(String text, String tree, Set<Call> calls, Set<Operator> operators, Set<TypeRef> types,
                        Set<Relation> relations, Set<String> attributes) {

    public RowFilter {
        calls = ordered(calls);
        operators = ordered(operators);
        types = ordered(types);
        relations = ordered(relations);
        attributes = ordered(attributes);
    }

    /** Unmodifiable, in the order the filter names them (so messages name the first offender). */
    private static <T> Set<T> ordered(Set<T> items) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }

    /** Where a function is called. */
    public enum Role {
        /** In an expression. */
        EXPRESSION,
        /** As a table in FROM (a set-returning function). */
        FROM,
        /** The sampling method after TABLESAMPLE (a handler taking {@code internal}). */
        TABLESAMPLE
    }

    /**
     * One function call site.
     *
     * @param args the number of arguments, or {@link #ANY_ARGS} when it cannot be told from the call
     *             ({@code VARIADIC}, {@code WITHIN GROUP}, {@code TRIM}'s forms)
     */
    public record Call(String schema, String name, int args, Role role) {

        public static final int ANY_ARGS = -1;

        public static Call of(String name, int args) {
            return new Call(null, name, args, Role.EXPRESSION);
        }

        /** {@code name} or {@code schema.name}, for messages. */
        public String qualifiedName() {
            return schema == null ? name : schema + "." + name;
        }
    }

    public enum Fixity { PREFIX, INFIX }

    /** An operator; {@code schema} only when written as {@code OPERATOR(schema.op)}. */
    public record Operator(String schema, String name, Fixity fixity) {

        public static Operator infix(String name) {
            return new Operator(null, name, Fixity.INFIX);
        }
    }

    /** A type, by its catalog name: SQL spellings are mapped ({@code double precision} is {@code pg_catalog.float8}). */
    public record TypeRef(String schema, String name) {
    }

    /** A relation read in FROM. */
    public record Relation(String schema, String name) {

        public String qualifiedName() {
            return schema == null ? name : schema + "." + name;
        }
    }
}
