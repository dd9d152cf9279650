package dev.pgclone.pg.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.task.CopySpec;
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

    @Test
    void maskedColumnsAreReadThroughTheirMaskAfterTheOthersOnEveryKindOfCopy() {
        List<ColumnMask> masks = List.of(new ColumnMask("E-mail", MaskRule.of(MaskStrategy.EMAIL), 0),
                new ColumnMask("ssn", MaskRule.of(MaskStrategy.NULL), 0));
        CopySpec whole = new CopySpec(table, table, List.of("id"), null, TablePart.WHOLE, true, null, masks, null);
        CopySpec part = new CopySpec(table, table, List.of("id"), "id > 5", new TablePart(1, 2, "id", 10L, null), false,
                null, masks, null);

        assertThat(CopySql.copyOut(whole)).isEqualTo("COPY (SELECT \"id\", "
                + "CASE WHEN \"E-mail\" IS NULL THEN NULL WHEN position('@' in \"E-mail\"::text) > 0 THEN  "
                + "left(\"E-mail\"::text, 1) || '***@' || split_part(\"E-mail\"::text, '@', 2) ELSE '***' END AS \"E-mail\", "
                + "NULL AS \"ssn\" FROM ONLY \"Sales\".\"Order \"\"Lines\"\"\") TO STDOUT");
        assertThat(CopySql.copyOut(part)).startsWith("COPY (SELECT \"id\", CASE WHEN \"E-mail\" IS NULL")
                .endsWith(" AS \"ssn\" FROM ONLY \"Sales\".\"Order \"\"Lines\"\"\" WHERE (id > 5) AND \"id\" >= 10) TO STDOUT");
        assertThat(CopySql.copyIn(whole)).isEqualTo(
                "COPY \"Sales\".\"Order \"\"Lines\"\"\" (\"id\", \"E-mail\", \"ssn\") FROM STDIN WITH (FREEZE)");
        assertThat(CopySql.copyIn(part)).isEqualTo(
                "COPY \"Sales\".\"Order \"\"Lines\"\"\" (\"id\", \"E-mail\", \"ssn\") FROM STDIN");
    }

    @Test
    void aCopyWithoutMasksIsUnchanged() {
        CopySpec plain = new CopySpec(table, table, List.of("id", "Label"), null, TablePart.WHOLE, false, null);
        assertThat(CopySql.copyOut(plain)).isEqualTo(CopySql.copyOut(table, List.of("id", "Label"), null, TablePart.WHOLE));
    }
}
