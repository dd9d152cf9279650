package dev.pgclone.pg.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import dev.pgclone.testing.Fixtures;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.PostgresDistributions;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The catalog facts of the fidelity fixture, read from real servers: the same SQL run twice reads the same, on one
 * major and across the deparse change of PostgreSQL 16 (14 against 18, the oldest and newest supported majors).
 */
class SchemaSnapshotReaderTest {

    static final String SCHEMA = "Fidélité";

    @Test
    void theFixtureCreatedTwiceReadsTheSameAndHoldsEveryKindOfFact() throws Exception {
        PostgresCluster pg = TestInfra.postgres("compare-" + PostgresDistributions.defaultMajor());
        SchemaSnapshot a = read(pg, fixtureDatabase(pg), SCHEMA);
        SchemaSnapshot b = read(pg, fixtureDatabase(pg), SCHEMA);

        SchemaDiff diff = SchemaDiff.between(a, b);

        assertThat(diff.count()).as(diff.toString()).isZero();
        assertThat(a.exists()).isTrue();
        assertThat(a.tables()).extracting(Fact::name).contains("Customers", "events", "events_2024", "trucks", "scratch \"pad\"");
        assertThat(fact(a, DiffCategory.IDENTITY, "Customers.id").attributes())
                .containsEntry("generation", "always").containsEntry("start", 1000L).containsEntry("sequence_type", "bigint");
        assertThat(fact(a, DiffCategory.GENERATED, "orders.total").attributes()).containsEntry("kind", "stored")
                .containsEntry("expression", "((quantity)::numeric * price)");
        assertThat(fact(a, DiffCategory.PARTITIONING, "events").attributes()).containsEntry("strategy", "range")
                .containsEntry("key", "RANGE (at)");
        assertThat(fact(a, DiffCategory.PARTITIONING, "events_2024").attributes())
                .containsEntry("partition_of", "\"Fidélité\".events")
                .containsEntry("bound", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
        assertThat(fact(a, DiffCategory.INHERITANCE, "trucks").attributes()).containsEntry("parents", List.of("\"Fidélité\".vehicles"));
        assertThat(fact(a, DiffCategory.ROW_SECURITY, "secrets").attributes()).containsEntry("enabled", true).containsEntry("forced", false);
        assertThat(fact(a, DiffCategory.POLICIES, "secrets.own_rows").attributes()).containsEntry("command", "SELECT")
                .containsEntry("roles", List.of("public")).containsEntry("using", "(owner_name = CURRENT_USER)");
        assertThat(fact(a, DiffCategory.TYPES, "mood").attributes())
                .containsEntry("labels", List.of("sad", "ok", "happy", "very 'happy'"));
        assertThat(fact(a, DiffCategory.TYPES, "email").attributes()).containsEntry("kind", "domain")
                .containsEntry("base_type", "text").containsEntry("not_null", true);
        assertThat(fact(a, DiffCategory.TYPES, "address").attributes())
                .containsEntry("attributes", List.of("street text", "city text COLLATE \"C\"", "zip character varying(10)"));
        assertThat(fact(a, DiffCategory.FUNCTIONS, "sum_sq(double precision)").attributes().get("definition").toString())
                .startsWith("AGGREGATE \"Fidélité\".sum_sq(double precision) RETURNS double precision (SFUNC = \"Fidélité\".sum_sq_step")
                .contains("INITCOND = '0'");
        assertThat(fact(a, DiffCategory.FUNCTIONS, "bump(integer)").attributes()).containsEntry("kind", "procedure");
        assertThat(a.facts(DiffCategory.FUNCTIONS)).extracting(Fact::name)
                .as("a range type's constructors belong to the type").doesNotContain("float_range(double precision, double precision)");
        assertThat(fact(a, DiffCategory.COMMENTS, "column Customers.Name").attributes()).containsEntry("comment", "display name");
        assertThat(fact(a, DiffCategory.COMMENTS, "schema Fidélité").attributes()).containsEntry("comment", "every object kind");
        assertThat(fact(a, DiffCategory.OWNERS, "function area(double precision, double precision)").attributes())
                .containsEntry("owner", pg.superuser());
        assertThat(fact(a, DiffCategory.COLLATIONS, "german_icu").attributes()).containsEntry("provider", "icu")
                .containsEntry("locale", "de-u-co-phonebk");
        assertThat(fact(a, DiffCategory.TABLE_OPTIONS, "orders").attributes()).containsEntry("options", List.of("fillfactor=90"))
                .containsEntry("replica_identity", "full");
        assertThat(fact(a, DiffCategory.TABLE_OPTIONS, "scratch \"pad\"").attributes()).containsEntry("unlogged", true);
        assertThat(fact(a, DiffCategory.COLUMN_OPTIONS, "Customers.Name").attributes())
                .containsEntry("collation", "\"Fidélité\".german_phonebook");
        assertThat(fact(a, DiffCategory.SEQUENCE_OPTIONS, "ticket_seq").attributes()).containsEntry("increment", 7L);
        assertThat(fact(a, DiffCategory.SEQUENCE_OPTIONS, "orders_id_seq").attributes())
                .containsEntry("owned_by", "\"Fidélité\".orders.id");
        assertThat(a.facts(DiffCategory.SEQUENCE_OPTIONS)).extracting(Fact::name)
                .as("an identity's sequence is described by the column").doesNotContain("Customers_id_seq");
        assertThat(a.facts(DiffCategory.INDEXES)).extracting(Fact::name)
                .contains("customers_name_lower", "secrets_owner_id", "order_stats_customer")
                .as("indexes behind constraints are the constraints'").doesNotContain("orders_pkey", "Customers_code_key");
        assertThat(a.facts(DiffCategory.CONSTRAINTS)).extracting(Fact::displayName)
                .contains("orders.orders_pkey", "Customers.Customers_code_key", "bookings.bookings_during_excl");
        assertThat(a.facts(DiffCategory.TRIGGERS)).extracting(Fact::displayName).containsExactly("Customers.orders_touch");
        assertThat(a.facts(DiffCategory.VIEWS)).extracting(Fact::name).containsExactly("big_customers", "big_orders", "order_stats");
    }

    @Test
    void theFixtureReadsTheSameOnPostgres14And18WithViewsComparedByTheirColumns() throws Exception {
        PostgresCluster pg14 = TestInfra.postgres("compare-14", 14);
        PostgresCluster pg18 = TestInfra.postgres("compare-18", 18);

        SchemaDiff diff = SchemaDiff.between(read(pg14, fixtureDatabase(pg14), SCHEMA), read(pg18, fixtureDatabase(pg18), SCHEMA));

        assertThat(diff.count()).as(diff.toString()).isZero();
        assertThat(diff.notes()).singleElement().asString().contains("PostgreSQL 14 and 18");
    }

    @Test
    void aMissingSchemaReadsAsMissing() throws Exception {
        PostgresCluster pg = TestInfra.postgres("compare-" + PostgresDistributions.defaultMajor());
        String db = "snap_" + UUID.randomUUID().toString().substring(0, 8);
        pg.createDatabase(db);

        SchemaSnapshot snapshot = read(pg, db, "nowhere");

        assertThat(snapshot.exists()).isFalse();
        assertThat(snapshot.serverVersionNum() / 10000).isEqualTo(pg.major());
    }

    static String fixtureDatabase(PostgresCluster pg) {
        String db = "snap_" + UUID.randomUUID().toString().substring(0, 8);
        pg.createDatabase(db);
        pg.execute(db, Fixtures.read("fidelity.sql"));
        return db;
    }

    static SchemaSnapshot read(PostgresCluster pg, String db, String schema) throws Exception {
        try (Connection c = new PgConnector("test").open(Conninfo.parse(pg.conninfo(db)), SessionRole.SOURCE)) {
            SnapshotSessions.beginReadOnly(c, null);
            try {
                return new SchemaSnapshotReader(c).read(schema);
            } finally {
                SnapshotSessions.end(c);
            }
        }
    }

    private static Fact fact(SchemaSnapshot snapshot, DiffCategory category, String displayName) {
        return snapshot.facts(category).stream().filter(f -> f.displayName().equals(displayName)).findFirst()
                .orElseThrow(() -> new AssertionError(category + " has no " + displayName + ": "
                        + snapshot.facts(category).stream().map(Fact::displayName).toList()));
    }

}
