package dev.pgclone.contracts.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.filter.RowFilterLexer.Kind;
import dev.pgclone.contracts.filter.RowFilterLexer.Token;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Token boundaries as PostgreSQL's scan.l draws them, with standard_conforming_strings on. */
class RowFilterLexerTest {

    static Stream<Arguments> boundaries() {
        return Stream.of(
                Arguments.of("'it''s' x",
                        "STRING:'it''s' IDENT:x"),
                Arguments.of("'a\\' x",
                        "STRING:'a\\' IDENT:x"),
                Arguments.of("E'a\\'b' x",
                        "STRING:E'a\\'b' IDENT:x"),
                Arguments.of("e'\\\\' x",
                        "STRING:e'\\\\' IDENT:x"),
                Arguments.of("E'a''b'",
                        "STRING:E'a''b'"),
                Arguments.of("typeE'x'",
                        "IDENT:typee STRING:'x'"),
                Arguments.of("N'x'",
                        "STRING:N'x'"),
                Arguments.of("B'101' X'1F'",
                        "BIT_STRING:B'101' BIT_STRING:X'1F'"),
                Arguments.of("U&'d\\0061t' UESCAPE '!'",
                        "STRING:U&'d\\0061t' IDENT:uescape STRING:'!'"),
                Arguments.of("u&x",
                        "IDENT:u OP:& IDENT:x"),
                Arguments.of("\"Mixed \"\"Q\"\"\"",
                        "QUOTED_IDENT:Mixed \"Q\""),
                Arguments.of("SeLeCt Zürich straße",
                        "IDENT:select IDENT:zürich IDENT:straße"),
                Arguments.of("a$b _x1",
                        "IDENT:a$b IDENT:_x1"),
                Arguments.of("1e5 .5 5. 1.5e-3 0x1F 0o17 0b101 1_000 0x_FF",
                        "NUMBER:1e5 NUMBER:.5 NUMBER:5. NUMBER:1.5e-3 NUMBER:0x1F NUMBER:0o17 NUMBER:0b101 NUMBER:1_000 NUMBER:0x_FF"),
                Arguments.of("a=-1",
                        "IDENT:a OP:= OP:- NUMBER:1"),
                Arguments.of("a@-1",
                        "IDENT:a OP:@- NUMBER:1"),
                Arguments.of("a<=>b",
                        "IDENT:a OP:<=> IDENT:b"),
                Arguments.of("a!=b a<>b a>=b",
                        "IDENT:a OP:<> IDENT:b IDENT:a OP:<> IDENT:b IDENT:a OP:>= IDENT:b"),
                Arguments.of("a*-1",
                        "IDENT:a OP:* OP:- NUMBER:1"),
                Arguments.of("a%-1",
                        "IDENT:a OP:%- NUMBER:1"),
                Arguments.of("a+-+-b",
                        "IDENT:a OP:+ OP:- OP:+ OP:- IDENT:b"),
                Arguments.of("a->>'k' a#>'{x}' a||b",
                        "IDENT:a OP:->> STRING:'k' IDENT:a OP:#> STRING:'{x}' IDENT:a OP:|| IDENT:b"),
                Arguments.of("x::int[1:2] f(a=>1, b:=2)",
                        "IDENT:x PUNCT::: IDENT:int PUNCT:[ NUMBER:1 PUNCT:: NUMBER:2 PUNCT:] IDENT:f PUNCT:( IDENT:a PUNCT:=> NUMBER:1 PUNCT:, IDENT:b PUNCT::= NUMBER:2 PUNCT:)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaries")
    void splitsAsPostgresDoes(String source, String expected) {
        assertThat(render(RowFilterLexer.tokenize(source))).isEqualTo(expected);
    }

    @Test
    void aStringContinuesAcrossWhitespaceHoldingANewline() {
        assertThat(render(RowFilterLexer.tokenize("'a' \n  'b' x"))).isEqualTo("STRING:'a' \n  'b' IDENT:x");
        assertThat(render(RowFilterLexer.tokenize("E'a'\n'\\'' x"))).isEqualTo("STRING:E'a'\n'\\'' IDENT:x");
        // without a newline they are two constants (a syntax error the parser reports)
        assertThat(render(RowFilterLexer.tokenize("'a' 'b'"))).isEqualTo("STRING:'a' STRING:'b'");
    }

    @Test
    void unquotedWordsCarryTheirKeywordCategory() {
        List<Token> tokens = RowFilterLexer.tokenize("select left between comment foo \"select\"");
        assertThat(tokens).extracting(Token::keyword).containsExactly('R', 'T', 'C', 'U', (char) 0, (char) 0, (char) 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            a -- b                     | comments
            a /* b */                  | comments
            a =/* b */                 | comments
            a =-- b                    | comments
            a */ b                     | comments
            $1                         | parameters
            $$x$$                      | dollar-quoted
            $q$x$q$                    | dollar-quoted
            a; b                       | semicolon
            a \\ b                     | backslashes
            U&"\\0061"                 | Unicode-escaped
            'open                      | unterminated string
            E'open\\'                  | unterminated string
            B'01                       | unterminated bit string
            "open                      | unterminated quoted identifier
            ""                         | empty quoted identifier
            1abc                       | trailing junk
            0x                         | trailing junk
            1e                         | trailing junk
            1e+                        | trailing junk
            0b102                      | trailing junk
            1..2                       | ..
            a { b                      | unexpected character
            """)
    void refusesWhatCouldHideTextOrIsNotSql(String source, String message) {
        assertThatThrownBy(() -> RowFilterLexer.tokenize(source)).isInstanceOf(RowFilterException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesNulAndOverlongIdentifiers() {
        assertThatThrownBy(() -> RowFilterLexer.tokenize("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> RowFilterLexer.tokenize("'a\0'")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> RowFilterLexer.tokenize("x".repeat(64))).hasMessageContaining("longer than 63 bytes");
        assertThatThrownBy(() -> RowFilterLexer.tokenize("\"" + "é".repeat(32) + "\"")).hasMessageContaining("63 bytes");
        assertThat(RowFilterLexer.tokenize("x".repeat(63))).hasSize(2);
    }

    @Test
    void verticalTabIsWhitespace() {
        assertThat(render(RowFilterLexer.tokenize("a\u000Bb"))).isEqualTo("IDENT:a IDENT:b");
    }

    private static String render(List<Token> tokens) {
        StringBuilder b = new StringBuilder();
        for (Token t : tokens) {
            if (t.kind() == Kind.EOF) {
                break;
            }
            b.append(b.isEmpty() ? "" : " ").append(t.kind()).append(':').append(t.text());
        }
        return b.toString();
    }
}
