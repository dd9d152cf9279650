package dev.pgclone.inspector.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.inspector.verify.VerifyPlan.Part;
import dev.pgclone.inspector.verify.VerifyPlan.Side;
import dev.pgclone.inspector.verify.VerifyPlan.TableOnSide;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.compare.TableInventory.Entry;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.pg.compare.TableSignature.PageRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which rows a verify compares and how they add up, without a server. */
class VerifyPlanTest {

    private static final QualifiedName ORDERS = new QualifiedName("app", "orders");
    private static final QualifiedName EVENTS = new QualifiedName("app", "events");
    private static final QualifiedName E2024 = new QualifiedName("app", "events_2024");
    private static final QualifiedName E2025 = new QualifiedName("archive", "events_2025");

    @Test
    void columnsAreTheSharedOnesInTheSourcesOrderAndTheOthersAreNamed() {
        VerifyPlan plan = VerifyPlan.of(List.of(table(ORDERS, 10, "id", "note", "total", "legacy")),
                List.of(table(ORDERS, 10, "total", "id", "note", "added")), Map.of(), 100);

        assertThat(plan.parts(Side.SOURCE)).singleElement().extracting(Part::columns).isEqualTo(List.of("id", "note", "total"));
        assertThat(plan.parts(Side.TARGET)).singleElement().extracting(Part::columns).isEqualTo(List.of("id", "note", "total"));
        VerifyPlan.Reported orders = plan.reported().get(0);
        assertThat(orders.columnsOnlyInSource()).containsExactly("legacy");
        assertThat(orders.columnsOnlyInTarget()).containsExactly("added");

        VerifyRow row = plan.exactRows(signatures(ORDERS, sig(5, 1), sig(5, 1))).get(0);
        assertThat(row.match()).isEqualTo(VerifyRow.DIFFERENT);
        assertThat(row.reason()).isEqualTo("columns only on the source: legacy; columns only on the target: added");
    }

    @Test
    void excludedColumnsAreLeftOutAndNamed() {
        VerifyPlan plan = VerifyPlan.of(List.of(table(ORDERS, 1, "id", "email", "note")),
                List.of(table(ORDERS, 1, "id", "email", "note")), Map.of(ORDERS, Set.of("email", "nowhere")), 100);

        assertThat(plan.parts(Side.SOURCE).get(0).columns()).containsExactly("id", "note");
        VerifyRow row = plan.exactRows(signatures(ORDERS, sig(2, 7), sig(2, 7))).get(0);
        assertThat(row.match()).isEqualTo(VerifyRow.MATCH);
        assertThat(row.reason()).isNull();
        assertThat(row.excludedColumns()).containsExactly("email");
    }

    @Test
    void aPartitionedTableIsTheSumOfItsLeavesAndEachLeafIsReadOnce() {
        Entry events = new Entry(EVENTS, 'p', true, 10, 0, List.of("id", "at"), List.of(E2024, E2025));
        Entry leaf2024 = new Entry(E2024, 'r', true, 4, 1, List.of("id", "at"), List.of());
        Entry leaf2025 = new Entry(E2025, 'r', false, 6, 1, List.of("at", "id"), List.of());
        VerifyPlan plan = VerifyPlan.of(List.of(events, leaf2024, leaf2025), List.of(events, leaf2024, leaf2025),
                Map.of(EVENTS, Set.of("at")), 100);

        assertThat(plan.parts(Side.SOURCE)).extracting(p -> p.table().table()).containsExactlyInAnyOrder(E2024, E2025);
        assertThat(plan.parts(Side.SOURCE)).allSatisfy(p -> assertThat(p.columns()).as("the parent's exclusions apply")
                .containsExactly("id"));
        assertThat(plan.reported()).extracting(VerifyPlan.Reported::name).as("a leaf elsewhere is read, not reported")
                .containsExactly(EVENTS, E2024);

        Map<TableOnSide, TableSignature> signatures = new HashMap<>();
        signatures.putAll(signatures(E2024, sig(4, 1), sig(4, 1)));
        signatures.putAll(signatures(E2025, sig(6, 2), sig(6, 3)));
        List<VerifyRow> rows = plan.exactRows(signatures);
        assertThat(rows.get(0).sourceRows()).isEqualTo(10);
        assertThat(rows.get(0).match()).isEqualTo(VerifyRow.DIFFERENT);
        assertThat(rows.get(0).reason()).isEqualTo("same row count, different rows");
        assertThat(rows.get(0).sourceHash()).isEqualTo(sig(4, 1).plus(sig(6, 2)).hash());
        assertThat(rows.get(1).match()).isEqualTo(VerifyRow.MATCH);

        List<VerifyRow> estimate = plan.estimateRows(VerifyPlan.byName(List.of(events, leaf2024, leaf2025)),
                VerifyPlan.byName(List.of(events, leaf2024, leaf2025)));
        assertThat(estimate.get(0).sourceRows()).as("the leaves' estimates, not the parent's").isEqualTo(10);
    }

