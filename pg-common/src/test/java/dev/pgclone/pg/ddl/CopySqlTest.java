package dev.pgclone.pg.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.contracts.task.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopySqlTest {

    private final TableRef table = new TableRef("Sales", "Order \"Lines\"");

    @Test
    void aWholeTableWithoutFilterIsAPlainCopy() {
        assertThat(CopySql.copyOut(table, List.of("id", "Label"), null, TablePart.WHOLE))
                .isEqualTo("COPY \"Sales\".\"Order \"\"Lines\"\"\" (\"id\", \"Label\") TO STDOUT");
    }

    @Test
    void aFilterOrAKeyRangeReadsOnlyThisTablesRows() {
        assertThat(CopySql.copyOut(table, List.of("id"), "id > 5", new TablePart(1, 3, "id", 100L, 200L)))
                .isEqualTo("COPY (SELECT \"id\" FROM ONLY \"Sales\".\"Order \"\"Lines\"\"\" WHERE (id > 5) AND \"id\" >= 100"
                        + " AND \"id\" < 200) TO STDOUT");
        assertThat(CopySql.copyOut(table, List.of("id"), null, new TablePart(0, 2, "id", null, 10L)))
                .isEqualTo("COPY (SELECT \"id\" FROM ONLY \"Sales\".\"Order \"\"Lines\"\"\" WHERE \"id\" < 10) TO STDOUT");
    }

    @Test
    void aFilterRunsWithTheTablesSchemaOnThePathAndStandardStrings() {
        assertThat(CopySql.filterSettings(table)).containsExactly("SET LOCAL search_path = \"Sales\"",
                "SET LOCAL standard_conforming_strings = on");
    }

    @Test
    void copyInNamesColumnsAndFreezesOnlyWhenAsked() {
        assertThat(CopySql.copyIn(table, List.of("id"), true))
                .isEqualTo("COPY \"Sales\".\"Order \"\"Lines\"\"\" (\"id\") FROM STDIN WITH (FREEZE)");
        assertThat(CopySql.copyIn(table, List.of("id"), false)).doesNotContain("FREEZE");
    }
}
