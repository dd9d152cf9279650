package dev.pgclone.pg.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.pg.catalog.QualifiedName;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueSamplerTest {

    private static final QualifiedName TABLE = new QualifiedName("Shop Ü", "Order \"Lines\"");

    @Test
    void smallOrUnanalyzedTablesAreSampledRowByRowAndNamesAreQuoted() {
        assertThat(ValueSampler.sql(TABLE, List.of("e-mail", "id"), 50, -1)).isEqualTo(
                "SELECT pg_catalog.left(\"e-mail\"::pg_catalog.text, 256), pg_catalog.left(\"id\"::pg_catalog.text, 256) "
                        + "FROM ONLY \"Shop Ü\".\"Order \"\"Lines\"\"\" TABLESAMPLE BERNOULLI (100) LIMIT 50");
        assertThat(ValueSampler.sql(TABLE, List.of("id"), 50, 999)).contains("BERNOULLI (100) LIMIT 50");
    }

    @Test
    void bigTablesAreSampledByPagesAimingAtFourTimesTheRowsWanted() {
        assertThat(ValueSampler.sql(TABLE, List.of("id"), 100, 1_000_000)).endsWith("TABLESAMPLE SYSTEM (0.0400) LIMIT 100");
        assertThat(ValueSampler.sql(TABLE, List.of("id"), 100, 2000)).endsWith("TABLESAMPLE SYSTEM (20.0000) LIMIT 100");
        assertThat(ValueSampler.sql(TABLE, List.of("id"), 1, 1e12)).endsWith("TABLESAMPLE SYSTEM (0.0001) LIMIT 1");
    }

    @Test
    void nothingToSampleIsAMistake() {
        assertThatThrownBy(() -> ValueSampler.sql(TABLE, List.of(), 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueSampler.sql(TABLE, List.of("id"), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
