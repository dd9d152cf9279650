package dev.pgclone.pg.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.pg.compare.SchemaDiff.CategoryDiff;
import dev.pgclone.pg.compare.SchemaDiff.Modification;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison as a pure function: two snapshots in, the differences out. */
class SchemaDiffTest {

    private static final int PG17 = 170004;
    private static final int PG14 = 140013;

    @Test
    void identicalSnapshotsAreInSyncWithEveryCategoryEmpty() {
        SchemaSnapshot s = shop().build(PG17);

        SchemaDiff diff = SchemaDiff.between(s, shop().build(PG17));

        assertThat(diff.inSync()).isTrue();
        assertThat(diff.count()).isZero();
        assertThat(diff.targetSchemaExists()).isTrue();
        assertThat(diff.categories().keySet()).containsExactly(DiffCategory.values());
        assertThat(diff.notes()).isEmpty();
    }

    /** The example of pgclone's documentation: one table, one column, one index, one sequence. */
    @Test
    void pgclonesExampleCountsFourDifferences() {
        Snap source = shop().table("audit_log").column("audit_log", "id", "bigint", true, null)
                .column("customers", "loyalty_tier", "text", false, null)
                .fact(DiffCategory.INDEXES, Fact.object(null, "audit_log_at", Map.of("definition", "CREATE INDEX …")))
                .fact(DiffCategory.SEQUENCES, Fact.object(null, "audit_log_seq", Map.of()));
        Snap target = shop();
        target.columns.replaceAll(c -> c.scope().equals("customers") && c.name().equals("id")
                ? Fact.object("customers", "id", SchemaSnapshotReader.attributes("type", "integer", "not_null", true,
                        "default", "nextval('customers_id_seq'::regclass)")) : c);

        SchemaDiff diff = SchemaDiff.between(source.build(PG17), target.build(PG17));

        assertThat(diff.count()).isEqualTo(4);
        assertThat(diff.inSync()).isFalse();
        assertThat(diff.tables().onlyInSource()).containsExactly("audit_log");
        assertThat(diff.tables().modified()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("customers");
            assertThat(t.columnsOnlyInSource()).extracting(Fact::name).containsExactly("loyalty_tier");
            assertThat(t.columnsOnlyInSource().get(0).attributes()).containsEntry("type", "text").containsEntry("default", null);
            assertThat(t.columnsOnlyInTarget()).isEmpty();
            Modification id = t.columnsDrift().get(0);
            assertThat(id.name()).isEqualTo("id");
            assertThat(id.source()).containsEntry("type", "bigint").containsEntry("not_null", true);
            assertThat(id.target()).containsEntry("type", "integer").containsEntry("not_null", true);
        });
        assertThat(diff.category(DiffCategory.INDEXES).onlyInSource()).containsExactly("audit_log_at");
        assertThat(diff.category(DiffCategory.SEQUENCES).onlyInSource()).containsExactly("audit_log_seq");
    }

    @Test
    void aModificationShowsEveryComparedAttributeOnBothSides() {
        Snap source = shop().fact(DiffCategory.TRIGGERS, Fact.object("customers", "touch",
                SchemaSnapshotReader.attributes("definition", "CREATE TRIGGER touch …", "enabled", "origin")));
        Snap target = shop().fact(DiffCategory.TRIGGERS, Fact.object("customers", "touch",
                SchemaSnapshotReader.attributes("definition", "CREATE TRIGGER touch …", "enabled", "disabled")));

        CategoryDiff triggers = SchemaDiff.between(source.build(PG17), target.build(PG17)).category(DiffCategory.TRIGGERS);

        assertThat(triggers.modified()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("customers.touch");
            assertThat(m.source()).containsExactly(Map.entry("definition", "CREATE TRIGGER touch …"), Map.entry("enabled", "origin"));
            assertThat(m.target()).containsExactly(Map.entry("definition", "CREATE TRIGGER touch …"), Map.entry("enabled", "disabled"));
        });
    }

    @Test
    void aPropertyIsComparedOnlyWhereItsObjectIsOnBothSides() {
        ObjectKey orders = ObjectKey.of("table", "orders");
        Snap source = shop().table("orders")
                .fact(DiffCategory.COMMENTS, Fact.property(null, "table orders", orders, Map.of("comment", "orders")))
                .fact(DiffCategory.COMMENTS, Fact.property(null, "table customers", ObjectKey.of("table", "customers"),
                        Map.of("comment", "people")))
                .fact(DiffCategory.CONSTRAINTS, Fact.object("orders", "orders_pkey", Map.of("definition", "PRIMARY KEY (id)")));
        Snap target = shop();

        SchemaDiff diff = SchemaDiff.between(source.build(PG17), target.build(PG17));

        assertThat(diff.tables().onlyInSource()).containsExactly("orders");
        assertThat(diff.category(DiffCategory.COMMENTS).onlyInSource())
                .as("the missing table's comment is not a second difference; the kept table's lost comment is")
                .containsExactly("table customers");
        assertThat(diff.category(DiffCategory.CONSTRAINTS).onlyInSource())
                .as("objects with names of their own are listed, as pgclone does").containsExactly("orders.orders_pkey");
        assertThat(diff.count()).isEqualTo(3);
    }

    @Test
    void aPropertyOnlyTheTargetHasIsReportedWhenTheObjectIsOnBothSides() {
        ObjectKey customers = ObjectKey.of("table", "customers");
        Snap target = shop().fact(DiffCategory.ROW_SECURITY, Fact.property(null, "customers", customers,
                Map.of("enabled", true, "forced", false)));

        SchemaDiff diff = SchemaDiff.between(shop().build(PG17), target.build(PG17));

        assertThat(diff.category(DiffCategory.ROW_SECURITY).onlyInTarget()).containsExactly("customers");
    }

    @Test
    void sequencesArePresenceOnly() {
        Snap source = shop().fact(DiffCategory.SEQUENCES, Fact.object(null, "s", Map.of("ignored", "a")));
        Snap target = shop().fact(DiffCategory.SEQUENCES, Fact.object(null, "s", Map.of("ignored", "b")));

        assertThat(SchemaDiff.between(source.build(PG17), target.build(PG17)).inSync()).isTrue();
    }

    @Test
    void columnOrderComparesTheColumnsBothSidesHave() {
        Snap source = shop().column("customers", "email", "text", false, null).column("customers", "phone", "text", false, null);
        Snap target = shop().column("customers", "phone", "text", false, null).column("customers", "email", "text", false, null);

        SchemaDiff diff = SchemaDiff.between(source.build(PG17), target.build(PG17));

        assertThat(diff.category(DiffCategory.COLUMN_ORDER).modified()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("customers");
            assertThat(m.source()).containsEntry("order", List.of("id", "name", "email", "phone"));
            assertThat(m.target()).containsEntry("order", List.of("id", "name", "phone", "email"));
        });
        assertThat(diff.tables().modified()).as("same columns, same definitions").isEmpty();
        assertThat(diff.count()).isEqualTo(1);

        Snap added = shop().column("customers", "extra", "text", false, null);
        assertThat(SchemaDiff.between(shop().build(PG17), added.build(PG17)).category(DiffCategory.COLUMN_ORDER).count())
                .as("a column only one side has moves nothing").isZero();
    }

    @Test
    void viewBodiesAreComparedByTheirColumnsAcrossTheDeparseChangeOf16() {
        Fact v14 = new Fact(null, "big_orders", null, Map.of("kind", "view", "definition", " SELECT orders.id FROM orders;"),
                Map.of("kind", "view", "columns", List.of("id integer")));
        Fact v17 = new Fact(null, "big_orders", null, Map.of("kind", "view", "definition", " SELECT id FROM orders;"),
                Map.of("kind", "view", "columns", List.of("id integer")));

        SchemaDiff across = SchemaDiff.between(shop().fact(DiffCategory.VIEWS, v14).build(PG14),
                shop().fact(DiffCategory.VIEWS, v17).build(PG17));
        assertThat(across.inSync()).isTrue();
        assertThat(across.notes()).singleElement().asString().contains("PostgreSQL 14 and 17").contains("columns");

        assertThat(SchemaDiff.between(shop().fact(DiffCategory.VIEWS, v14).build(PG17),
                shop().fact(DiffCategory.VIEWS, v17).build(PG17)).category(DiffCategory.VIEWS).modified())
                .as("the same deparser on both sides: bodies compared as text").hasSize(1);

        Fact changed = new Fact(null, "big_orders", null, Map.of("kind", "view", "definition", " SELECT id, total FROM orders;"),
                Map.of("kind", "view", "columns", List.of("id integer", "total numeric")));
        assertThat(SchemaDiff.between(shop().fact(DiffCategory.VIEWS, v14).build(PG14),
                shop().fact(DiffCategory.VIEWS, changed).build(PG17)).category(DiffCategory.VIEWS).modified()).hasSize(1);
    }

    @Test
    void aSchemaMissingOnTheTargetPutsEveryObjectOnlyInTheSource() {
        SchemaSnapshot source = shop().fact(DiffCategory.OWNERS, Fact.property(null, "table customers",
                ObjectKey.of("table", "customers"), Map.of("owner", "app"))).build(PG17);

        SchemaDiff diff = SchemaDiff.between(source, SchemaSnapshot.missing("shop", PG17));

        assertThat(diff.targetSchemaExists()).isFalse();
        assertThat(diff.tables().onlyInSource()).containsExactly("customers");
        assertThat(diff.category(DiffCategory.OWNERS).count()).isZero();
        assertThat(diff.count()).isEqualTo(1);
    }

    @Test
    void namesAreSortedAsCollateCSorts() {
        String emoji = "\uD83D\uDE00";   // U+1F600: after U+FFFD in code point (UTF-8 byte) order, before it in UTF-16
        String replacement = "\uFFFD";
        Snap source = new Snap().table(emoji).table(replacement).table("Z").table("a");

        SchemaDiff diff = SchemaDiff.between(source.build(PG17), new Snap().build(PG17));

        assertThat(diff.tables().onlyInSource()).containsExactly("Z", "a", replacement, emoji);
        assertThat(CodePointOrder.compare(emoji, replacement)).isPositive();
        assertThat(emoji.compareTo(replacement)).isNegative();
    }

    private static Snap shop() {
        return new Snap().table("customers").column("customers", "id", "bigint", true, "nextval('customers_id_seq'::regclass)")
                .column("customers", "name", "text", true, null);
    }

    /** A hand-built snapshot. */
    private static final class Snap {
        final Set<ObjectKey> objects = new HashSet<>(Set.of(ObjectKey.of("schema", "shop")));
        final List<Fact> tables = new ArrayList<>();
        final List<Fact> columns = new ArrayList<>();
        final Map<DiffCategory, List<Fact>> facts = new EnumMap<>(DiffCategory.class);

        Snap table(String name) {
            objects.add(ObjectKey.of("table", name));
            tables.add(Fact.object(null, name, Map.of()));
            return this;
        }

        Snap column(String table, String name, String type, boolean notNull, String defaultExpr) {
            objects.add(ObjectKey.of("column", table, name));
            columns.add(Fact.object(table, name, SchemaSnapshotReader.attributes("type", type, "not_null", notNull,
                    "default", defaultExpr)));
            return this;
        }

        Snap fact(DiffCategory category, Fact fact) {
            facts.computeIfAbsent(category, k -> new ArrayList<>()).add(fact);
            return this;
        }

        SchemaSnapshot build(int version) {
            return new SchemaSnapshot("shop", true, version, objects, tables, columns, facts);
        }
    }
}
