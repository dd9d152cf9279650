package dev.pgclone.contracts.filter;

import dev.pgclone.contracts.filter.RowFilter.Call;
import dev.pgclone.contracts.filter.RowFilter.Fixity;
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
 * A recursive-descent parser for the part of PostgreSQL's {@code a_expr} grammar ({@code gram.y}) that a row filter
 * needs, with PostgreSQL's precedences, and for the subqueries a subset needs ({@code SELECT … FROM … WHERE …} with
 * joins, set-returning functions, {@code UNION}/{@code INTERSECT}/{@code EXCEPT}). Anything outside that subset is
 * refused with a message naming the token and its position: the filter fails closed rather than being read
 * differently from the server. The result lists what the server would be asked to call and read ({@link RowFilter}).
 * This class holds the entry point and the operator grammar; the syntax spelled with keywords is in
 * {@link KeywordExpressionParser}, subqueries in {@link SubqueryParser}, type names in {@link TypeNameParser}.
 *
 * <p>Not supported, so refused: {@code WITH} (write the subquery inline), {@code SELECT … INTO}, locking clauses,
 * {@code WINDOW} clauses, {@code GROUPING SETS}/{@code CUBE}/{@code ROLLUP}, XML and SQL/JSON syntax, {@code TABLE t},
 * {@code OVERLAPS}, {@code IS JSON}/{@code DOCUMENT}/{@code NORMALIZED}, {@code DEFAULT}, parameters; and statement
 * words used as names ({@code delete}, {@code commit}…: double-quote a column of that name).
 */
public final class RowFilterParser extends FilterGrammar {

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

    private RowFilterParser(State state) {
        super(state);
        state.expressions = this;
        state.keywords = new KeywordExpressionParser(state);
        state.queries = new SubqueryParser(state);
        state.typeNames = new TypeNameParser(state);
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
        RowFilterParser parser = new RowFilterParser(new State(tokens));
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


    // ---- expressions ------------------------------------------------------------------------------------------

    /**
     * {@code a_expr} (or, with {@code b}, {@code b_expr}: no boolean connectives, IS tests, IN, LIKE, BETWEEN,
     * COLLATE or AT TIME ZONE) of operators binding tighter than {@code min}.
     */
    String expr(int min, boolean b) {
        enter();
        String left = prefix(b);
        String result = infixLoop(left, min, b);
        leave();
        return result;
    }

    String infixLoop(String left, int min, boolean b) {
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
            return "(" + left + "::" + state.typeNames.typeName() + ")";
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
                back();
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
        if (q.kind() == Parenthesized.Shape.ROW) {
            throw new RowFilterException("has a row where ANY/SOME/ALL expects an array or a subquery");
        }
        return q.text();
    }

    /** Consumes an operator token or {@code OPERATOR(schema.op)} and records it. */
    Operator operatorToken(Fixity fixity) {
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
                back();
                throw unexpected("where an operator was expected in OPERATOR(…)");
            }
            expectPunct(")");
            op = new Operator(schema, name.text(), fixity);
        }
        operators.add(op);
        return op;
    }

    /** {@code OPERATOR ( [name .]* op )} ahead, as opposed to a function named {@code operator}. */
    boolean qualifiedOperatorAhead() {
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
                back();
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
                return "(" + left + " " + neg + "IN " + (list.kind() == Parenthesized.Shape.EXPR ? "(" + list.text() + ")"
                        : list.text()) + ")";
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
                back();
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
    String primary() {
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
                    if (q.kind() == Parenthesized.Shape.ROW) {
                        return q.text();
                    }
                    boolean selected = atPunct(".") || atPunct("[");
                    return indirection(selected && q.kind() == Parenthesized.Shape.EXPR ? "(" + q.text() + ")" : q.text());
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

    String stringConstant() {
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
                back();
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
            return state.keywords.reservedWord(t);
        }
        if (category == Keywords.COL_NAME) {
            String special = state.keywords.colNameKeyword(t, call);
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
            return state.keywords.typedLiteral(new TypeRef(PG_CATALOG, "float8"), "float8");
        }
        return nameExpression();
    }

    /**
     * A dotted name in operand position: a function call ({@code f(…)}, {@code s.f(…)}), a typed literal
     * ({@code date '…'}, {@code s.t '…'}) or a column reference with indirection ({@code t.c}, {@code c[1]},
     * {@code t.c.f}).
     */
    String nameExpression() {
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
            return state.keywords.typedLiteral(new TypeRef(schema, name), (schema == null ? "" : schema + ".") + name);
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

    /** Subscripts, slices, {@code .field} (which PostgreSQL may run as {@code field(value)}) and {@code .*}. */
    String indirection(String base) {
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
                    back();
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

    record FunctionArgs(String text, int count) {
    }

    /** {@code f(…)} with its aggregate and window decorations; the name is consumed, the parenthesis is next. */
    String functionCall(String schema, String name, Role role) {
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
            text = quantifier + args.text();
            count = args.count();
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
    FunctionArgs functionArgs() {
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
    String sortList() {
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
    List<String> exprList(String end) {
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
    record Parenthesized(Shape kind, String text) {
        enum Shape { SELECT, EXPR, ROW }
    }

    /**
     * {@code ( … )} in operand position. PostgreSQL's grammar reads {@code ((SELECT 1))} as a subquery, and
     * {@code ((SELECT 1) + 1)} as an expression starting with one; this decides as it goes, without backtracking.
     */
    Parenthesized parenthesized() {
        enter();
        expectPunct("(");
        Parenthesized result;
        if (startsQuery(peek())) {
            String q = state.queries.query();
            expectPunct(")");
            result = new Parenthesized(Parenthesized.Shape.SELECT, "(" + q + ")");
        } else {
            String first;
            if (atPunct("(")) {
                Parenthesized inner = parenthesized();
                if (inner.kind() == Parenthesized.Shape.SELECT && (atWord("union") || atWord("intersect")
                        || atWord("except") || atWord("order") || atWord("limit") || atWord("offset")
                        || atWord("fetch") || atWord("for"))) {
                    String q = state.queries.queryTail(state.queries.setOperations(inner.text(), 0));
                    expectPunct(")");
                    leave();
                    return new Parenthesized(Parenthesized.Shape.SELECT, "(" + q + ")");
                }
                if (inner.kind() == Parenthesized.Shape.SELECT && atPunct(")")) {
                    next();
                    leave();
                    return new Parenthesized(Parenthesized.Shape.SELECT, "(" + inner.text() + ")");
                }
                boolean selected = atPunct(".") || atPunct("[");
                String left = inner.kind() == Parenthesized.Shape.ROW ? inner.text()
                        : indirection(selected && inner.kind() == Parenthesized.Shape.EXPR ? "(" + inner.text() + ")" : inner.text());
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



}
