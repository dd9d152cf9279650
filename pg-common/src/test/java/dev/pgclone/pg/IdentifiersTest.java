package dev.pgclone.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void truncateCutsTo63BytesOnACharacterBoundary() {
        assertThat(Identifiers.truncate("a".repeat(70))).isEqualTo("a".repeat(63));
        assertThat(Identifiers.truncate("ü".repeat(40))).isEqualTo("ü".repeat(31));
        assertThat(Identifiers.truncate("\uD83D\uDC18".repeat(16))).isEqualTo("\uD83D\uDC18".repeat(15));
        assertThat(Identifiers.truncate("short")).isEqualTo("short");
    }

    @Test
    void withSuffixCutsTheBaseAndKeepsTheSuffix() {
        assertThat(Identifiers.withSuffix("orders", "_old")).isEqualTo("orders_old");
        assertThat(Identifiers.withSuffix("a".repeat(63), "_old")).isEqualTo("a".repeat(59) + "_old");
        // 30 × é is 60 bytes; 59 bytes would split the 30th, so 29 of them are kept.
        String cut = Identifiers.withSuffix("é".repeat(30) + "abc", "_old");
        assertThat(cut).isEqualTo("é".repeat(29) + "_old");
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void fitsSaysWhetherPostgresKeepsTheName() {
        assertThat(Identifiers.fits("a".repeat(63))).isTrue();
        assertThat(Identifiers.fits("a".repeat(64))).isFalse();
        assertThat(Identifiers.fits("é".repeat(32))).isFalse();
    }
}
