package dev.pgclone.contracts.filter;

import dev.pgclone.contracts.filter.RowFilter.Call;
import dev.pgclone.contracts.filter.RowFilter.Operator;
import dev.pgclone.contracts.filter.RowFilter.Role;
import dev.pgclone.contracts.filter.RowFilter.TypeRef;
import dev.pgclone.contracts.filter.RowFilterLexer.Kind;
import dev.pgclone.contracts.filter.RowFilterLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The expressions PostgreSQL spells with keywords: constants and SQL value functions, CASE, CAST, ARRAY, the
 * column-name keywords with a syntax of their own ({@code COALESCE}, {@code EXISTS}, {@code EXTRACT(f FROM x)},
 * {@code POSITION(a IN b)}, {@code SUBSTRING}, {@code OVERLAY}, {@code TRIM}, {@code ROW}, …) and typed literals of
 * SQL types ({@code timestamp with time zone '…'}, {@code interval '1' day}). Those PostgreSQL turns into
 * {@code pg_catalog} calls are recorded as such.
 */
final class KeywordExpressionParser extends FilterGrammar {

    private static final Set<String> SQL_VALUE_FUNCTIONS = Set.of("current_date", "current_time", "current_timestamp",
            "localtime", "localtimestamp", "current_role", "current_user", "session_user", "system_user", "user",
            "current_catalog");

    KeywordExpressionParser(State state) {
        super(state);
    }

    String reservedWord(Token t) {
        String w = t.text();
        switch (w) {
            case "true", "false", "null" -> {
                next();
                return w.toUpperCase(Locale.ROOT);
            }
            case "case" -> {
                return caseExpression();
            }
            case "cast" -> {
                next();
                expectPunct("(");
                String value = ex().expr(0, false);
                expectWord("as");
                String type = state.typeNames.typeName();
                expectPunct(")");
                return "(" + value + "::" + type + ")";
            }
            case "array" -> {
                next();
                if (atPunct("(")) {
                    RowFilterParser.Parenthesized q = ex().parenthesized();
                    if (q.kind() != RowFilterParser.Parenthesized.Shape.SELECT) {
                        throw new RowFilterException("has ARRAY(…) without a subquery");
                    }
                    return "ARRAY" + q.text();
                }
                if (!atPunct("[")) {
                    throw unexpected("where \"[\" or \"(\" was expected after ARRAY");
                }
                return "ARRAY" + arrayElements();
            }
            case "current_time", "current_timestamp", "localtime", "localtimestamp" -> {
                next();
                if (atPunct("(")) {
                    next();
                    Token precision = next();
                    if (precision.kind() != Kind.NUMBER) {
                        back();
                        throw unexpected("where a precision was expected");
                    }
                    expectPunct(")");
                    return w.toUpperCase(Locale.ROOT) + "(" + precision.text() + ")";
                }
                return w.toUpperCase(Locale.ROOT);
            }
            default -> {
                if (SQL_VALUE_FUNCTIONS.contains(w)) {
                    next();
                    return w.toUpperCase(Locale.ROOT);
                }
                if (w.equals("select") || w.equals("values")) {
                    throw unexpected("(a subquery needs parentheses)");
                }
                if (w.equals("with")) {
                    throw withRefused(t);
                }
                if (w.equals("default")) {
                    throw unsupported(t, "DEFAULT");
                }
                throw unexpected("where an operand was expected");
            }
        }
    }

