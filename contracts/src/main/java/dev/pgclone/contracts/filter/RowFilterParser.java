package dev.pgclone.contracts.filter;

import dev.pgclone.contracts.filter.RowFilter.Call;
import dev.pgclone.contracts.filter.RowFilter.Fixity;
import dev.pgclone.contracts.filter.RowFilter.Operator;
import dev.pgclone.contracts.filter.RowFilter.Relation;
import dev.pgclone.contracts.filter.RowFilter.Role;
import dev.pgclone.contracts.filter.RowFilter.TypeRef;
import dev.pgclone.contracts.filter.RowFilterLexer.Kind;
import dev.pgclone.contracts.filter.RowFilterLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for the part of PostgreSQL's {@code a_expr} grammar ({@code gram.y}) that a row filter
 * needs, with PostgreSQL's precedences, and for the subqueries a subset needs ({@code SELECT … FROM … WHERE …} with
 * joins, set-returning functions, {@code UNION}/{@code INTERSECT}/{@code EXCEPT}). Anything outside that subset is
 * refused with a message naming the token and its position: the filter fails closed rather than being read
 * differently from the server. The result lists what the server would be asked to call and read ({@link RowFilter}).
 *
 * <p>Not supported, so refused: {@code WITH} (write the subquery inline), {@code SELECT … INTO}, locking clauses,
 * {@code WINDOW} clauses, {@code GROUPING SETS}/{@code CUBE}/{@code ROLLUP}, XML and SQL/JSON syntax, {@code TABLE t},
 * {@code OVERLAPS}, {@code IS JSON}/{@code DOCUMENT}/{@code NORMALIZED}, {@code DEFAULT}, parameters; and statement
 * words used as names ({@code delete}, {@code commit}…: double-quote a column of that name).
 */
public final class RowFilterParser {

    /** Longest filter accepted, in characters. */
    public static final int MAX_LENGTH = 8192;
    /** Deepest nesting accepted, so a hostile filter cannot exhaust the parser's stack. */
    public static final int MAX_DEPTH = 200;

    // Binding levels, lowest first, as PostgreSQL's precedence declarations.
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int IS = 4;
    private static final int CMP = 5;
    private static final int IN_LIKE = 6;
    private static final int ESCAPE = 7;
    private static final int OP = 9;
    private static final int ADD = 10;
    private static final int MUL = 11;
    private static final int EXP = 12;
    private static final int AT = 13;
    private static final int COLLATE = 14;
    private static final int UMINUS = 15;
    private static final int CAST = 18;

    /** Words that start statements; as names they must be double-quoted (the filter is one expression). */
    private static final Set<String> STATEMENT_WORDS = Set.of("insert", "update", "delete", "merge", "truncate", "drop",
            "create", "alter", "grant", "revoke", "copy", "begin", "commit", "rollback", "savepoint", "release", "abort",
            "start", "set", "reset", "vacuum", "analyze", "analyse", "cluster", "reindex", "lock", "notify", "listen",
            "unlisten", "execute", "prepare", "deallocate", "do", "call", "comment", "security", "load", "discard",
            "refresh", "import", "checkpoint", "into", "returning", "declare", "move", "close", "reassign", "owned",
            "show");

    private static final Set<String> SQL_VALUE_FUNCTIONS = Set.of("current_date", "current_time", "current_timestamp",
            "localtime", "localtimestamp", "current_role", "current_user", "session_user", "system_user", "user",
            "current_catalog");
    private static final Set<String> INTERVAL_FIELDS = Set.of("year", "month", "day", "hour", "minute", "second");
    private static final String PG_CATALOG = "pg_catalog";

    private final List<Token> tokens;
    private int p;
    private int depth;
    private final Set<Call> calls = new LinkedHashSet<>();
    private final Set<Operator> operators = new LinkedHashSet<>();
    private final Set<TypeRef> types = new LinkedHashSet<>();
    private final Set<Relation> relations = new LinkedHashSet<>();
    private final Set<String> attributes = new LinkedHashSet<>();

    private RowFilterParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses {@code filter} as one boolean-or-other expression. Throws {@link RowFilterException} when it is empty,
     * too long, does not lex or parse, or uses something outside the supported grammar.
     */
    public static RowFilter parse(String filter) {
        if (filter.isBlank()) {
            throw new RowFilterException("must not be empty");
        }
        if (filter.length() > MAX_LENGTH) {
            throw new RowFilterException("is longer than " + MAX_LENGTH + " characters");
        }
        List<Token> tokens = RowFilterLexer.tokenize(filter);
        checkParentheses(tokens);
        checkStatementWords(tokens);
        RowFilterParser parser = new RowFilterParser(tokens);
        String tree = parser.expr(0, false);
        if (parser.peek().kind() != Kind.EOF) {
            throw parser.unexpected("after a complete expression (a filter is one expression)");
        }
        return new RowFilter(filter, tree, parser.calls, parser.operators, parser.types, parser.relations,
                parser.attributes);
    }

    private static void checkParentheses(List<Token> tokens) {
        int level = 0;
        for (Token t : tokens) {
            if (t.is(Kind.PUNCT, "(")) {
                level++;
            } else if (t.is(Kind.PUNCT, ")") && --level < 0) {
                throw new RowFilterException("has an unbalanced closing parenthesis at position " + (t.pos() + 1));
            }
        }
        if (level != 0) {
            throw new RowFilterException("has an unbalanced opening parenthesis");
        }
    }