    @Test
    void aBigTableIsSplitIntoPageRangesTheLastOneOpen() {
        VerifyPlan plan = VerifyPlan.of(List.of(table(ORDERS, 250, "id"), table(E2024, 3, "id")), List.of(), Map.of(), 100);

        assertThat(plan.parts(Side.SOURCE)).extracting(Part::pages).containsExactly(new PageRange(0, 100L),
                new PageRange(100, 200L), new PageRange(200, null), PageRange.ALL);
        assertThat(plan.parts(Side.TARGET)).isEmpty();
    }

    @Test
    void tablesOnOneSideOnlyAreMissingOrExtraWithTheirRowCounts() {
        VerifyPlan plan = VerifyPlan.of(List.of(table(ORDERS, 1, "id")), List.of(table(E2024, 1, "id")), Map.of(), 100);
        Map<TableOnSide, TableSignature> signatures = new HashMap<>();
        signatures.put(new TableOnSide(Side.SOURCE, ORDERS), sig(1204500, 9));
        signatures.put(new TableOnSide(Side.TARGET, E2024), sig(3, 4));

        List<VerifyRow> rows = plan.exactRows(signatures);

        assertThat(rows).extracting(VerifyRow::tableName).containsExactly("events_2024", "orders");
        VerifyRow extra = rows.get(0);
        assertThat(extra.match()).isEqualTo("✗ (extra)");
        assertThat(extra.sourceRows()).isZero();
        assertThat(extra.targetRows()).isEqualTo(3);
        assertThat(extra.sourceHash()).isNull();
        VerifyRow missing = rows.get(1);
        assertThat(missing.match()).isEqualTo("✗ (missing)");
        assertThat(missing.sourceRows()).isEqualTo(1204500);
        assertThat(missing.targetRows()).as("as pgclone prints it").isZero();
        assertThat(missing.reason()).isEqualTo("missing on the target");
    }

    @Test
    void anEstimateWithoutStatisticsIsUnknownNotDifferent() {
        Entry analyzed = new Entry(ORDERS, 'r', true, 15230, 10, List.of("id"), List.of());
        Entry neverAnalyzed = new Entry(ORDERS, 'r', true, -1, 0, List.of("id"), List.of());
        Entry other = new Entry(ORDERS, 'r', true, 15229.6, 10, List.of("id"), List.of());

        assertThat(estimate(analyzed, neverAnalyzed)).satisfies(r -> {
            assertThat(r.match()).isEqualTo("?");
            assertThat(r.targetRows()).isNull();
            assertThat(r.reason()).isEqualTo("never analyzed on the target: run ANALYZE, or verify in exact mode");
        });
        assertThat(estimate(analyzed, other).match()).as("reltuples rounded").isEqualTo("✓");
        assertThat(estimate(analyzed, new Entry(ORDERS, 'r', true, 97855, 10, List.of("id"), List.of())))
                .satisfies(r -> assertThat(r.match()).isEqualTo("✗"));
    }

    private static VerifyRow estimate(Entry source, Entry target) {
        return VerifyPlan.of(List.of(source), List.of(target), Map.of(), 100)
                .estimateRows(VerifyPlan.byName(List.of(source)), VerifyPlan.byName(List.of(target))).get(0);
    }

    private static Entry table(QualifiedName name, long pages, String... columns) {
        return new Entry(name, 'r', true, 0, pages, List.of(columns), List.of());
    }

    private static TableSignature sig(long rows, long salt) {
        return new TableSignature(rows, salt * 31, salt * 17);
    }

    private static Map<TableOnSide, TableSignature> signatures(QualifiedName table, TableSignature source, TableSignature target) {
        return Map.of(new TableOnSide(Side.SOURCE, table), source, new TableOnSide(Side.TARGET, table), target);
    }
}