    /** Column-name keywords with a syntax of their own; null when the word is just a column here. */
    String colNameKeyword(Token t, boolean call) {
        String w = t.text();
        switch (w) {
            case "coalesce", "greatest", "least", "nullif" -> {
                if (!call) {
                    return null;
                }
                next();
                next();
                List<String> args = ex().exprList(")");
                expectPunct(")");
                if (w.equals("nullif")) {
                    if (args.size() != 2) {
                        throw new RowFilterException("has NULLIF with " + args.size() + " arguments (it takes 2)");
                    }
                    operators.add(Operator.infix("="));
                } else if (!w.equals("coalesce")) {
                    operators.add(Operator.infix("<"));
                    operators.add(Operator.infix(">"));
                }
                return w.toUpperCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
            }
            case "exists" -> {
                if (!call) {
                    return null;
                }
                next();
                RowFilterParser.Parenthesized q = ex().parenthesized();
                if (q.kind() != RowFilterParser.Parenthesized.Shape.SELECT) {
                    throw new RowFilterException("has EXISTS without a subquery");
                }
                return "EXISTS" + q.text();
            }
            case "extract" -> {
                if (!call) {
                    return null;
                }
                next();
                next();
                Token field = next();
                boolean ok = field.kind() == Kind.QUOTED_IDENT || isPlainString(field)
                        || field.kind() == Kind.IDENT && (field.keyword() == 0 || INTERVAL_FIELDS.contains(field.text()));
                if (!ok) {
                    back();
                    throw unexpected("where an EXTRACT field was expected");
                }
                expectWord("from");
                String from = ex().expr(0, false);
                expectPunct(")");
                calls.add(new Call(PG_CATALOG, "extract", 2, Role.EXPRESSION));
                return "EXTRACT(" + field.text() + " FROM " + from + ")";
            }
            case "position" -> {
                if (!call) {
                    return null;
                }
                next();
                next();
                String needle = ex().expr(0, true);
                expectWord("in");
                String haystack = ex().expr(0, true);
                expectPunct(")");
                calls.add(new Call(PG_CATALOG, "position", 2, Role.EXPRESSION));
                return "POSITION(" + needle + " IN " + haystack + ")";
            }
            case "substring" -> {
                return call ? substring() : null;
            }
            case "overlay" -> {
                return call ? overlay() : null;
            }
            case "trim" -> {
                return call ? trim() : null;
            }
            case "row" -> {
                if (!call) {
                    return null;
                }
                next();
                next();
                List<String> args = ex().exprList(")");
                expectPunct(")");
                return "ROW(" + String.join(", ", args) + ")";
            }
            case "int", "integer", "smallint", "bigint", "real", "float", "decimal", "dec", "numeric", "boolean",
                 "bit", "char", "character", "varchar", "national", "nchar", "time", "timestamp", "interval", "json" -> {
                return constTypeLiteral(t);
            }
            case "between", "setof", "none", "out", "inout", "precision", "values" -> {
                return null;
            }
            default -> {
                if (call) {
                    throw unsupported(t, w.toUpperCase(Locale.ROOT) + "(…)");
                }
                return null;
            }
        }
    }

    /**
     * {@code ConstTypename Sconst} ({@code date} is no keyword; {@code int '1'}, {@code timestamp with time zone '…'},
     * {@code interval '1' day}). Returns null when the keyword is a column name here (no literal follows).
     */
    String constTypeLiteral(Token t) {
        if (!typeContinuesOrLiteral()) {
            return null;
        }
        String shown = state.typeNames.simpleTypeName();
        if (!isPlainString(peek())) {
            throw unexpected("where a string constant was expected after the type " + shown);
        }
        Token literal = next();
        String fields = shown.equals("interval") ? state.typeNames.intervalFields() : "";
        if (peek().kind() == Kind.STRING || peek().kind() == Kind.BIT_STRING) {
            throw unexpected("(two constants in a row)");
        }
        return "(" + literal.text() + "::" + shown + fields + ")";
    }

    /** After a type keyword: a string constant, or more of a type name, follows. */
    boolean typeContinuesOrLiteral() {
        Token after = peek(1);
        if (isPlainString(after)) {
            return true;
        }
        String w = peek().text();
        return after.is(Kind.PUNCT, "(")
                || after.word("varying") && (w.equals("bit") || w.startsWith("char") || w.equals("national") || w.equals("nchar"))
                || after.word("precision") && w.equals("double")
                || (after.word("with") || after.word("without")) && (w.equals("time") || w.equals("timestamp"))
                || (after.word("char") || after.word("character")) && w.equals("national");
    }

    String typedLiteral(TypeRef type, String shown) {
        types.add(type);
        Token literal = next();
        if (peek().kind() == Kind.STRING || peek().kind() == Kind.BIT_STRING) {
            throw unexpected("(two constants in a row)");
        }
        return "(" + literal.text() + "::" + shown + ")";
    }

    /** {@code SUBSTRING(x FROM a FOR b)}, {@code (x FOR b FROM a)}, {@code (x SIMILAR p ESCAPE e)} or plain arguments. */
    String substring() {
        next();
        next();
        if (acceptPunct(")")) {
            calls.add(new Call(PG_CATALOG, "substring", 0, Role.EXPRESSION));
            return "SUBSTRING()";
        }
        String first = ex().expr(0, false);
        String result;
        int args;
        if (acceptWord("from")) {
            String from = ex().expr(0, false);
            String rest = acceptWord("for") ? " FOR " + ex().expr(0, false) : "";
            args = rest.isEmpty() ? 2 : 3;
            result = "SUBSTRING(" + first + " FROM " + from + rest + ")";
        } else if (acceptWord("for")) {
            String count = ex().expr(0, false);
            String rest = acceptWord("from") ? " FROM " + ex().expr(0, false) : "";
            args = 3;
            result = "SUBSTRING(" + first + " FOR " + count + rest + ")";
        } else if (acceptWord("similar")) {
            String pattern = ex().expr(0, false);
            expectWord("escape");
            String escape = ex().expr(0, false);
            args = 3;
            result = "SUBSTRING(" + first + " SIMILAR " + pattern + " ESCAPE " + escape + ")";
        } else {
            RowFilterParser.FunctionArgs rest = moreArgs();
            args = rest.count() == Call.ANY_ARGS ? Call.ANY_ARGS : 1 + rest.count();
            result = "SUBSTRING(" + first + rest.text() + ")";
        }
        expectPunct(")");
        calls.add(new Call(PG_CATALOG, "substring", args, Role.EXPRESSION));
        return result;
    }

