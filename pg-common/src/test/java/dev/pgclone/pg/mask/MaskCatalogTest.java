package dev.pgclone.pg.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The facts the mask checks read, from a real catalog, inside a read-only transaction like the keeper's. */
class MaskCatalogTest {

    private static PostgresCluster pg;
    private static String db;

    @BeforeAll
    static void database() throws Exception {
        pg = TestInfra.postgres("default");
        db = "maskcat_" + UUID.randomUUID().toString().substring(0, 8);
        pg.createDatabase(db);
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE SCHEMA "My App";
                    CREATE DOMAIN "My App".short_code AS varchar(6);
                    CREATE TABLE "My App".users (id int PRIMARY KEY, "E-mail" varchar(40) NOT NULL UNIQUE,
                        login text, code "My App".short_code, amount numeric(7,2), small smallint, born date,
                        full_name text GENERATED ALWAYS AS (login || '!') STORED);
                    CREATE UNIQUE INDEX users_login_lower ON "My App".users (lower(login));
                    CREATE TABLE "My App".orders (id int PRIMARY KEY, user_email varchar(40)
                        REFERENCES "My App".users ("E-mail"));
                    """);
        }
    }

    @Test
    void readsTypeCategoryLengthsKeysAndUniqueness() throws Exception {
        try (Connection c = readOnly()) {
            long users = oid(c, "\"My App\".users");
            Map<Long, List<MaskCheck.ColumnFacts>> facts = new MaskCatalog(c).columns(List.of(users));

            assertThat(facts.get(users)).extracting(MaskCheck.ColumnFacts::name)
                    .containsExactly("id", "E-mail", "login", "code", "amount", "small", "born", "full_name");
            assertThat(column(facts.get(users), "id")).isEqualTo(new MaskCheck.ColumnFacts("id", "integer", 'N', "int4", 0,
                    null, null, true, false, true, true));
            assertThat(column(facts.get(users), "E-mail")).isEqualTo(new MaskCheck.ColumnFacts("E-mail",
                    "character varying(40)", 'S', "varchar", 40, null, null, true, false, false, true));
            assertThat(column(facts.get(users), "login").inUnique()).as("an expression unique index").isTrue();
            assertThat(column(facts.get(users), "code").charMaxLength()).as("a domain's length").isEqualTo(6);
            assertThat(column(facts.get(users), "code").type()).isEqualTo("\"My App\".short_code");
            assertThat(column(facts.get(users), "amount").precision()).isEqualTo(7);
            assertThat(column(facts.get(users), "amount").scale()).isEqualTo(2);
            assertThat(column(facts.get(users), "born").category()).isEqualTo('D');
            assertThat(column(facts.get(users), "full_name").generated()).isTrue();
            SnapshotSessions.end(c);
        }
    }

    @Test
    void readsForeignKeysBetweenTheTablesWithColumnNames() throws Exception {
        try (Connection c = readOnly()) {
            long users = oid(c, "\"My App\".users");
            long orders = oid(c, "\"My App\".orders");
            List<MaskCheck.ForeignKey> fks = new MaskCatalog(c).foreignKeys(List.of(users, orders));

            assertThat(fks).containsExactly(new MaskCheck.ForeignKey("orders_user_email_fkey",
                    new QualifiedName("My App", "orders"), List.of("user_email"), new QualifiedName("My App", "users"),
                    List.of("E-mail")));
            assertThat(new MaskCatalog(c).foreignKeys(List.of(orders))).as("the referenced table is not cloned").isEmpty();
            SnapshotSessions.end(c);
        }
    }

    @Test
    void aConstantIsCheckedByACastThatLeavesTheTransactionUsable() throws Exception {
        try (Connection c = readOnly()) {
            MaskCatalog catalog = new MaskCatalog(c);
            List<MaskCheck.ColumnFacts> facts = catalog.columns(List.of(oid(c, "\"My App\".users"))).values().iterator().next();

            assertThat(catalog.constantRefusal(column(facts, "born"), "REDACTED"))
                    .isEqualTo("invalid input syntax for type date: \"REDACTED\"");
            assertThat(catalog.constantRefusal(column(facts, "born"), "1970-01-01")).isNull();
            assertThat(catalog.constantRefusal(column(facts, "small"), "70000")).contains("out of range");
            assertThat(catalog.constantRefusal(column(facts, "code"), "ABC")).isNull();
            assertThat(oid(c, "\"My App\".users")).as("the transaction still works").isPositive();
            SnapshotSessions.end(c);
        }
    }

    /** As the snapshot keeper's session: BEGIN by statement (autocommit on), search_path pg_catalog. */
    private static Connection readOnly() throws Exception {
        Connection c = pg.connect(db);
        SnapshotSessions.beginReadOnly(c, null);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL search_path = pg_catalog");
        }
        return c;
    }

    private static long oid(Connection c, String table) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT '" + table.replace("'", "''") + "'::regclass::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static MaskCheck.ColumnFacts column(List<MaskCheck.ColumnFacts> facts, String name) {
        return new ArrayList<>(facts).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }
}
