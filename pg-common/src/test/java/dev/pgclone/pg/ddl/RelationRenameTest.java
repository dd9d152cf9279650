package dev.pgclone.pg.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.catalog.NameCatalog;
import dev.pgclone.pg.catalog.NameCatalog.Dependent;
import dev.pgclone.pg.catalog.NameCatalog.Kind;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RelationRenameTest {

    private static final String SCHEMA = "Shop Ü";

    private static NameCatalog.SchemaNames names(String... relations) {
        return new NameCatalog.SchemaNames(Set.of(relations), Set.of());
    }

    /** Names chosen from names alone. */
    @Nested
    class Naming {

        @Test
        void movesTheTableAndEveryDependentNameWithQuotedIdentifiers() {
            QualifiedName table = new QualifiedName(SCHEMA, "Bookings \"✓\"");
            List<Dependent> dependents = List.of(
                    new Dependent(Kind.CONSTRAINT, SCHEMA, "Bookings \"✓\"_pkey"),
                    new Dependent(Kind.INDEX, SCHEMA, "by note"),
                    new Dependent(Kind.SEQUENCE, SCHEMA, "Bookings \"✓\"_id_seq"),
                    new Dependent(Kind.STATISTICS, "stats", "Bookings \"✓\"_stx"));

            RelationRename.Plan plan = RelationRename.plan(table, "TABLE", dependents, schema -> names(), Set.of());

            assertThat(plan.newName()).isEqualTo("Bookings \"✓\"_old");
            assertThat(plan.shortened()).isFalse();
            assertThat(plan.statements()).containsExactly(
                    "ALTER TABLE \"Shop Ü\".\"Bookings \"\"✓\"\"\" RENAME TO \"Bookings \"\"✓\"\"_old\"",
                    "ALTER TABLE \"Shop Ü\".\"Bookings \"\"✓\"\"_old\" RENAME CONSTRAINT \"Bookings \"\"✓\"\"_pkey\" TO "
                            + "\"Bookings \"\"✓\"\"_old_pkey\"",
                    "ALTER INDEX \"Shop Ü\".\"by note\" RENAME TO \"by note_old\"",
                    "ALTER SEQUENCE \"Shop Ü\".\"Bookings \"\"✓\"\"_id_seq\" RENAME TO \"Bookings \"\"✓\"\"_old_id_seq\"",
                    "ALTER STATISTICS \"stats\".\"Bookings \"\"✓\"\"_stx\" RENAME TO \"Bookings \"\"✓\"\"_old_stx\"");
            assertThat(plan.describeMoves()).isEqualTo("Bookings \"✓\"_pkey → Bookings \"✓\"_old_pkey, by note → by note_old, "
                    + "Bookings \"✓\"_id_seq → Bookings \"✓\"_old_id_seq, stats.Bookings \"✓\"_stx → Bookings \"✓\"_old_stx");
        }

        @Test
        void refusesAnOldNameThatExistsNamingIt() {
            assertThatThrownBy(() -> RelationRename.plan(new QualifiedName("s", "t"), "TABLE", List.of(),
                    schema -> names("t", "t_old"), Set.of()))
                    .isInstanceOf(DdlException.class).hasMessage("cannot rename s.t to t_old: s.t_old already exists on the target");
        }

        @Test
        void refusesAnOldNameTheCloneCreatesItself() {
            assertThatThrownBy(() -> RelationRename.plan(new QualifiedName("s", "t"), "TABLE", List.of(),
                    schema -> names("t"), Set.of(new QualifiedName("s", "t_old"))))
                    .isInstanceOf(DdlException.class).hasMessageContaining("the clone creates s.t_old itself");
        }

        @Test
        void aNameTooLongForTheSuffixIsCutBeforeItAndANumberAvoidsAClash() {
            String first = "é".repeat(30) + "abc"; // 63 bytes
            String second = "é".repeat(30) + "abd";
            String cut = "é".repeat(29) + "_old";

            RelationRename.Plan one = RelationRename.plan(new QualifiedName("s", first), "TABLE",
                    List.of(new Dependent(Kind.CONSTRAINT, "s", "é".repeat(29) + "_pkey")), schema -> names(first, second),
                    Set.of());
            RelationRename.Plan two = RelationRename.plan(new QualifiedName("s", second), "TABLE", List.of(),
                    schema -> names(first, second, cut), Set.of());

            assertThat(one.newName()).isEqualTo(cut);
            assertThat(one.shortened()).isTrue();
            // The key's name does not start with the whole table name (PostgreSQL cut it): it gets the suffix, cut too.
            assertThat(one.moved()).extracting(RelationRename.Moved::newName).containsExactly("é".repeat(29) + "__old");
            assertThat(two.newName()).isEqualTo("é".repeat(29) + "_old1");
        }

        @Test
        void aDependentWhoseNewNameIsTakenOrReservedGetsANumber() {
            QualifiedName table = new QualifiedName("s", "t");
            List<Dependent> dependents = List.of(new Dependent(Kind.INDEX, "s", "t_a"), new Dependent(Kind.INDEX, "s", "b"));

            RelationRename.Plan plan = RelationRename.plan(table, "TABLE", dependents, schema -> names("t", "t_a", "b",
                    "t_old_a"), Set.of(new QualifiedName("s", "b_old")));

            assertThat(plan.moved()).extracting(RelationRename.Moved::newName).containsExactly("t_a_old", "b_old1");
        }

        @Test
        void theSameNamesGiveTheSamePlan() {
            Function<String, NameCatalog.SchemaNames> taken = schema -> names("t", "t_old_pkey", "t_pkey_old");
            List<Dependent> dependents = List.of(new Dependent(Kind.CONSTRAINT, "s", "t_pkey"));

            assertThat(RelationRename.plan(new QualifiedName("s", "t"), "TABLE", dependents, taken, Set.of()))
                    .isEqualTo(RelationRename.plan(new QualifiedName("s", "t"), "TABLE", dependents, taken, Set.of()))
                    .extracting(RelationRename.Plan::moved).asList().extracting("newName").containsExactly("t_pkey_old1");
        }
    }

    /**
     * On a real server: after the rename, the same table can be created again (keys, sequences, indexes, statistics,
     * trigger and policy of the same names), and the old one works as before under its new name.
     */
    @Nested
    class OnAServer {

        private static final String TABLE_SQL = """
                CREATE TABLE <T> (
                    id     int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    n      serial,
                    code   text UNIQUE,
                    note   text CHECK (note <> ''),
                    during int4range,
                    EXCLUDE USING gist (during WITH &&)
                );
                CREATE INDEX <I> ON <T> (note);
                CREATE STATISTICS <S> (dependencies) ON code, note FROM <T>;
                CREATE TRIGGER touch BEFORE INSERT ON <T> FOR EACH ROW EXECUTE FUNCTION "Shop Ü".touch();
                CREATE POLICY mine ON <T> USING (true);
                ALTER TABLE <T> ENABLE ROW LEVEL SECURITY;
                """;
        private static final String TABLE = "Bookings \"✓\"";
        private static final String LONG_1 = "é".repeat(30) + "abc";
        private static final String LONG_2 = "é".repeat(30) + "abd";
        private static final List<String> TABLES = List.of(TABLE, LONG_1, LONG_2);

        @Test
        void theCloneCanCreateEverythingAgainAndTheOldTableKeepsWorking() throws Exception {
            PostgresCluster pg = TestInfra.postgres("source");
            String db = "rename_" + UUID.randomUUID().toString().substring(0, 8);
            pg.createDatabase(db);
            pg.execute(db, """
                    CREATE SCHEMA "Shop Ü";
                    CREATE FUNCTION "Shop Ü".touch() RETURNS trigger LANGUAGE plpgsql
                        AS $$BEGIN NEW.note := coalesce(NEW.note, 'touched'); RETURN NEW; END$$;""");
            for (String table : TABLES) {
                pg.execute(db, table(table));
                pg.execute(db, "INSERT INTO " + q(table) + " (code, note, during) VALUES ('a', 'x', '[1,5)'), ('b', 'y', '[5,9)')");
            }

            try (Connection c = new PgConnector("test").open(Conninfo.parse(pg.conninfo(db)), SessionRole.TARGET);
                 Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                NameCatalog names = new NameCatalog(c);
                for (String table : TABLES) {
                    QualifiedName name = new QualifiedName(SCHEMA, table);
                    RelationRename.Plan plan = RelationRename.plan(name, "TABLE", names.dependents(name), schema -> {
                        try {
                            return names.taken(schema);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }, Set.of());
                    for (String sql : plan.statements()) {
                        st.execute(sql);
                    }
                    st.execute(table(table)); // what the clone creates, under the same names
                }
                c.commit();
            }

            String old = TABLE + "_old";
            assertThat(pg.query(db, "SELECT conname, contype FROM pg_constraint WHERE conrelid = '" + q(old).replace("'", "''")
                    + "'::regclass ORDER BY contype, conname")).containsExactly(
                    List.of(TABLE + "_note_check", "c"), List.of(old + "_pkey", "p"), List.of(old + "_code_key", "u"),
                    List.of(old + "_during_excl", "x"));
            assertThat(pg.query(db, "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '"
                    + q(old).replace("'", "''") + "'::regclass ORDER BY 1")).extracting(r -> r.get(0))
                    .containsExactlyInAnyOrder(q(old + "_pkey"), q(old + "_code_key"), q(old + "_during_excl"), q("by note ✓ 0_old"));
            assertThat(pg.query(db, "SELECT pg_get_serial_sequence('" + q(old).replace("'", "''") + "', 'id'), "
                    + "pg_get_serial_sequence('" + q(old).replace("'", "''") + "', 'n')").get(0))
                    .containsExactly(q(old + "_id_seq"), q(old + "_n_seq"));
            assertThat(pg.query(db, "SELECT stxname FROM pg_statistic_ext ORDER BY stxname COLLATE \"C\"")).extracting(r -> r.get(0))
                    .contains(TABLE + "_old_stx", TABLE + "_stx");
            // Triggers and policies are named per table: both tables have theirs.
            for (String t : List.of(TABLE, old)) {
                assertThat(pg.query(db, "SELECT (SELECT string_agg(tgname, ',') FROM pg_trigger WHERE tgrelid = '"
                        + q(t).replace("'", "''") + "'::regclass AND NOT tgisinternal), (SELECT string_agg(polname, ',') "
                        + "FROM pg_policy WHERE polrelid = '" + q(t).replace("'", "''") + "'::regclass)").get(0))
                        .as(t).containsExactly("touch", "mine");
            }
            // The old table keeps its rows, and its defaults call its renamed sequences.
            pg.execute(db, "INSERT INTO " + q(old) + " DEFAULT VALUES");
            assertThat(pg.query(db, "SELECT count(*), max(id), max(n), string_agg(note, ',' ORDER BY id) FROM " + q(old)).get(0))
                    .containsExactly("3", "3", "3", "x,y,touched");
            pg.execute(db, "INSERT INTO " + q(TABLE) + " DEFAULT VALUES");
            assertThat(pg.query(db, "SELECT count(*), max(id), max(n) FROM " + q(TABLE)).get(0)).containsExactly("1", "1", "1");
            // Long names: cut before the suffix, the second one numbered, both old tables intact.
            assertThat(pg.query(db, "SELECT relname FROM pg_class WHERE relnamespace = '\"Shop Ü\"'::regnamespace "
                    + "AND relkind = 'r' AND relname LIKE 'ééé%' ORDER BY relname COLLATE \"C\"")).extracting(r -> r.get(0))
                    .containsExactly("é".repeat(29) + "_old", "é".repeat(29) + "_old1", LONG_1, LONG_2);
            assertThat(pg.query(db, "SELECT count(*) FROM " + q("é".repeat(29) + "_old1")).get(0).get(0)).isEqualTo("2");
        }

        private static String table(String name) {
            return TABLE_SQL.replace("<T>", q(name)).replace("<I>", dev.pgclone.pg.Quote.ident("by note ✓ " + TABLES.indexOf(name)))
                    .replace("<S>", q(SCHEMA, name + "_stx"));
        }

        private static String q(String name) {
            return q(SCHEMA, name);
        }

        private static String q(String schema, String name) {
            return dev.pgclone.pg.Quote.qualified(schema, name);
        }
    }
}