    private static void checkStatementWords(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.kind() == Kind.IDENT && STATEMENT_WORDS.contains(t.text())) {
                throw new RowFilterException("must not contain the keyword " + t.text().toUpperCase(Locale.ROOT)
                        + " (only a row filter expression is allowed; double-quote a column of that name)");
            }
        }
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.kind() != Kind.EOF) {
            p++;
        }
        return t;
    }

    private boolean atWord(String w) {
        return peek().word(w);
    }

    private boolean atPunct(String s) {
        return peek().is(Kind.PUNCT, s);
    }

    private boolean atOp(String s) {
        return peek().is(Kind.OP, s);
    }

    private boolean acceptWord(String w) {
        if (atWord(w)) {
            p++;
            return true;
        }
        return false;
    }

    private boolean acceptPunct(String s) {
        if (atPunct(s)) {
            p++;
            return true;
        }
        return false;
    }

    private void expectWord(String w) {
        if (!acceptWord(w)) {
            throw unexpected("where " + w.toUpperCase(Locale.ROOT) + " was expected");
        }
    }

    private void expectPunct(String s) {
        if (!acceptPunct(s)) {
            throw unexpected("where \"" + s + "\" was expected");
        }
    }

    private RowFilterException unexpected(String where) {
        Token t = peek();
        return new RowFilterException("has an unexpected " + t.describe()
                + (t.kind() == Kind.EOF ? "" : " at position " + (t.pos() + 1)) + " " + where);
    }

    private RowFilterException unsupported(Token t, String what) {
        return new RowFilterException("uses " + what + " at position " + (t.pos() + 1)
                + ", which is not supported in a row filter");
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new RowFilterException("is nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
    }

    private void leave() {
        depth--;
    }

    /** A column name: an identifier that is not a reserved or type/function-name keyword, or a quoted one. */
    private static boolean isColId(Token t) {
        return t.kind() == Kind.QUOTED_IDENT
                || t.kind() == Kind.IDENT && t.keyword() != Keywords.RESERVED && t.keyword() != Keywords.TYPE_FUNC_NAME;
    }

    /** A function or type name: not reserved, not a column-name keyword. */
    private static boolean isTypeFunctionName(Token t) {
        return t.kind() == Kind.QUOTED_IDENT
                || t.kind() == Kind.IDENT && t.keyword() != Keywords.RESERVED && t.keyword() != Keywords.COL_NAME;
    }

    /** Any word or quoted identifier (after a dot, after AS). */
    private static boolean isLabel(Token t) {
        return t.kind() == Kind.IDENT || t.kind() == Kind.QUOTED_IDENT;
    }

    private static boolean isPlainString(Token t) {
        return t.kind() == Kind.STRING && t.prefix() != 'N';
    }

    private static String show(Token t) {
        return t.kind() == Kind.QUOTED_IDENT ? t.describe() : t.text();
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    /**
     * {@code a_expr} (or, with {@code b}, {@code b_expr}: no boolean connectives, IS tests, IN, LIKE, BETWEEN,
     * COLLATE or AT TIME ZONE) of operators binding tighter than {@code min}.
     */
    private String expr(int min, boolean b) {
        enter();
        String left = prefix(b);
        String result = infixLoop(left, min, b);
        leave();
        return result;
    }

    private String infixLoop(String left, int min, boolean b) {
        int previous = 0;
        while (true) {
            int level = infixLevel(b);
            if (level == 0 || level <= min) {
                return left;
            }
            if (level == previous && (level == IS || level == CMP || level == IN_LIKE)) {
                throw unexpected("(comparisons of the same precedence need parentheses in PostgreSQL)");
            }
            left = infix(left, level, b);
            previous = level;
        }
    }

    private int infixLevel(boolean b) {
        Token t = peek();
        if (t.kind() == Kind.OP) {
            return switch (t.text()) {
                case "<", ">", "=", "<=", ">=", "<>" -> CMP;
                case "+", "-" -> ADD;
                case "*", "/", "%" -> MUL;
                case "^" -> EXP;
                default -> OP;
            };
        }
        if (t.is(Kind.PUNCT, "::")) {
            return CAST;
        }
        if (t.kind() != Kind.IDENT) {
            return 0;
        }
        switch (t.text()) {
            case "operator":
                return qualifiedOperatorAhead() ? OP : 0;
            case "is":
                if (b) {
                    return peek(1).word("distinct") || peek(1).word("not") && peek(2).word("distinct") ? IS : 0;
                }
                return IS;
            default:
                break;
        }
        if (b) {
            return 0;
        }
        return switch (t.text()) {
            case "or" -> OR;
            case "and" -> AND;
            case "isnull", "notnull" -> IS;
            case "between", "in", "like", "ilike" -> IN_LIKE;
            case "similar" -> peek(1).word("to") ? IN_LIKE : 0;
            case "not" -> isNotLa(peek(1)) ? IN_LIKE : 0;
            case "at" -> peek(1).word("time") || peek(1).word("local") ? AT : 0;
            case "collate" -> COLLATE;
            case "overlaps" -> throw unsupported(t, "OVERLAPS");
            default -> 0;
        };
    }

    /** PostgreSQL's NOT_LA: NOT directly before BETWEEN, IN, LIKE, ILIKE or SIMILAR. */
    private static boolean isNotLa(Token t) {
        return t.word("between") || t.word("in") || t.word("like") || t.word("ilike") || t.word("similar");
    }

    private String infix(String left, int level, boolean b) {
        Token t = peek();
        if (t.is(Kind.PUNCT, "::")) {
            next();
            return "(" + left + "::" + typeName() + ")";
        }
        if (t.kind() == Kind.OP || t.word("operator")) {
            return binaryOperator(left, level, b);
        }
        next();
        switch (t.text()) {
            case "or", "and" -> {
                String right = expr(level, b);
                return "(" + left + " " + t.text().toUpperCase(Locale.ROOT) + " " + right + ")";
            }
            case "isnull", "notnull" -> {
                return "(" + left + " " + t.text().toUpperCase(Locale.ROOT) + ")";
            }
            case "is" -> {
                return isTest(left, b);
            }
            case "not" -> {
                return negatable(left, true);
            }
            case "between", "in", "like", "ilike", "similar" -> {
                p--;
                return negatable(left, false);
            }
            case "at" -> {
                if (acceptWord("local")) {
                    calls.add(new Call(PG_CATALOG, "timezone", 1, Role.EXPRESSION));
                    return "(" + left + " AT LOCAL)";
                }
                expectWord("time");
                expectWord("zone");
                String zone = expr(AT, b);
                calls.add(new Call(PG_CATALOG, "timezone", 2, Role.EXPRESSION));
                return "(" + left + " AT TIME ZONE " + zone + ")";
            }
            case "collate" -> {
                return "(" + left + " COLLATE " + anyName() + ")";
            }
            default -> throw new IllegalStateException("no infix rule for " + t.text());
        }
    }

    /** {@code left op right}, or {@code left op ANY|SOME|ALL (array | subquery)}. */
    private String binaryOperator(String left, int level, boolean b) {
        Operator op = operatorToken(Fixity.INFIX);
        String shown = op.schema() == null ? op.name() : "OPERATOR(" + op.schema() + "." + op.name() + ")";
        if ((atWord("any") || atWord("some") || atWord("all")) && peek(1).is(Kind.PUNCT, "(")) {
            String quantifier = next().text().toUpperCase(Locale.ROOT);
            return "(" + left + " " + shown + " " + quantifier + " " + quantified() + ")";
        }
        String right = expr(level, b);
        return "(" + left + " " + shown + " " + right + ")";
    }

    /** The parenthesized operand of ANY/SOME/ALL: a subquery or an array expression. */
    private String quantified() {
        Parenthesized q = parenthesized();
        if (q.kind == Parenthesized.Shape.ROW) {
            throw new RowFilterException("has a row where ANY/SOME/ALL expects an array or a subquery");
        }
        return q.text;
    }

    /** Consumes an operator token or {@code OPERATOR(schema.op)} and records it. */
    private Operator operatorToken(Fixity fixity) {
        Token t = next();
        Operator op;
        if (t.kind() == Kind.OP) {
            op = new Operator(null, t.text(), fixity);
        } else {
            expectPunct("(");
            String schema = null;
            while (isLabel(peek()) && peek(1).is(Kind.PUNCT, ".")) {
                if (schema != null) {
                    throw new RowFilterException("has an operator name with too many dotted parts");
                }
                schema = next().text();
                next();
            }
            Token name = next();
            if (name.kind() != Kind.OP) {
                p--;
                throw unexpected("where an operator was expected in OPERATOR(…)");
            }
            expectPunct(")");
            op = new Operator(schema, name.text(), fixity);
        }
        operators.add(op);
        return op;
    }

    /** {@code OPERATOR ( [name .]* op )} ahead, as opposed to a function named {@code operator}. */
    private boolean qualifiedOperatorAhead() {
        if (!peek().word("operator") || !peek(1).is(Kind.PUNCT, "(")) {
            return false;
        }
        int k = 2;
        while (isLabel(peek(k)) && peek(k + 1).is(Kind.PUNCT, ".")) {
            k += 2;
        }
        return peek(k).kind() == Kind.OP && peek(k + 1).is(Kind.PUNCT, ")");
    }

    private String isTest(String left, boolean b) {
        boolean not = acceptWord("not");
        String neg = not ? "NOT " : "";
        Token t = peek();
        if (t.word("null") || t.word("true") || t.word("false") || t.word("unknown")) {
            next();
            if (b) {
                p--;
                throw unexpected("(IS tests other than IS DISTINCT FROM need parentheses here)");
            }
            return "(" + left + " IS " + neg + t.text().toUpperCase(Locale.ROOT) + ")";
        }
        if (acceptWord("distinct")) {
            expectWord("from");
            String right = expr(IS, b);
            operators.add(Operator.infix("="));
            return "(" + left + " IS " + neg + "DISTINCT FROM " + right + ")";
        }
        throw unsupported(t, "IS " + neg + t.describe());
    }

    /** BETWEEN, IN, LIKE, ILIKE, SIMILAR TO, after an optional NOT (already consumed when {@code not}). */
    private String negatable(String left, boolean not) {
        Token t = next();
        String neg = not ? "NOT " : "";
        switch (t.text()) {
            case "between" -> {
                String symmetric = acceptWord("symmetric") ? "SYMMETRIC " : acceptWord("asymmetric") ? "" : "";
                String low = expr(0, true);
                expectWord("and");
                String high = expr(IN_LIKE, false);
                operators.add(Operator.infix(">="));
                operators.add(Operator.infix("<="));
                return "(" + left + " " + neg + "BETWEEN " + symmetric + low + " AND " + high + ")";
            }
            case "in" -> {
                if (!atPunct("(")) {
                    throw unexpected("where \"(\" was expected after IN");
                }
                Parenthesized list = parenthesized();
                operators.add(Operator.infix(not ? "<>" : "="));
                return "(" + left + " " + neg + "IN " + (list.kind == Parenthesized.Shape.EXPR ? "(" + list.text + ")"
                        : list.text) + ")";
            }
            case "like", "ilike" -> {
                boolean ilike = t.text().equals("ilike");
                String op = (not ? "!" : "") + (ilike ? "~~*" : "~~");
                operators.add(Operator.infix(op));
                String word = t.text().toUpperCase(Locale.ROOT);
                if ((atWord("any") || atWord("some") || atWord("all")) && peek(1).is(Kind.PUNCT, "(")) {
                    String quantifier = next().text().toUpperCase(Locale.ROOT);
                    return "(" + left + " " + neg + word + " " + quantifier + " " + quantified() + ")";
                }
                String pattern = expr(IN_LIKE, false);
                return "(" + left + " " + neg + word + " " + pattern + escape() + ")";
            }
            case "similar" -> {
                expectWord("to");
                operators.add(Operator.infix(not ? "!~" : "~"));
                String pattern = expr(IN_LIKE, false);
                String escape = escape();
                calls.add(new Call(PG_CATALOG, "similar_to_escape", escape.isEmpty() ? 1 : 2, Role.EXPRESSION));
                return "(" + left + " " + neg + "SIMILAR TO " + pattern + escape + ")";
            }
            default -> {
                p--;
                throw unexpected("after NOT");
            }
        }
    }

    private String escape() {
        if (acceptWord("escape")) {
            return " ESCAPE " + expr(ESCAPE, false);
        }
        return "";
    }

    private String prefix(boolean b) {
        Token t = peek();
        if (t.word("not")) {
            if (b || isNotLa(peek(1))) {
                throw unexpected("(NOT needs an operand here)");
            }
            next();
            return "(NOT " + expr(NOT, b) + ")";
        }
        if (t.kind() == Kind.OP) {
            if (t.text().equals("+") || t.text().equals("-")) {
                next();
                operators.add(new Operator(null, t.text(), Fixity.PREFIX));
                return "(" + t.text() + expr(UMINUS, b) + ")";
            }
            if (!RowFilterLexer.isSqlSelfOperator(t.text()) && !t.text().equals("<=") && !t.text().equals(">=")
                    && !t.text().equals("<>")) {
                Operator op = operatorToken(Fixity.PREFIX);
                return "(" + op.name() + " " + expr(OP, b) + ")";
            }
            throw unexpected("where an operand was expected");
        }
        if (qualifiedOperatorAhead()) {
            Operator op = operatorToken(Fixity.PREFIX);
            return "(OPERATOR(" + (op.schema() == null ? "" : op.schema() + ".") + op.name() + ") " + expr(OP, b) + ")";
        }
        return primary();
    }

    /** {@code c_expr} and constants. */
    private String primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER, BIT_STRING -> {
                next();
                return t.text();
            }
            case STRING -> {
                return stringConstant();
            }
            case PUNCT -> {
                if (t.text().equals("(")) {
                    Parenthesized q = parenthesized();
                    if (q.kind == Parenthesized.Shape.ROW) {
                        return q.text;
                    }
                    boolean selected = atPunct(".") || atPunct("[");
                    return indirection(selected && q.kind == Parenthesized.Shape.EXPR ? "(" + q.text + ")" : q.text);
                }
                throw unexpected("where an operand was expected");
            }
            case QUOTED_IDENT -> {
                return nameExpression();
            }
            case IDENT -> {
                return word(t);
            }
            default -> throw unexpected("where an operand was expected");
        }
    }

    private String stringConstant() {
        Token t = next();
        String text = t.text();
        if (t.prefix() == 'N') {
            types.add(new TypeRef(PG_CATALOG, "bpchar"));
            text = "(" + text.substring(1) + "::bpchar)";
        } else if (t.prefix() == 'U' && atWord("uescape")) {
            next();
            Token escape = next();
            if (!isPlainString(escape) || escape.prefix() != '\'' || escape.text().length() != 3
                    || "0123456789abcdefABCDEF+'\" \t\n\r\f".indexOf(escape.text().charAt(1)) >= 0) {
                p--;
                throw unexpected("where UESCAPE's single escape character was expected");
            }
            text = text + " UESCAPE " + escape.text();
        }
        if (peek().kind() == Kind.STRING || peek().kind() == Kind.BIT_STRING) {
            throw unexpected("(two constants in a row)");
        }
        return text;
    }

    /** An unquoted word in operand position: a keyword construct, a typed literal, a call or a column. */
    private String word(Token t) {
        String w = t.text();
        char category = t.keyword();
        boolean call = peek(1).is(Kind.PUNCT, "(");
        if (category == Keywords.RESERVED) {
            return reservedWord(t);
        }
        if (category == Keywords.COL_NAME) {
            String special = colNameKeyword(t, call);
            if (special != null) {
                return special;
            }
            return nameExpression(); // a column named like the keyword
        }
        if (category == Keywords.TYPE_FUNC_NAME) {
            if (w.equals("collation") && peek(1).word("for")) {
                next();
                next();
                expectPunct("(");
                String arg = expr(0, false);
                expectPunct(")");
                calls.add(new Call(PG_CATALOG, "pg_collation_for", 1, Role.EXPRESSION));
                return "COLLATION FOR (" + arg + ")";
            }
            if (w.equals("current_schema") && !call) {
                next();
                return "CURRENT_SCHEMA";
            }
            if (!call && !isPlainString(peek(1))) {
                throw unexpected("(" + w.toUpperCase(Locale.ROOT) + " is a keyword; double-quote a column of that name)");
            }
            return nameExpression();
        }
        if (w.equals("double") && peek(1).word("precision") && isPlainString(peek(2))) {
            next();
            next();
            return typedLiteral(new TypeRef(PG_CATALOG, "float8"), "float8");
        }
        return nameExpression();
    }

    private String reservedWord(Token t) {
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
                String value = expr(0, false);
                expectWord("as");
                String type = typeName();
                expectPunct(")");
                return "(" + value + "::" + type + ")";
            }
            case "array" -> {
                next();
                if (atPunct("(")) {
                    Parenthesized q = parenthesized();
                    if (q.kind != Parenthesized.Shape.SELECT) {
                        throw new RowFilterException("has ARRAY(…) without a subquery");
                    }
                    return "ARRAY" + q.text;
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
                        p--;
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

    private RowFilterException withRefused(Token t) {
        return new RowFilterException("uses WITH at position " + (t.pos() + 1) + ": common table expressions are not "
                + "supported in a row filter; write the subquery inline");
    }

    /** Column-name keywords with a syntax of their own; null when the word is just a column here. */
    private String colNameKeyword(Token t, boolean call) {
        String w = t.text();
        switch (w) {
            case "coalesce", "greatest", "least", "nullif" -> {
                if (!call) {
                    return null;
                }
                next();
                next();
                List<String> args = exprList(")");
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
                Parenthesized q = parenthesized();
                if (q.kind != Parenthesized.Shape.SELECT) {
                    throw new RowFilterException("has EXISTS without a subquery");
                }
                return "EXISTS" + q.text;
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
                    p--;
                    throw unexpected("where an EXTRACT field was expected");
                }
                expectWord("from");
                String from = expr(0, false);
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
                String needle = expr(0, true);
                expectWord("in");
                String haystack = expr(0, true);
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
                List<String> args = exprList(")");
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
    private String constTypeLiteral(Token t) {
        if (!typeContinuesOrLiteral()) {
            return null;
        }
        String shown = simpleTypeName();
        if (!isPlainString(peek())) {
            throw unexpected("where a string constant was expected after the type " + shown);
        }
        Token literal = next();
        String fields = shown.equals("interval") ? intervalFields() : "";
        if (peek().kind() == Kind.STRING || peek().kind() == Kind.BIT_STRING) {
            throw unexpected("(two constants in a row)");
        }
        return "(" + literal.text() + "::" + shown + fields + ")";
    }

    /** After a type keyword: a string constant, or more of a type name, follows. */
    private boolean typeContinuesOrLiteral() {
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

    private String typedLiteral(TypeRef type, String shown) {
        types.add(type);
        Token literal = next();
        if (peek().kind() == Kind.STRING || peek().kind() == Kind.BIT_STRING) {
            throw unexpected("(two constants in a row)");
        }
        return "(" + literal.text() + "::" + shown + ")";
    }

    /** {@code SUBSTRING(x FROM a FOR b)}, {@code (x FOR b FROM a)}, {@code (x SIMILAR p ESCAPE e)} or plain arguments. */
    private String substring() {
        next();
        next();
        if (acceptPunct(")")) {
            calls.add(new Call(PG_CATALOG, "substring", 0, Role.EXPRESSION));
            return "SUBSTRING()";
        }
        String first = expr(0, false);
        String result;
        int args;
        if (acceptWord("from")) {
            String from = expr(0, false);
            String rest = acceptWord("for") ? " FOR " + expr(0, false) : "";
            args = rest.isEmpty() ? 2 : 3;
            result = "SUBSTRING(" + first + " FROM " + from + rest + ")";
        } else if (acceptWord("for")) {
            String count = expr(0, false);
            String rest = acceptWord("from") ? " FROM " + expr(0, false) : "";
            args = 3;
            result = "SUBSTRING(" + first + " FOR " + count + rest + ")";
        } else if (acceptWord("similar")) {
            String pattern = expr(0, false);
            expectWord("escape");
            String escape = expr(0, false);
            args = 3;
            result = "SUBSTRING(" + first + " SIMILAR " + pattern + " ESCAPE " + escape + ")";
        } else {
            FunctionArgs rest = moreArgs();
            args = rest.count == Call.ANY_ARGS ? Call.ANY_ARGS : 1 + rest.count;
            result = "SUBSTRING(" + first + rest.text + ")";
        }
        expectPunct(")");
        calls.add(new Call(PG_CATALOG, "substring", args, Role.EXPRESSION));
        return result;
    }

    /** After a first positional argument: {@code , more…} or nothing. */
    private FunctionArgs moreArgs() {
        if (!acceptPunct(",")) {
            return new FunctionArgs("", 0);
        }
        FunctionArgs rest = functionArgs();
        return new FunctionArgs(", " + rest.text, rest.count);
    }

    /** {@code OVERLAY(x PLACING y FROM a [FOR b])} or plain arguments. */
    private String overlay() {
        next();
        next();
        if (acceptPunct(")")) {
            calls.add(new Call(PG_CATALOG, "overlay", 0, Role.EXPRESSION));
            return "OVERLAY()";
        }
        String first = expr(0, false);
        if (acceptWord("placing")) {
            String placing = expr(0, false);
            expectWord("from");
            String from = expr(0, false);
            String count = acceptWord("for") ? " FOR " + expr(0, false) : "";
            expectPunct(")");
            calls.add(new Call(PG_CATALOG, "overlay", count.isEmpty() ? 3 : 4, Role.EXPRESSION));
            return "OVERLAY(" + first + " PLACING " + placing + " FROM " + from + count + ")";
        }
        FunctionArgs rest = moreArgs();
        expectPunct(")");
        calls.add(new Call(PG_CATALOG, "overlay", rest.count == Call.ANY_ARGS ? Call.ANY_ARGS : 1 + rest.count,
                Role.EXPRESSION));
        return "OVERLAY(" + first + rest.text + ")";
    }

    /** {@code TRIM([BOTH|LEADING|TRAILING] [chars] FROM list)} or {@code TRIM([…] list)}. */
    private String trim() {
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
            List<String> first = exprList(")");
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
        List<String> list = exprList(")");
        expectPunct(")");
        calls.add(new Call(PG_CATALOG, function, Call.ANY_ARGS, Role.EXPRESSION));
        return "TRIM(" + mode + chars + "FROM " + String.join(", ", list) + ")";
    }

    private String caseExpression() {
        next();
        String subject = atWord("when") ? "" : expr(0, false) + " ";
        if (!subject.isEmpty()) {
            operators.add(Operator.infix("="));
        }
        StringBuilder b = new StringBuilder("CASE ").append(subject);
        if (!atWord("when")) {
            throw unexpected("where WHEN was expected");
        }
        while (acceptWord("when")) {
            String when = expr(0, false);
            expectWord("then");
            String then = expr(0, false);
            b.append("WHEN ").append(when).append(" THEN ").append(then).append(' ');
        }
        if (acceptWord("else")) {
            b.append("ELSE ").append(expr(0, false)).append(' ');
        }
        expectWord("end");
        return b.append("END").toString();
    }

    /** {@code [ elements ]} of ARRAY, where elements are expressions or, for more dimensions, bracketed lists. */
    private String arrayElements() {
        enter();
        expectPunct("[");
        List<String> items = new ArrayList<>();
        if (!atPunct("]")) {
            do {
                items.add(atPunct("[") ? arrayElements() : expr(0, false));
            } while (acceptPunct(","));
        }
        expectPunct("]");
        leave();
        return "[" + String.join(", ", items) + "]";
    }

    /**
     * A dotted name in operand position: a function call ({@code f(…)}, {@code s.f(…)}), a typed literal
     * ({@code date '…'}, {@code s.t '…'}) or a column reference with indirection ({@code t.c}, {@code c[1]},
     * {@code t.c.f}).
     */
    private String nameExpression() {
        Token first = next();
        List<Token> names = new ArrayList<>(List.of(first));
        while (atPunct(".") && isLabel(peek(1))) {
            next();
            names.add(next());
        }
        if (atPunct("(")) {
            if (names.size() == 1 && !isTypeFunctionName(first)) {
                throw new RowFilterException("has " + first.describe() + " at position " + (first.pos() + 1)
                        + ", which cannot be a function name");
            }
            if (names.size() > 2) {
                throw new RowFilterException("has a function name with too many dotted parts at position "
                        + (first.pos() + 1));
            }
            String schema = names.size() == 2 ? first.text() : null;
            String name = names.get(names.size() - 1).text();
            if (peek().is(Kind.PUNCT, "(") && isPlainStringAfterParens()) {
                throw unsupported(first, "a typed literal with type modifiers (write CAST('…' AS type(…)))");
            }
            return functionCall(schema, name, Role.EXPRESSION);
        }
        if (isPlainString(peek()) && (names.size() == 1 ? isTypeFunctionName(first) : names.size() == 2)) {
            String schema = names.size() == 2 ? first.text() : null;
            String name = names.get(names.size() - 1).text();
            return typedLiteral(new TypeRef(schema, name), (schema == null ? "" : schema + ".") + name);
        }
        if (!isColId(first)) {
            throw new RowFilterException("has the keyword " + first.describe() + " at position " + (first.pos() + 1)
                    + " where a column was expected (double-quote a column of that name)");
        }
        StringBuilder ref = new StringBuilder(show(first));
        for (int k = 1; k < names.size(); k++) {
            attributes.add(names.get(k).text());
            ref.append('.').append(show(names.get(k)));
        }
        return indirection(ref.toString());
    }

    /** From a {@code (}: does a string constant follow the matching {@code )}? ({@code f(…) '…'} is a typed literal.) */
    private boolean isPlainStringAfterParens() {
        int level = 0;
        for (int k = p; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.is(Kind.PUNCT, "(")) {
                level++;
            } else if (t.is(Kind.PUNCT, ")") && --level == 0) {
                return isPlainString(tokens.get(Math.min(k + 1, tokens.size() - 1)));
            }
        }
        return false;
    }

    /** Subscripts, slices, {@code .field} (which PostgreSQL may run as {@code field(value)}) and {@code .*}. */
    private String indirection(String base) {
        StringBuilder b = new StringBuilder(base);
        while (true) {
            if (atPunct(".")) {
                next();
                Token t = next();
                if (t.is(Kind.OP, "*")) {
                    b.append(".*");
                    if (atPunct(".") || atPunct("[")) {
                        throw unexpected("after .*");
                    }
                    return b.toString();
                }
                if (!isLabel(t)) {
                    p--;
                    throw unexpected("where a field name was expected after \".\"");
                }
                attributes.add(t.text());
                b.append('.').append(show(t));
            } else if (atPunct("[")) {
                next();
                String lower = atPunct(":") ? "" : expr(0, false);
                if (acceptPunct(":")) {
                    String upper = atPunct("]") ? "" : expr(0, false);
                    b.append('[').append(lower).append(':').append(upper).append(']');
                } else {
                    b.append('[').append(lower).append(']');
                }
                expectPunct("]");
            } else {
                return b.toString();
            }
        }
    }

    private record FunctionArgs(String text, int count) {
    }

    /** {@code f(…)} with its aggregate and window decorations; the name is consumed, the parenthesis is next. */
    private String functionCall(String schema, String name, Role role) {
        expectPunct("(");
        String text;
        int count;
        if (atOp("*") && peek(1).is(Kind.PUNCT, ")")) {
            next();
            text = "*";
            count = 0;
        } else if (atPunct(")")) {
            text = "";
            count = 0;
        } else {
            String quantifier = acceptWord("distinct") ? "DISTINCT " : acceptWord("all") ? "ALL " : "";
            if (!quantifier.isEmpty()) {
                operators.add(Operator.infix("="));
                operators.add(Operator.infix("<"));
            }
            FunctionArgs args = functionArgs();
            text = quantifier + args.text;
            count = args.count;
            if (acceptWord("order")) {
                expectWord("by");
                text += " ORDER BY " + sortList();
            }
        }
        expectPunct(")");
        StringBuilder b = new StringBuilder();
        if (atWord("within") && peek(1).word("group")) {
            next();
            next();
            expectPunct("(");
            expectWord("order");
            expectWord("by");
            b.append(" WITHIN GROUP (ORDER BY ").append(sortList()).append(')');
            expectPunct(")");
            count = Call.ANY_ARGS;
        }
        if (atWord("filter") && peek(1).is(Kind.PUNCT, "(")) {
            next();
            next();
            expectWord("where");
            b.append(" FILTER (WHERE ").append(expr(0, false)).append(')');
            expectPunct(")");
        }
        if (atWord("over")) {
            next();
            b.append(" OVER ").append(window());
        }
        calls.add(new Call(schema, name, count, role));
        return (schema == null ? "" : schema + ".") + name + "(" + text + ")" + b;
    }

    /** Arguments: positional, {@code name => v}, {@code name := v}, a last {@code VARIADIC v}. */
    private FunctionArgs functionArgs() {
        List<String> args = new ArrayList<>();
        boolean variadic = false;
        do {
            if (variadic) {
                throw unexpected("(VARIADIC must be the last argument)");
            }
            if (acceptWord("variadic")) {
                variadic = true;
                args.add("VARIADIC " + expr(0, false));
            } else if (isTypeFunctionName(peek()) && (peek(1).is(Kind.PUNCT, "=>") || peek(1).is(Kind.PUNCT, ":="))) {
                String name = show(next());
                next();
                args.add(name + " => " + expr(0, false));
            } else {
                args.add(expr(0, false));
            }
        } while (acceptPunct(","));
        return new FunctionArgs(String.join(", ", args), variadic ? Call.ANY_ARGS : args.size());
    }

    /** {@code ( [PARTITION BY …] [ORDER BY …] [frame] )}; named windows are refused (no WINDOW clause either). */
    private String window() {
        if (!atPunct("(")) {
            throw unsupported(peek(), "a named window (OVER name)");
        }
        next();
        StringBuilder b = new StringBuilder("(");
        if (isLabel(peek()) && !atWord("partition") && !atWord("order") && !atWord("range") && !atWord("rows")
                && !atWord("groups")) {
            throw unsupported(peek(), "a named window");
        }
        if (acceptWord("partition")) {
            expectWord("by");
            b.append("PARTITION BY ").append(String.join(", ", exprList(")")));
            operators.add(Operator.infix("="));
        }
        if (acceptWord("order")) {
            expectWord("by");
            b.append(" ORDER BY ").append(sortList());
        }
        if (atWord("range") || atWord("rows") || atWord("groups")) {
            b.append(' ').append(next().text().toUpperCase(Locale.ROOT)).append(' ');
            if (acceptWord("between")) {
                b.append("BETWEEN ").append(frameBound()).append(" AND ");
                expectWord("and");
                b.append(frameBound());
            } else {
                b.append(frameBound());
            }
            if (acceptWord("exclude")) {
                if (acceptWord("current")) {
                    expectWord("row");
                } else if (acceptWord("no")) {
                    expectWord("others");
                } else if (!acceptWord("group") && !acceptWord("ties")) {
                    throw unexpected("after EXCLUDE");
                }
            }
        }
        expectPunct(")");
        return b.append(')').toString();
    }

    private String frameBound() {
        if (acceptWord("unbounded")) {
            if (!atWord("preceding") && !atWord("following")) {
                throw unexpected("after UNBOUNDED");
            }
            return "UNBOUNDED " + next().text().toUpperCase(Locale.ROOT);
        }
        if (atWord("current") && peek(1).word("row")) {
            next();
            next();
            return "CURRENT ROW";
        }
        String offset = expr(0, false);
        if (!atWord("preceding") && !atWord("following")) {
            throw unexpected("where PRECEDING or FOLLOWING was expected");
        }
        return offset + " " + next().text().toUpperCase(Locale.ROOT);
    }

    /** {@code expr [ASC|DESC|USING op] [NULLS FIRST|LAST]}, comma-separated. */
    private String sortList() {
        List<String> items = new ArrayList<>();
        do {
            String e = expr(0, false);
            if (acceptWord("using")) {
                if (peek().kind() != Kind.OP && !qualifiedOperatorAhead()) {
                    throw unexpected("where an operator was expected after USING");
                }
                e += " USING " + operatorToken(Fixity.INFIX).name();
            } else {
                if (acceptWord("asc")) {
                    e += " ASC";
                } else if (acceptWord("desc")) {
                    e += " DESC";
                }
                operators.add(Operator.infix("<"));
                operators.add(Operator.infix(">"));
            }
            if (atWord("nulls") && (peek(1).word("first") || peek(1).word("last"))) {
                next();
                e += " NULLS " + next().text().toUpperCase(Locale.ROOT);
            }
            items.add(e);
        } while (acceptPunct(","));
        return String.join(", ", items);
    }

    /** Expressions separated by commas, up to (not including) {@code end}; none when {@code end} is next. */
    private List<String> exprList(String end) {
        List<String> items = new ArrayList<>();
        if (atPunct(end)) {
            return items;
        }
        do {
            items.add(expr(0, false));
        } while (acceptPunct(","));
        return items;
    }

    /** What a parenthesis opened: a subquery, an expression, or a row of several expressions. */
    private record Parenthesized(Shape kind, String text) {
        enum Shape { SELECT, EXPR, ROW }
    }

    private static boolean startsQuery(Token t) {
        return t.word("select") || t.word("values") || t.word("with") || t.word("table");
    }

    /**
     * {@code ( … )} in operand position. PostgreSQL's grammar reads {@code ((SELECT 1))} as a subquery, and
     * {@code ((SELECT 1) + 1)} as an expression starting with one; this decides as it goes, without backtracking.
     */
    private Parenthesized parenthesized() {
        enter();
        expectPunct("(");
        Parenthesized result;
        if (startsQuery(peek())) {
            String q = query();
            expectPunct(")");
            result = new Parenthesized(Parenthesized.Shape.SELECT, "(" + q + ")");
        } else {
            String first;
            if (atPunct("(")) {
                Parenthesized inner = parenthesized();
                if (inner.kind == Parenthesized.Shape.SELECT && (atWord("union") || atWord("intersect")
                        || atWord("except") || atWord("order") || atWord("limit") || atWord("offset")
                        || atWord("fetch") || atWord("for"))) {
                    String q = queryTail(setOperations(inner.text, 0));
                    expectPunct(")");
                    leave();
                    return new Parenthesized(Parenthesized.Shape.SELECT, "(" + q + ")");
                }
                if (inner.kind == Parenthesized.Shape.SELECT && atPunct(")")) {
                    next();
                    leave();
                    return new Parenthesized(Parenthesized.Shape.SELECT, "(" + inner.text + ")");
                }
                boolean selected = atPunct(".") || atPunct("[");
                String left = inner.kind == Parenthesized.Shape.ROW ? inner.text
                        : indirection(selected && inner.kind == Parenthesized.Shape.EXPR ? "(" + inner.text + ")" : inner.text);
                first = infixLoop(left, 0, false);
            } else {
                first = expr(0, false);
            }
            if (acceptPunct(",")) {
                List<String> items = new ArrayList<>(List.of(first));
                items.addAll(exprList(")"));
                expectPunct(")");
                result = new Parenthesized(Parenthesized.Shape.ROW, "(" + String.join(", ", items) + ")");
            } else {
                expectPunct(")");
                result = new Parenthesized(Parenthesized.Shape.EXPR, first);
            }
        }
        leave();
        return result;
    }

    // ---- subqueries -------------------------------------------------------------------------------------------

    /** A query: SELECTs and VALUES combined by set operations, then ORDER BY and LIMIT/OFFSET/FETCH. */
    private String query() {
        enter();
        String q = queryTail(setOperations(queryPrimary(), 0));
        leave();
        return q;
    }

    private String setOperations(String left, int min) {
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

    private String queryPrimary() {
        Token t = peek();
        if (t.word("select")) {
            return select();
        }
        if (t.word("values")) {
            next();
            List<String> rows = new ArrayList<>();
            do {
                expectPunct("(");
                rows.add("(" + String.join(", ", exprList(")")) + ")");
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

    private String queryTail(String q) {
        StringBuilder b = new StringBuilder(q);
        if (acceptWord("order")) {
            expectWord("by");
            b.append(" ORDER BY ").append(sortList());
        }
        boolean limit = false;
        boolean offset = false;
        while (true) {
            if (!limit && acceptWord("limit")) {
                limit = true;
                b.append(" LIMIT ").append(acceptWord("all") ? "ALL" : expr(0, false));
            } else if (!offset && acceptWord("offset")) {
                offset = true;
                b.append(" OFFSET ").append(expr(0, false));
                if (!acceptWord("rows")) {
                    acceptWord("row");
                }
            } else if (!limit && acceptWord("fetch")) {
                limit = true;
                if (!acceptWord("first") && !acceptWord("next")) {
                    throw unexpected("where FIRST or NEXT was expected after FETCH");
                }
                String count = atWord("row") || atWord("rows") ? "1" : primary();
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

    private String select() {
        expectWord("select");
        StringBuilder b = new StringBuilder("SELECT");
        if (acceptWord("distinct")) {
            b.append(" DISTINCT");
            operators.add(Operator.infix("="));
            operators.add(Operator.infix("<"));
            if (acceptWord("on")) {
                expectPunct("(");
                b.append(" ON (").append(String.join(", ", exprList(")"))).append(')');
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
            b.append(" WHERE ").append(expr(0, false));
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
                items.add(expr(0, false));
            } while (acceptPunct(","));
            operators.add(Operator.infix("="));
            operators.add(Operator.infix("<"));
            b.append(" GROUP BY ").append(String.join(", ", items));
        }
        if (acceptWord("having")) {
            b.append(" HAVING ").append(expr(0, false));
        }
        if (atWord("window")) {
            throw unsupported(peek(), "a WINDOW clause");
        }
        return b.toString();
    }

    private String targets() {
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
            String e = expr(0, false);
            if (acceptWord("as")) {
                Token label = next();
                if (!isLabel(label)) {
                    p--;
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
    private String tableRef() {
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
                on = " ON " + expr(0, false);
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

    private String tablePrimary() {
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
        int mark = p;
        List<Token> names = qualifiedName();
        if (!only && atPunct("(")) {
            p = mark;
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
            List<String> args = exprList(")");
            expectPunct(")");
            String handlerSchema = handler.size() == 2 ? handler.get(0).text() : null;
            calls.add(new Call(handlerSchema, handler.get(handler.size() - 1).text(), 1, Role.TABLESAMPLE));
            shown += " TABLESAMPLE " + handler.get(handler.size() - 1).text() + "(" + String.join(", ", args) + ")";
            if (acceptWord("repeatable")) {
                expectPunct("(");
                shown += " REPEATABLE (" + expr(0, false) + ")";
                expectPunct(")");
            }
        }
        return shown;
    }

    /** A set-returning function in FROM ({@code generate_series(…)}, {@code unnest(…)}, {@code s.f(…)}). */
    private String fromFunction() {
        Token first = peek();
        if (!isTypeFunctionName(first) && !(isColId(first) && peek(1).is(Kind.PUNCT, "."))) {
            throw unexpected("where a function was expected");
        }
        List<Token> names = qualifiedName();
        if (names.size() == 1 && !isTypeFunctionName(first)) {
            throw unexpected("(" + first.describe() + " cannot be a function name)");
        }
        String schema = names.size() == 2 ? names.get(0).text() : null;
        String call = functionCall(schema, names.get(names.size() - 1).text(), Role.FROM);
        if (call.contains(" OVER ")) {
            throw new RowFilterException("has a window function in FROM");
        }
        return call;
    }

    private String ordinality() {
        if (atWord("with") && peek(1).word("ordinality")) {
            next();
            next();
            return " WITH ORDINALITY";
        }
        return "";
    }

    /** {@code name} or {@code schema.name}; three parts (a database) are refused. */
    private List<Token> qualifiedName() {
        List<Token> names = new ArrayList<>();
        names.add(next());
        while (atPunct(".") && isLabel(peek(1))) {
            next();
            names.add(next());
        }
        if (names.size() > 2) {
            throw new RowFilterException("has a name with too many dotted parts at position " + (names.get(0).pos() + 1));
        }
        return names;
    }

    /** {@code [AS] alias [(columns)]}; for functions also {@code AS (name type, …)} column definitions. */
    private String optionalAlias(boolean function) {
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

    private String alias(boolean function) {
        Token name = next();
        if (!isColId(name)) {
            p--;
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
    private String columnDefinitions() {
        List<String> defs = new ArrayList<>();
        do {
            Token name = next();
            if (!isColId(name)) {
                p--;
                throw unexpected("where a column name was expected");
            }
            String def = show(name) + " " + typeName();
            if (acceptWord("collate")) {
                def += " COLLATE " + anyName();
            }
            defs.add(def);
        } while (acceptPunct(","));
        return String.join(", ", defs);
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        do {
            Token t = next();
            if (!isColId(t)) {
                p--;
                throw unexpected("where a name was expected");
            }
            names.add(show(t));
        } while (acceptPunct(","));
        return names;
    }

    /** A possibly qualified name (a collation). */
    private String anyName() {
        Token t = next();
        if (!isColId(t)) {
            p--;
            throw unexpected("where a name was expected");
        }
        StringBuilder b = new StringBuilder(show(t));
        while (atPunct(".") && isLabel(peek(1))) {
            next();
            b.append('.').append(show(next()));
        }
        return b.toString();
    }

    // ---- types ------------------------------------------------------------------------------------------------

    /** {@code Typename}: SQL spellings mapped to catalog names, array bounds, a qualified or quoted name. */
    private String typeName() {
        enter();
        Token t = peek();
        if (t.word("setof")) {
            throw unsupported(t, "SETOF");
        }
        String shown = simpleTypeName();
        if (acceptWord("array")) {
            shown += "[]";
            if (acceptPunct("[")) {
                arrayBound();
            }
        } else {
            while (acceptPunct("[")) {
                arrayBound();
                shown += "[]";
            }
        }
        leave();
        return shown;
    }

    private void arrayBound() {
        if (peek().kind() == Kind.NUMBER) {
            next();
        }
        expectPunct("]");
    }

    private String simpleTypeName() {
        Token t = peek();
        if (t.kind() == Kind.IDENT && (t.keyword() == Keywords.COL_NAME || t.word("double") && peek(1).word("precision"))) {
            next();
            String name = switch (t.text()) {
                case "int", "integer" -> "int4";
                case "smallint" -> "int2";
                case "bigint" -> "int8";
                case "real" -> "float4";
                case "float" -> floatType();
                case "double" -> {
                    next();
                    yield "float8";
                }
                case "decimal", "dec", "numeric" -> {
                    typeModifiers();
                    yield "numeric";
                }
                case "boolean" -> "bool";
                case "bit" -> {
                    String bit = acceptWord("varying") ? "varbit" : "bit";
                    typeModifiers();
                    yield bit;
                }
                case "char", "character", "nchar" -> character();
                case "national" -> {
                    if (!acceptWord("character") && !acceptWord("char")) {
                        throw unexpected("after NATIONAL");
                    }
                    yield character();
                }
                case "varchar" -> {
                    typeModifiers();
                    yield "varchar";
                }
                case "time", "timestamp" -> {
                    typeModifiers();
                    boolean zone = false;
                    if (acceptWord("with")) {
                        expectWord("time");
                        expectWord("zone");
                        zone = true;
                    } else if (acceptWord("without")) {
                        expectWord("time");
                        expectWord("zone");
                    }
                    yield t.text() + (zone ? "tz" : "");
                }
                case "interval" -> {
                    if (atPunct("(")) {
                        typeModifiers();
                    } else {
                        intervalFields();
                    }
                    yield "interval";
                }
                case "json" -> "json";
                default -> throw unexpected("(" + t.text().toUpperCase(Locale.ROOT) + " is not a type name)");
            };
            types.add(new TypeRef(PG_CATALOG, name));
            return name;
        }
        if (!isTypeFunctionName(t)) {
            throw unexpected("where a type name was expected");
        }
        List<Token> names = qualifiedName();
        String schema = names.size() == 2 ? names.get(0).text() : null;
        String name = names.get(names.size() - 1).text();
        typeModifiers();
        types.add(new TypeRef(schema, name));
        return (schema == null ? "" : schema + ".") + name;
    }

    private String floatType() {
        if (atPunct("(")) {
            next();
            Token precision = next();
            if (precision.kind() != Kind.NUMBER) {
                p--;
                throw unexpected("where a precision was expected");
            }
            expectPunct(")");
            try {
                return Integer.parseInt(precision.text()) <= 24 ? "float4" : "float8";
            } catch (NumberFormatException e) {
                return "float8";
            }
        }
        return "float8";
    }

    private String character() {
        boolean varying = acceptWord("varying");
        typeModifiers();
        return varying ? "varchar" : "bpchar";
    }

    /** {@code (n, …)}: constants or names only, as PostgreSQL requires of type modifiers. */
    private void typeModifiers() {
        if (!acceptPunct("(")) {
            return;
        }
        do {
            Token t = next();
            if (t.kind() != Kind.NUMBER && t.kind() != Kind.STRING && t.kind() != Kind.IDENT
                    && t.kind() != Kind.QUOTED_IDENT) {
                p--;
                throw unexpected("where a type modifier (a constant) was expected");
            }
        } while (acceptPunct(","));
        expectPunct(")");
    }

    /** {@code YEAR | … | SECOND[(p)] | DAY TO SECOND[(p)] …} after INTERVAL; nothing when none follows. */
    private String intervalFields() {
        if (!(peek().kind() == Kind.IDENT && INTERVAL_FIELDS.contains(peek().text()))) {
            return "";
        }
        StringBuilder b = new StringBuilder(" ").append(next().text().toUpperCase(Locale.ROOT));
        typeModifiers();
        if (acceptWord("to")) {
            Token to = next();
            if (!(to.kind() == Kind.IDENT && INTERVAL_FIELDS.contains(to.text()))) {
                p--;
                throw unexpected("where an interval field was expected after TO");
            }
            b.append(" TO ").append(to.text().toUpperCase(Locale.ROOT));
            typeModifiers();
        }
        return b.toString();
    }
}