    /** After a first positional argument: {@code , more…} or nothing. */
    RowFilterParser.FunctionArgs moreArgs() {
        if (!acceptPunct(",")) {
            return new RowFilterParser.FunctionArgs("", 0);
        }
        RowFilterParser.FunctionArgs rest = ex().functionArgs();
        return new RowFilterParser.FunctionArgs(", " + rest.text(), rest.count());
    }

    /** {@code OVERLAY(x PLACING y FROM a [FOR b])} or plain arguments. */
    String overlay() {
        next();
        next();
        if (acceptPunct(")")) {
            calls.add(new Call(PG_CATALOG, "overlay", 0, Role.EXPRESSION));
            return "OVERLAY()";
        }
        String first = ex().expr(0, false);
        if (acceptWord("placing")) {
            String placing = ex().expr(0, false);
            expectWord("from");
            String from = ex().expr(0, false);
            String count = acceptWord("for") ? " FOR " + ex().expr(0, false) : "";
            expectPunct(")");
            calls.add(new Call(PG_CATALOG, "overlay", count.isEmpty() ? 3 : 4, Role.EXPRESSION));
            return "OVERLAY(" + first + " PLACING " + placing + " FROM " + from + count + ")";
        }
        RowFilterParser.FunctionArgs rest = moreArgs();
        expectPunct(")");
        calls.add(new Call(PG_CATALOG, "overlay", rest.count() == Call.ANY_ARGS ? Call.ANY_ARGS : 1 + rest.count(),
                Role.EXPRESSION));
        return "OVERLAY(" + first + rest.text() + ")";
    }

    /** {@code TRIM([BOTH|LEADING|TRAILING] [chars] FROM list)} or {@code TRIM([…] list)}. */
    String trim() {
        next();
        next();
        String function = "btrim";
        String mode = "";
        if (acceptWord("both")) {
            mode = "BOTH ";
        } else if (acceptWord("leading")) {
            function = "ltrim";
            mode = "LEADING ";
        } else if (acceptWord("trailing")) {
            function = "rtrim";
            mode = "TRAILING ";
        }
        String chars = "";
        if (!atWord("from")) {
            List<String> first = ex().exprList(")");
            if (!atWord("from")) {
                expectPunct(")");
                calls.add(new Call(PG_CATALOG, function, Call.ANY_ARGS, Role.EXPRESSION));
                return "TRIM(" + mode + String.join(", ", first) + ")";
            }
            if (first.size() != 1) {
                throw unexpected("(TRIM takes one set of characters before FROM)");
            }
            chars = first.get(0) + " ";
        }
        expectWord("from");
        List<String> list = ex().exprList(")");
        expectPunct(")");
        calls.add(new Call(PG_CATALOG, function, Call.ANY_ARGS, Role.EXPRESSION));
        return "TRIM(" + mode + chars + "FROM " + String.join(", ", list) + ")";
    }

    String caseExpression() {
        next();
        String subject = atWord("when") ? "" : ex().expr(0, false) + " ";
        if (!subject.isEmpty()) {
            operators.add(Operator.infix("="));
        }
        StringBuilder b = new StringBuilder("CASE ").append(subject);
        if (!atWord("when")) {
            throw unexpected("where WHEN was expected");
        }
        while (acceptWord("when")) {
            String when = ex().expr(0, false);
            expectWord("then");
            String then = ex().expr(0, false);
            b.append("WHEN ").append(when).append(" THEN ").append(then).append(' ');
        }
        if (acceptWord("else")) {
            b.append("ELSE ").append(ex().expr(0, false)).append(' ');
        }
        expectWord("end");
        return b.append("END").toString();
    }

    /** {@code [ elements ]} of ARRAY, where elements are expressions or, for more dimensions, bracketed lists. */
    String arrayElements() {
        enter();
        expectPunct("[");
        List<String> items = new ArrayList<>();
        if (!atPunct("]")) {
            do {
                items.add(atPunct("[") ? arrayElements() : ex().expr(0, false));
            } while (acceptPunct(","));
        }
        expectPunct("]");
        leave();
        return "[" + String.join(", ", items) + "]";
    }
}
