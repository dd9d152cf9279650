package dev.pgclone.contracts.filter;

import dev.pgclone.contracts.filter.RowFilter.Call;
import dev.pgclone.contracts.filter.RowFilter.Operator;
import dev.pgclone.contracts.filter.RowFilter.Relation;
import dev.pgclone.contracts.filter.RowFilter.Role;
import dev.pgclone.contracts.filter.RowFilterLexer.Kind;
import dev.pgclone.contracts.filter.RowFilterLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subqueries a subset filter needs: SELECT (DISTINCT [ON], targets, FROM, WHERE, GROUP BY, HAVING) and VALUES,
 * combined by UNION/INTERSECT/EXCEPT, then ORDER BY and LIMIT/OFFSET/FETCH; FROM items are relations ({@code ONLY},
 * aliases), joins, subqueries, set-returning functions ({@code ROWS FROM}, {@code WITH ORDINALITY}), {@code LATERAL}
 * and {@code TABLESAMPLE}. Refused: WITH, SELECT … INTO, locking clauses, WINDOW, grouping sets, {@code TABLE t}.
 * Every relation read and every function called in FROM is recorded.
 */
final class SubqueryParser extends FilterGrammar {

    SubqueryParser(State state) {
        super(state);
    }

    /** A query: SELECTs and VALUES combined by set operations, then ORDER BY and LIMIT/OFFSET/FETCH. */
    String query() {
        enter();
        String q = queryTail(setOperations(queryPrimary(), 0));
        leave();
        return q;
    }

    String setOperations(String left, int min) {
        while (true) {
            int level = atWord("union") || atWord("except") ? 1 : atWord("intersect") ? 2 : 0;
            if (level == 0 || level <= min) {
                return left;
            }
            String op = next().text().toUpperCase(Locale.ROOT);
            if (acceptWord("all")) {
                op += " ALL";
            } else {
                acceptWord("distinct");
                operators.add(Operator.infix("="));
                operators.add(Operator.infix("<"));
            }
            String right = setOperations(queryPrimary(), level);
            left = "(" + left + " " + op + " " + right + ")";
        }
    }

    String queryPrimary() {
        Token t = peek();
        if (t.word("select")) {
            return select();
        }
        if (t.word("values")) {
            next();
            List<String> rows = new ArrayList<>();
            do {
                expectPunct("(");
                rows.add("(" + String.join(", ", ex().exprList(")")) + ")");
                expectPunct(")");
            } while (acceptPunct(","));
            return "VALUES " + String.join(", ", rows);
        }
        if (t.word("with")) {
            throw withRefused(t);
        }
        if (t.word("table")) {
            throw unsupported(t, "TABLE name (write SELECT * FROM name)");
        }
        if (t.is(Kind.PUNCT, "(")) {
            enter();
            next();
            String q = query();
            expectPunct(")");
            leave();
            return "(" + q + ")";
        }
        throw unexpected("where SELECT or VALUES was expected");
    }

    String queryTail(String q) {
        StringBuilder b = new StringBuilder(q);
        if (acceptWord("order")) {
            expectWord("by");
            b.append(" ORDER BY ").append(ex().sortList());
        }
        boolean limit = false;
        boolean offset = false;
        while (true) {
            if (!limit && acceptWord("limit")) {
                limit = true;
                b.append(" LIMIT ").append(acceptWord("all") ? "ALL" : ex().expr(0, false));
            } else if (!offset && acceptWord("offset")) {
                offset = true;
                b.append(" OFFSET ").append(ex().expr(0, false));
                if (!acceptWord("rows")) {
                    acceptWord("row");
                }
            } else if (!limit && acceptWord("fetch")) {
                limit = true;
                if (!acceptWord("first") && !acceptWord("next")) {
                    throw unexpected("where FIRST or NEXT was expected after FETCH");
                }
                String count = atWord("row") || atWord("rows") ? "1" : ex().primary();
                if (!acceptWord("rows") && !acceptWord("row")) {
                    throw unexpected("where ROWS was expected");
                }
                if (acceptWord("with")) {
                    expectWord("ties");
                } else {
                    expectWord("only");
                }
                b.append(" FETCH FIRST ").append(count).append(" ROWS");
            } else {
                break;
            }
        }
        if (atWord("for")) {
            throw new RowFilterException("must not lock rows (FOR UPDATE/SHARE at position " + (peek().pos() + 1) + ")");
        }
        if (atWord("into")) {
            throw new RowFilterException("must not contain the keyword INTO (SELECT … INTO creates a table)");
        }
        return b.toString();
    }

