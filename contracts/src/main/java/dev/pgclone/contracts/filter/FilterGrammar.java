package dev.pgclone.contracts.filter;

import dev.pgclone.contracts.filter.RowFilter.Call;
import dev.pgclone.contracts.filter.RowFilter.Operator;
import dev.pgclone.contracts.filter.RowFilter.Relation;
import dev.pgclone.contracts.filter.RowFilter.TypeRef;
import dev.pgclone.contracts.filter.RowFilterLexer.Kind;
import dev.pgclone.contracts.filter.RowFilterLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the parts of the row filter parser share ({@link RowFilterParser} for expressions, {@link KeywordExpressionParser}
 * for the SQL syntax spelled with keywords, {@link SubqueryParser}, {@link TypeNameParser}): one token cursor with its
 * nesting depth, the names found so far, and the small rules of PostgreSQL's grammar every part needs.
 */
abstract class FilterGrammar {

    static final String PG_CATALOG = "pg_catalog";
    static final Set<String> INTERVAL_FIELDS = Set.of("year", "month", "day", "hour", "minute", "second");

    /** One parse: the tokens and where it stands, how deep it is, what it found, and its parts. */
    static final class State {
        final List<Token> tokens;
        int p;
        int depth;
        final Set<Call> calls = new LinkedHashSet<>();
        final Set<Operator> operators = new LinkedHashSet<>();
        final Set<TypeRef> types = new LinkedHashSet<>();
        final Set<Relation> relations = new LinkedHashSet<>();
        final Set<String> attributes = new LinkedHashSet<>();
        RowFilterParser expressions;
        KeywordExpressionParser keywords;
        SubqueryParser queries;
        TypeNameParser typeNames;

        State(List<Token> tokens) {
            this.tokens = tokens;
        }
    }

    final State state;
    final Set<Call> calls;
    final Set<Operator> operators;
    final Set<TypeRef> types;
    final Set<Relation> relations;
    final Set<String> attributes;

    FilterGrammar(State state) {
        this.state = state;
        this.calls = state.calls;
        this.operators = state.operators;
        this.types = state.types;
        this.relations = state.relations;
        this.attributes = state.attributes;
    }

    /** The expression part, for the parts that contain expressions. */
    RowFilterParser ex() {
        return state.expressions;
    }

    int mark() {
        return state.p;
    }

    void reset(int mark) {
        state.p = mark;
    }

    void back() {
        state.p--;
    }

    Token peek() {
        return state.tokens.get(state.p);
    }

    Token peek(int ahead) {
        return state.tokens.get(Math.min(state.p + ahead, state.tokens.size() - 1));
    }

    Token next() {
        Token t = state.tokens.get(state.p);
        if (t.kind() != Kind.EOF) {
            state.p++;
        }
        return t;
    }

    boolean atWord(String w) {
        return peek().word(w);
    }

    boolean atPunct(String s) {
        return peek().is(Kind.PUNCT, s);
    }

    boolean atOp(String s) {
        return peek().is(Kind.OP, s);
    }

    boolean acceptWord(String w) {
        if (atWord(w)) {
            state.p++;
            return true;
        }
        return false;
    }

    boolean acceptPunct(String s) {
        if (atPunct(s)) {
            state.p++;
            return true;
        }
        return false;
    }

    void expectWord(String w) {
        if (!acceptWord(w)) {
            throw unexpected("where " + w.toUpperCase(Locale.ROOT) + " was expected");
        }
    }

    void expectPunct(String s) {
        if (!acceptPunct(s)) {
            throw unexpected("where \"" + s + "\" was expected");
        }
    }

    RowFilterException unexpected(String where) {
        Token t = peek();
        return new RowFilterException("has an unexpected " + t.describe()
                + (t.kind() == Kind.EOF ? "" : " at position " + (t.pos() + 1)) + " " + where);
    }

    RowFilterException unsupported(Token t, String what) {
        return new RowFilterException("uses " + what + " at position " + (t.pos() + 1)
                + ", which is not supported in a row filter");
    }

    void enter() {
        if (++state.depth > RowFilterParser.MAX_DEPTH) {
            throw new RowFilterException("is nested too deeply (more than " + RowFilterParser.MAX_DEPTH + " levels)");
        }
    }

    void leave() {
        state.depth--;
    }

    /** A column name: an identifier that is not a reserved or type/function-name keyword, or a quoted one. */
    static boolean isColId(Token t) {
        return t.kind() == Kind.QUOTED_IDENT
                || t.kind() == Kind.IDENT && t.keyword() != Keywords.RESERVED && t.keyword() != Keywords.TYPE_FUNC_NAME;
    }

    /** A function or type name: not reserved, not a column-name keyword. */
    static boolean isTypeFunctionName(Token t) {
        return t.kind() == Kind.QUOTED_IDENT
                || t.kind() == Kind.IDENT && t.keyword() != Keywords.RESERVED && t.keyword() != Keywords.COL_NAME;
    }

    /** Any word or quoted identifier (after a dot, after AS). */
    static boolean isLabel(Token t) {
        return t.kind() == Kind.IDENT || t.kind() == Kind.QUOTED_IDENT;
    }

    static boolean isPlainString(Token t) {
        return t.kind() == Kind.STRING && t.prefix() != 'N';
    }

    static String show(Token t) {
        return t.kind() == Kind.QUOTED_IDENT ? t.describe() : t.text();
    }

    RowFilterException withRefused(Token t) {
        return new RowFilterException("uses WITH at position " + (t.pos() + 1) + ": common table expressions are not "
                + "supported in a row filter; write the subquery inline");
    }

    static boolean startsQuery(Token t) {
        return t.word("select") || t.word("values") || t.word("with") || t.word("table");
    }

    /** From a {@code (}: does a string constant follow the matching {@code )}? ({@code f(…) '…'} is a typed literal.) */
    boolean isPlainStringAfterParens() {
        int level = 0;
        for (int k = state.p; k < state.tokens.size(); k++) {
            Token t = state.tokens.get(k);
            if (t.is(Kind.PUNCT, "(")) {
                level++;
            } else if (t.is(Kind.PUNCT, ")") && --level == 0) {
                return isPlainString(state.tokens.get(Math.min(k + 1, state.tokens.size() - 1)));
            }
        }
        return false;
    }

    /** {@code name} or {@code schema.name}; three parts (a database) are refused. */
    List<Token> qualifiedName() {
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

    /** A possibly qualified name (a collation). */
    String anyName() {
        Token t = next();
        if (!isColId(t)) {
            back();
            throw unexpected("where a name was expected");
        }
        StringBuilder b = new StringBuilder(show(t));
        while (atPunct(".") && isLabel(peek(1))) {
            next();
            b.append('.').append(show(next()));
        }
        return b.toString();
    }
}
