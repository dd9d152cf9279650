package dev.pgclone.contracts.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a row filter into tokens exactly as PostgreSQL's lexer ({@code scan.l}, with {@code standard_conforming_strings
 * = on}, which the worker sets for a filtered COPY) would, so that what the parser checks is what the server runs.
 * Where the two could disagree, or where PostgreSQL offers a way to hide text (comments, dollar quotes, Unicode-escaped
 * identifiers, parameters, statement separators), the filter is refused instead.
 *
 * <p>Token boundaries follow PostgreSQL: a prefix ({@code E}, {@code U&}, {@code B}, {@code X}, {@code N}) only counts
 * at the start of a token ({@code typeE'x'} is the identifier {@code typee} and a standard string); a string continues
 * across whitespace holding a newline; an operator is the longest run of operator characters, cut before
 * {@code --} or {@code /*}, with trailing {@code +}/{@code -} dropped unless it holds one of {@code ~!@#^&|`?%};
 * unquoted identifiers are lower-cased (ASCII letters only) and any non-ASCII character is an identifier character.
 */
public final class RowFilterLexer {

    /** PostgreSQL's NAMEDATALEN - 1: longer identifiers would be truncated by the server, so they are refused. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    /** Kinds of tokens. Punctuation and operators keep their text ({@code !=} is normalized to {@code <>}). */
    public enum Kind {
        /** An unquoted word, lower-cased; {@link Token#keyword()} tells its keyword category. */
        IDENT,
        /** A double-quoted identifier, case kept. */
        QUOTED_IDENT,
        /** A character string constant ({@code '…'}, {@code E'…'}, {@code U&'…'}, {@code N'…'}). */
        STRING,
        /** A bit string constant ({@code B'…'}, {@code X'…'}). */
        BIT_STRING,
        NUMBER,
        /** An operator: the one-character SQL operators, {@code <= >= <>}, or any other run of operator characters. */
        OP,
        /** {@code ( ) [ ] , . : :: := =>}. */
        PUNCT,
        EOF
    }

    /**
     * One token.
     *
     * @param text identifier name (lower-cased if unquoted, quotes removed), operator or punctuation, or the literal's
     *             source text
     * @param pos 0-based offset in the filter
     * @param keyword {@link Keywords} category of an unquoted word, 0 otherwise
     * @param prefix a string's kind: {@code '} plain, {@code E}, {@code U}, {@code N}, {@code B}, {@code X}; 0 otherwise
     */
    public record Token(Kind kind, String text, int pos, char keyword, char prefix) {

        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        /** An unquoted word with this (lower-case) spelling. */
        boolean word(String w) {
            return kind == Kind.IDENT && text.equals(w);
        }

        String describe() {
            return switch (kind) {
                case EOF -> "the end of the filter";
                case QUOTED_IDENT -> "\"" + text.replace("\"", "\"\"") + "\"";
                case STRING, BIT_STRING, NUMBER -> abbreviate(text);
                case IDENT -> keyword != 0 ? text.toUpperCase(java.util.Locale.ROOT) : text;
                default -> "\"" + text + "\"";
            };
        }

        private static String abbreviate(String s) {
            return s.length() > 30 ? s.substring(0, 27) + "..." : s;
        }
    }

    private static final String OP_CHARS = "~!@#^&|`?+-*/%<>=";
    /** Characters PostgreSQL returns as single-character tokens when they stand alone. */
    private static final String SELF_OPS = "+-*/%^<>=";
    /** Characters whose presence lets an operator end in + or -. */
    private static final String NON_SQL_OP_CHARS = "~!@#^&|`?%";

    private final String s;
    private final int n;
    private int i;
    private final List<Token> out = new ArrayList<>();

    private RowFilterLexer(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The tokens of {@code filter}, ending with an {@link Kind#EOF} token. */
    public static List<Token> tokenize(String filter) {
        RowFilterLexer lexer = new RowFilterLexer(filter);
        lexer.run();
        return lexer.out;
    }

    private void run() {
        while (true) {
            skipSpace();
            if (i >= n) {
                out.add(new Token(Kind.EOF, "", n, (char) 0, (char) 0));
                return;
            }
            char c = s.charAt(i);
            int start = i;
            if (c == '\'') {
                string(start, '\'', i + 1);
            } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                string(start, 'E', i + 2);
            } else if ((c == 'b' || c == 'B') && peek(1) == '\'') {
                bitString(start, 'B');
            } else if ((c == 'x' || c == 'X') && peek(1) == '\'') {
                bitString(start, 'X');
            } else if ((c == 'n' || c == 'N') && peek(1) == '\'') {
                string(start, 'N', i + 2);
            } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '\'') {
                string(start, 'U', i + 3);
            } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '"') {
                throw refuse("must not contain Unicode-escaped identifiers (U&\"…\")");
            } else if (c == '"') {
                quotedIdentifier(start);
            } else if (isIdentStart(c)) {
                identifier(start);
            } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                number(start);
            } else if (c == '$') {
                dollar();
            } else if (c == ':') {
                if (peek(1) == ':') {
                    punct(start, "::", 2);
                } else if (peek(1) == '=') {
                    punct(start, ":=", 2);
                } else {
                    punct(start, ":", 1);
                }
            } else if (c == '.') {
                if (peek(1) == '.') {
                    throw refuse("has \"..\" at position " + (start + 1) + ", which is not valid SQL");
                }
                punct(start, ".", 1);
            } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
                punct(start, String.valueOf(c), 1);
            } else if (c == ';') {
                throw refuse("must not contain a semicolon");
            } else if (OP_CHARS.indexOf(c) >= 0) {
                operator(start);
            } else if (c == '\\') {
                throw refuse("must not contain backslashes outside string literals");
            } else if (c == 0) {
                throw refuse("must not contain NUL characters");
            } else {
                throw refuse("has an unexpected character " + printable(c) + " at position " + (start + 1));
            }
        }
    }

    private char peek(int ahead) {
        return i + ahead < n ? s.charAt(i + ahead) : 0;
    }

    private void skipSpace() {
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '-' && peek(1) == '-' || c == '/' && peek(1) == '*') {
                throw refuse("must not contain SQL comments");
            } else {
                return;
            }
        }
    }

    /** PostgreSQL's {@code space}: {@code [ \t\n\r\f\v]} (before 16 {@code \v} is a syntax error there, never more). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == 0x0B;
    }

    /** {@code [A-Za-z\200-\377_]}: every non-ASCII character starts an identifier. */
    private static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    private static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void punct(int start, String text, int length) {
        out.add(new Token(Kind.PUNCT, text, start, (char) 0, (char) 0));
        i = start + length;
    }

    private void identifier(int start) {
        int j = start;
        while (j < n && isIdentCont(s.charAt(j))) {
            j++;
        }
        String word = lowerAscii(s.substring(start, j));
        checkLength(word, start);
        out.add(new Token(Kind.IDENT, word, start, Keywords.category(word), (char) 0));
        i = j;
    }

    private void quotedIdentifier(int start) {
        StringBuilder name = new StringBuilder();
        int j = start + 1;
        while (true) {
            if (j >= n) {
                throw refuse("has an unterminated quoted identifier");
            }
            char c = s.charAt(j);
            if (c == '"') {
                if (j + 1 < n && s.charAt(j + 1) == '"') {
                    name.append('"');
                    j += 2;
                    continue;
                }
                break;
            }
            if (c == 0) {
                throw refuse("must not contain NUL characters");
            }
            name.append(c);
            j++;
        }
        if (name.isEmpty()) {
            throw refuse("has an empty quoted identifier (\"\") at position " + (start + 1));
        }
        checkLength(name.toString(), start);
        out.add(new Token(Kind.QUOTED_IDENT, name.toString(), start, (char) 0, (char) 0));
        i = j + 1;
    }

    private static void checkLength(String name, int start) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw refuse("has an identifier longer than " + MAX_IDENTIFIER_BYTES + " bytes at position " + (start + 1)
                    + " (PostgreSQL would truncate it)");
        }
    }

    /** PostgreSQL lower-cases A-Z only (in UTF-8 databases; other letters are left as they are). */
    static String lowerAscii(String word) {
        StringBuilder b = null;
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) {
                    b = new StringBuilder(word);
                }
                b.setCharAt(k, (char) (c + ('a' - 'A')));
            }
        }
        return b == null ? word : b.toString();
    }

    /**
     * {@code '…'} ({@code ''} is a quote), {@code E'…'} (also backslash escapes, {@code \'} included), {@code U&'…'}
     * and {@code N'…'} (standard). A closing quote followed by whitespace that holds a newline and another quote
     * continues the string, as in PostgreSQL.
     */
    private void string(int start, char prefix, int bodyStart) {
        boolean escapes = prefix == 'E';
        int j = bodyStart;
        while (true) {
            if (j >= n) {
                throw refuse("has an unterminated string literal");
            }
            char c = s.charAt(j);
            if (c == 0) {
                throw refuse("must not contain NUL characters");
            }
            if (escapes && c == '\\') {
                if (j + 1 >= n) {
                    throw refuse("has an unterminated string literal");
                }
                j += 2;
            } else if (c == '\'') {
                if (j + 1 < n && s.charAt(j + 1) == '\'') {
                    j += 2;
                } else {
                    int next = continuation(j + 1);
                    if (next < 0) {
                        j++;
                        break;
                    }
                    j = next;
                }
            } else {
                j++;
            }
        }
        out.add(new Token(Kind.STRING, s.substring(start, j), start, (char) 0, prefix));
        i = j;
    }

    /** {@code B'…'} and {@code X'…'}: no quote doubling, no escapes; continuation as for strings. */
    private void bitString(int start, char prefix) {
        int j = start + 2;
        while (true) {
            if (j >= n) {
                throw refuse("has an unterminated bit string literal");
            }
            char c = s.charAt(j);
            if (c == 0) {
                throw refuse("must not contain NUL characters");
            }
            if (c == '\'') {
                int next = continuation(j + 1);
                if (next < 0) {
                    j++;
                    break;
                }
                j = next;
            } else {
                j++;
            }
        }
        out.add(new Token(Kind.BIT_STRING, s.substring(start, j), start, (char) 0, prefix));
        i = j;
    }

    /**
     * After a closing quote at {@code from - 1}: PostgreSQL's {@code {whitespace_with_newline}{quote}} continues the
     * string. Returns the index after the continuing quote, or -1. (Comments could be part of that whitespace; they
     * are refused wherever they stand, so they need not be followed here.)
     */
    private int continuation(int from) {
        int j = from;
        while (j < n && isHorizontalSpace(s.charAt(j))) {
            j++;
        }
        if (j >= n || (s.charAt(j) != '\n' && s.charAt(j) != '\r')) {
            return -1;
        }
        while (j < n && isSpace(s.charAt(j))) {
            j++;
        }
        return j < n && s.charAt(j) == '\'' ? j + 1 : -1;
    }

    /**
     * PostgreSQL 16's numbers: decimal, {@code 0x}/{@code 0o}/{@code 0b} integers, {@code _} between digits, fractions,
     * exponents. A number running into letters or a malformed exponent is refused (16 calls it trailing junk; 14 would
     * read two tokens).
     */
    private void number(int start) {
        int j = start;
        char c = s.charAt(j);
        char base = j + 1 < n ? Character.toLowerCase(s.charAt(j + 1)) : 0;
        if (c == '0' && (base == 'x' || base == 'o' || base == 'b')) {
            j += 2;
            int digits = digits(j, base == 'x' ? 16 : base == 'o' ? 8 : 2, true);
            if (digits == j) {
                throw junk(start);
            }
            j = digits;
        } else {
            if (c != '.') {
                j = digits(j, 10, false);
            }
            if (j < n && s.charAt(j) == '.' && !(j + 1 < n && s.charAt(j + 1) == '.')) {
                j++;
                if (j < n && isDigit(s.charAt(j))) {
                    j = digits(j, 10, false);
                }
            }
            if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                int k = j + 1;
                if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                    k++;
                }
                if (k >= n || !isDigit(s.charAt(k))) {
                    throw junk(start);
                }
                j = digits(k, 10, false);
            }
        }
        if (j < n && isIdentCont(s.charAt(j))) {
            throw junk(start);
        }
        out.add(new Token(Kind.NUMBER, s.substring(start, j), start, (char) 0, (char) 0));
        i = j;
    }

    /**
     * End of {@code digit(_?digit)*} in {@code radix} from {@code j} ({@code j} itself when no digit is there);
     * {@code leadingUnderscore}: {@code _?digit} from the start, as after {@code 0x}.
     */
    private int digits(int j, int radix, boolean leadingUnderscore) {
        int k = j;
        boolean any = false;
        while (k < n) {
            char c = s.charAt(k);
            if (isRadixDigit(c, radix)) {
                k++;
                any = true;
            } else if (c == '_' && (any || leadingUnderscore) && k + 1 < n && isRadixDigit(s.charAt(k + 1), radix)) {
                k++;
            } else {
                break;
            }
        }
        return any ? k : j;
    }

    private static boolean isRadixDigit(char c, int radix) {
        return switch (radix) {
            case 16 -> isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            case 8 -> c >= '0' && c <= '7';
            case 2 -> c == '0' || c == '1';
            default -> isDigit(c);
        };
    }

    private RowFilterException junk(int start) {
        return refuse("has trailing junk after the number at position " + (start + 1));
    }

    private void dollar() {
        int j = i + 1;
        if (j < n && isDigit(s.charAt(j))) {
            throw refuse("must not contain parameters ($1)");
        }
        throw refuse("must not contain dollar-quoted strings or a stray $");
    }

    /** PostgreSQL's {@code {operator}} rule, including where it cuts the run. */
    private void operator(int start) {
        int end = start;
        while (end < n && OP_CHARS.indexOf(s.charAt(end)) >= 0) {
            end++;
        }
        String run = s.substring(start, end);
        int cut = run.length();
        int slashStar = run.indexOf("/*");
        int dashDash = run.indexOf("--");
        if (slashStar >= 0 || dashDash >= 0) {
            throw refuse("must not contain SQL comments");
        }
        if (run.contains("*/")) {
            throw refuse("must not contain SQL comments (a stray */)");
        }
        if (cut > 1 && (run.charAt(cut - 1) == '+' || run.charAt(cut - 1) == '-')) {
            boolean qualifying = false;
            for (int k = cut - 2; k >= 0; k--) {
                if (NON_SQL_OP_CHARS.indexOf(run.charAt(k)) >= 0) {
                    qualifying = true;
                    break;
                }
            }
            if (!qualifying) {
                do {
                    cut--;
                } while (cut > 1 && (run.charAt(cut - 1) == '+' || run.charAt(cut - 1) == '-'));
            }
        }
        String op = run.substring(0, cut);
        if (op.length() >= MAX_IDENTIFIER_BYTES + 1) {
            throw refuse("has an operator that is too long at position " + (start + 1));
        }
        if (op.equals("=>")) {
            out.add(new Token(Kind.PUNCT, op, start, (char) 0, (char) 0));
        } else {
            out.add(new Token(Kind.OP, op.equals("!=") ? "<>" : op, start, (char) 0, (char) 0));
        }
        i = start + cut;
    }

    static boolean isSqlSelfOperator(String op) {
        return op.length() == 1 && SELF_OPS.indexOf(op.charAt(0)) >= 0;
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private static RowFilterException refuse(String message) {
        return new RowFilterException(message);
    }
}
