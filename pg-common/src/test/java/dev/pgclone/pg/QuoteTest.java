package dev.pgclone.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuoteTest {

    @Test
    void quotesEveryIdentifierAndDoublesEmbeddedQuotes() {
        assertThat(Quote.ident("orders")).isEqualTo("\"orders\"");
        assertThat(Quote.ident("Order \"Lines\"")).isEqualTo("\"Order \"\"Lines\"\"\"");
        assertThat(Quote.ident("Müller straße")).isEqualTo("\"Müller straße\"");
        assertThat(Quote.qualified("Sales Dept", "select")).isEqualTo("\"Sales Dept\".\"select\"");
    }

    @Test
    void refusesEmptyIdentifiersAndNul() {
        assertThatThrownBy(() -> Quote.ident("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quote.ident("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalsDoubleQuotesAndUseEscapeSyntaxForBackslashes() {
        assertThat(Quote.literal("it's")).isEqualTo("'it''s'");
        assertThat(Quote.literal("a\\b'c")).isEqualTo("E'a\\\\b''c'");
    }
}