    String select() {
        expectWord("select");
        StringBuilder b = new StringBuilder("SELECT");
        if (acceptWord("distinct")) {
            b.append(" DISTINCT");
            operators.add(Operator.infix("="));
            operators.add(Operator.infix("<"));
            if (acceptWord("on")) {
                expectPunct("(");
                b.append(" ON (").append(String.join(", ", ex().exprList(")"))).append(')');
                expectPunct(")");
            }
        } else {
            acceptWord("all");
        }
        String targets = targets();
        b.append(targets.isEmpty() ? "" : " " + targets);
        if (atWord("into")) {
            throw new RowFilterException("must not contain the keyword INTO (SELECT … INTO creates a table)");
        }
        if (acceptWord("from")) {
            List<String> items = new ArrayList<>();
            do {
                items.add(tableRef());
            } while (acceptPunct(","));
            b.append(" FROM ").append(String.join(", ", items));
        }
        if (acceptWord("where")) {
            b.append(" WHERE ").append(ex().expr(0, false));
        }
        if (atWord("group") && peek(1).word("by")) {
            next();
            next();
            if (!acceptWord("all")) {
                acceptWord("distinct");
            }
            List<String> items = new ArrayList<>();
            do {
                Token t = peek();
                if ((t.word("cube") || t.word("rollup")) && peek(1).is(Kind.PUNCT, "(")
                        || t.word("grouping") && peek(1).word("sets") || t.is(Kind.PUNCT, "(") && peek(1).is(Kind.PUNCT, ")")) {
                    throw unsupported(t, "grouping sets (CUBE, ROLLUP, GROUPING SETS, ())");
                }
                items.add(ex().expr(0, false));
            } while (acceptPunct(","));
            operators.add(Operator.infix("="));
            operators.add(Operator.infix("<"));
            b.append(" GROUP BY ").append(String.join(", ", items));
        }
        if (acceptWord("having")) {
            b.append(" HAVING ").append(ex().expr(0, false));
        }
        if (atWord("window")) {
            throw unsupported(peek(), "a WINDOW clause");
        }
        return b.toString();
    }

    String targets() {
        Token t = peek();
        if (t.kind() == Kind.EOF || t.is(Kind.PUNCT, ")") || t.word("from") || t.word("where") || t.word("group")
                || t.word("having") || t.word("union") || t.word("intersect") || t.word("except") || t.word("order")
                || t.word("limit") || t.word("offset")) {
            return "";
        }
        List<String> items = new ArrayList<>();
        do {
            if (atOp("*")) {
                next();
                items.add("*");
                continue;
            }
            String e = ex().expr(0, false);
            if (acceptWord("as")) {
                Token label = next();
                if (!isLabel(label)) {
                    back();
                    throw unexpected("where a column alias was expected after AS");
                }
                e += " AS " + show(label);
            } else if (peek().kind() == Kind.QUOTED_IDENT || peek().kind() == Kind.IDENT && peek().keyword() == 0) {
                e += " AS " + show(next());
            }
            items.add(e);
        } while (acceptPunct(","));
        return String.join(", ", items);
    }

    /** One FROM item with the joins that follow it. */
    String tableRef() {
        enter();
        String left = tablePrimary();
        while (true) {
            if (atWord("cross")) {
                next();
                expectWord("join");
                left = "(" + left + " CROSS JOIN " + tablePrimary() + ")";
                continue;
            }
            boolean natural = acceptWord("natural");
            String type = "";
            if (acceptWord("inner")) {
                type = "INNER ";
            } else if (atWord("left") || atWord("right") || atWord("full")) {
                type = next().text().toUpperCase(Locale.ROOT) + " ";
                acceptWord("outer");
            }
            if (!atWord("join")) {
                if (natural || !type.isEmpty()) {
                    throw unexpected("where JOIN was expected");
                }
                break;
            }
            next();
            String right = tablePrimary();
            String on;
            if (natural) {
                operators.add(Operator.infix("="));
                on = "";
            } else if (acceptWord("on")) {
                on = " ON " + ex().expr(0, false);
            } else if (acceptWord("using")) {
                expectPunct("(");
                on = " USING (" + String.join(", ", names()) + ")";
                expectPunct(")");
                operators.add(Operator.infix("="));
                if (acceptWord("as")) {
                    on += " AS " + alias(false);
                }
            } else {
                throw unexpected("where ON or USING was expected");
            }
            left = "(" + left + (natural ? " NATURAL " : " ") + type + "JOIN " + right + on + ")";
        }
        leave();
        return left;
    }

    String tablePrimary() {
        boolean lateral = acceptWord("lateral");
        String prefix = lateral ? "LATERAL " : "";
        if (atPunct("(")) {
            if (startsQuery(peek(1))) {
                next();
                String q = query();
                expectPunct(")");
                return prefix + "(" + q + ")" + optionalAlias(false);
            }
            if (lateral) {
                throw unexpected("where a subquery was expected after LATERAL");
            }
            next();
            String joined = tableRef();
            expectPunct(")");
            return "(" + joined + ")" + optionalAlias(false);
        }
        if (atWord("rows") && peek(1).word("from")) {
            next();
            next();
            expectPunct("(");
            List<String> items = new ArrayList<>();
            do {
                items.add(fromFunction());
                if (acceptWord("as")) {
                    expectPunct("(");
                    columnDefinitions();
                    expectPunct(")");
                }
            } while (acceptPunct(","));
            expectPunct(")");
            return prefix + "ROWS FROM (" + String.join(", ", items) + ")" + ordinality() + optionalAlias(true);
        }
        boolean only = acceptWord("only");
        boolean parenthesizedName = only && acceptPunct("(");
        Token first = peek();
        if (!isColId(first)) {
            throw unexpected("where a table, a function or a subquery was expected in FROM");
        }
        if (!only && first.kind() == Kind.IDENT && first.keyword() == Keywords.COL_NAME
                && peek(1).is(Kind.PUNCT, "(")) {
            throw unsupported(first, first.text().toUpperCase(Locale.ROOT) + "(…) in FROM");
        }
        int mark = mark();
        List<Token> names = qualifiedName();
        if (!only && atPunct("(")) {
            reset(mark);
            String f = fromFunction();
            return prefix + f + ordinality() + optionalAlias(true);
        }
        if (lateral) {
            throw unexpected("where a subquery or function was expected after LATERAL");
        }
        if (parenthesizedName) {
            expectPunct(")");
        }
        String schema = names.size() == 2 ? names.get(0).text() : null;
        Relation relation = new Relation(schema, names.get(names.size() - 1).text());
        relations.add(relation);
        if (!only && atOp("*")) {
            next();
        }
        String shown = (only ? "ONLY " : "") + relation.qualifiedName() + optionalAlias(false);
        if (acceptWord("tablesample")) {
            if (!isTypeFunctionName(peek())) {
                throw unexpected("where a sampling method was expected after TABLESAMPLE");
            }
            List<Token> handler = qualifiedName();
            expectPunct("(");
            List<String> args = ex().exprList(")");
            expectPunct(")");
            String handlerSchema = handler.size() == 2 ? handler.get(0).text() : null;
            calls.add(new Call(handlerSchema, handler.get(handler.size() - 1).text(), 1, Role.TABLESAMPLE));
            shown += " TABLESAMPLE " + handler.get(handler.size() - 1).text() + "(" + String.join(", ", args) + ")";
            if (acceptWord("repeatable")) {
                expectPunct("(");
                shown += " REPEATABLE (" + ex().expr(0, false) + ")";
                expectPunct(")");
            }
        }
        return shown;
    }

    /** A set-returning function in FROM ({@code generate_series(…)}, {@code unnest(…)}, {@code s.f(…)}). */
    String fromFunction() {
        Token first = peek();
        if (!isTypeFunctionName(first) && !(isColId(first) && peek(1).is(Kind.PUNCT, "."))) {
            throw unexpected("where a function was expected");
        }
        List<Token> names = qualifiedName();
        if (names.size() == 1 && !isTypeFunctionName(first)) {
            throw unexpected("(" + first.describe() + " cannot be a function name)");
        }
        String schema = names.size() == 2 ? names.get(0).text() : null;
        String call = ex().functionCall(schema, names.get(names.size() - 1).text(), Role.FROM);
        if (call.contains(" OVER ")) {
            throw new RowFilterException("has a window function in FROM");
        }
        return call;
    }

    String ordinality() {
        if (atWord("with") && peek(1).word("ordinality")) {
            next();
            next();
            return " WITH ORDINALITY";
        }
        return "";
    }

    /** {@code [AS] alias [(columns)]}; for functions also {@code AS (name type, …)} column definitions. */
    String optionalAlias(boolean function) {
        boolean as = acceptWord("as");
        if (function && as && atPunct("(")) {
            next();
            String defs = columnDefinitions();
            expectPunct(")");
            return " AS (" + defs + ")";
        }
        if (!isColId(peek())) {
            if (as) {
                throw unexpected("where an alias was expected after AS");
            }
            return "";
        }
        return " " + alias(function);
    }

    String alias(boolean function) {
        Token name = next();
        if (!isColId(name)) {
            back();
            throw unexpected("where an alias was expected");
        }
        String shown = show(name);
        if (atPunct("(")) {
            next();
            boolean definitions = function && isColId(peek()) && !peek(1).is(Kind.PUNCT, ",")
                    && !peek(1).is(Kind.PUNCT, ")");
            shown += "(" + (definitions ? columnDefinitions() : String.join(", ", names())) + ")";
            expectPunct(")");
        }
        return shown;
    }

    /** {@code name type [COLLATE c], …} of a record-returning function. */
    String columnDefinitions() {
        List<String> defs = new ArrayList<>();
        do {
            Token name = next();
            if (!isColId(name)) {
                back();
                throw unexpected("where a column name was expected");
            }
            String def = show(name) + " " + state.typeNames.typeName();
            if (acceptWord("collate")) {
                def += " COLLATE " + anyName();
            }
            defs.add(def);
        } while (acceptPunct(","));
        return String.join(", ", defs);
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        do {
            Token t = next();
            if (!isColId(t)) {
                back();
                throw unexpected("where a name was expected");
            }
            names.add(show(t));
        } while (acceptPunct(","));
        return names;
    }
}
