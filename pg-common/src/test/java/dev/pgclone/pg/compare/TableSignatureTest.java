package dev.pgclone.pg.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.compare.TableSignature.PageRange;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.PostgresDistributions;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Count and order-independent hash computed by the server, on real clusters. */
class TableSignatureTest {

    private static final QualifiedName T = new QualifiedName("Shop Ü", "Order \"Lines\"");
    private static final List<String> COLUMNS = List.of("id", "Label", "at", "took", "price", "ratio", "raw", "cash", "tags", "doc");

    /** Values whose text form depends on session settings when nothing pins them. */
    private static final String TABLE = """
            CREATE SCHEMA "Shop Ü";
            CREATE TABLE <T> (id int, "Label" text, at timestamptz, took interval, price numeric,
                                                      ratio float8, raw bytea, cash money, tags text[], doc jsonb);
            """.replace("<T>", T.quoted());
    private static final String ROWS = """
            INSERT INTO <T> SELECT g, 'Ärger "' || g || '" \\ é', timestamptz '2024-02-29 23:30:00+05:30' + g * interval '1 day',
                   make_interval(days => g, secs => g / 7.0), g / 3.0, g / 7.0::float8, decode(lpad(to_hex(g), 8, '0'), 'hex'),
                   (g * 1.25)::money, ARRAY['a', NULL, 'b' || g], jsonb_build_object('g', g, 'x', g / 3.0)
              FROM generate_series(1, 3000) g;
            INSERT INTO <T> VALUES (0, NULL, NULL, NULL, NULL, 'NaN', '', NULL, '{}', NULL);
            """.replace("<T>", T.quoted());

    private final PostgresCluster pg = TestInfra.postgres("compare-" + PostgresDistributions.defaultMajor());

    @Test
    void rowOrderDoesNotMatterButEveryRowDoes() throws Exception {
        String a = database(TABLE + ROWS);
        String b = database(TABLE + ROWS.replace("generate_series(1, 3000) g", "generate_series(3000, 1, -1) g"));

        TableSignature sa = signature(a);
        assertThat(sa.rows()).isEqualTo(3001);
        assertThat(signature(b)).isEqualTo(sa);

        pg.execute(b, "UPDATE \"Shop Ü\".\"Order \"\"Lines\"\"\" SET ratio = ratio + 1e-13 WHERE id = 1500");
        assertThat(signature(b).rows()).isEqualTo(3001);
        assertThat(signature(b).hash()).isNotEqualTo(sa.hash());
    }

    @Test
    void duplicatesCount() throws Exception {
        String a = database("CREATE SCHEMA \"Shop Ü\"; CREATE TABLE \"Shop Ü\".\"Order \"\"Lines\"\"\" (v text);"
                + "INSERT INTO \"Shop Ü\".\"Order \"\"Lines\"\"\" VALUES ('a'), ('a'), ('b')");
        String b = database("CREATE SCHEMA \"Shop Ü\"; CREATE TABLE \"Shop Ü\".\"Order \"\"Lines\"\"\" (v text);"
                + "INSERT INTO \"Shop Ü\".\"Order \"\"Lines\"\"\" VALUES ('a'), ('b'), ('b')");

        assertThat(read(a, List.of("v"), PageRange.ALL)).isNotEqualTo(read(b, List.of("v"), PageRange.ALL));
    }

    @Test
    void pageRangesAddUpToTheWholeTable() throws Exception {
        String a = database(TABLE + ROWS);
        pg.execute(a, "VACUUM ANALYZE " + T.quoted());
        long pages = Long.parseLong(pg.query(a, "SELECT relpages FROM pg_class WHERE relname = 'Order \"Lines\"'").get(0).get(0));
        assertThat(pages).isGreaterThan(10);

        TableSignature sum = read(a, COLUMNS, new PageRange(0, 5L))
                .plus(read(a, COLUMNS, new PageRange(5, pages / 2)))
                .plus(read(a, COLUMNS, new PageRange(pages / 2, null)));

        assertThat(sum).isEqualTo(read(a, COLUMNS, PageRange.ALL));
        assertThat(TableSignature.EMPTY.hash()).isEqualTo("0".repeat(32));
    }

    /** Two databases whose defaults would print every value differently, one of them LATIN1. */
    @Test
    void sessionsOpenedByPgConnectorAgreeWhateverTheDatabasesDefaults() throws Exception {
        String plain = database(TABLE + ROWS);
        String odd = "sig_" + UUID.randomUUID().toString().substring(0, 8);
        pg.execute("postgres", "CREATE DATABASE " + odd + " TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'");
        pg.execute("postgres", "ALTER DATABASE " + odd + " SET DateStyle = 'SQL, DMY'; ALTER DATABASE " + odd
                + " SET IntervalStyle = 'iso_8601'; ALTER DATABASE " + odd + " SET extra_float_digits = -3; ALTER DATABASE "
                + odd + " SET bytea_output = 'escape'; ALTER DATABASE " + odd + " SET TimeZone = 'Asia/Kathmandu'");
        pg.execute(odd, TABLE + ROWS);

        assertThat(read(odd, COLUMNS, PageRange.ALL)).isEqualTo(read(plain, COLUMNS, PageRange.ALL));
        assertThat(read(odd, COLUMNS, PageRange.ALL).rows()).isEqualTo(3001);
    }

    @Test
    void theSameRowsSignTheSameOnPostgres14And17() throws Exception {
        PostgresCluster pg14 = TestInfra.postgres("compare-14", 14);
        PostgresCluster pg17 = TestInfra.postgres("compare-17", 17);
        String a = database(pg14, TABLE + ROWS);
        String b = database(pg17, TABLE + ROWS);

        assertThat(read(pg17, b, COLUMNS, PageRange.ALL)).isEqualTo(read(pg14, a, COLUMNS, PageRange.ALL));
    }

    @Test
    void columnsAreChosenByNameSoTheirOrderInTheTableDoesNotMatter() throws Exception {
        String a = database("CREATE SCHEMA \"Shop Ü\"; CREATE TABLE \"Shop Ü\".\"Order \"\"Lines\"\"\" (x int, y text);"
                + "INSERT INTO \"Shop Ü\".\"Order \"\"Lines\"\"\" VALUES (1, 'a'), (2, NULL)");
        String b = database("CREATE SCHEMA \"Shop Ü\"; CREATE TABLE \"Shop Ü\".\"Order \"\"Lines\"\"\" (y text, x int);"
                + "INSERT INTO \"Shop Ü\".\"Order \"\"Lines\"\"\" VALUES ('a', 1), (NULL, 2)");

        assertThat(read(b, List.of("x", "y"), PageRange.ALL)).isEqualTo(read(a, List.of("x", "y"), PageRange.ALL));
        assertThat(read(b, List.of("x"), PageRange.ALL)).isNotEqualTo(read(a, List.of("x", "y"), PageRange.ALL));
    }

    private String database(String sql) {
        return database(pg, sql);
    }

    private static String database(PostgresCluster cluster, String sql) {
        String db = "sig_" + UUID.randomUUID().toString().substring(0, 8);
        cluster.createDatabase(db);
        cluster.execute(db, sql);
        return db;
    }

    private TableSignature signature(String db) throws Exception {
        try (Connection c = pg.connect(db)) {
            return TableSignature.of(c, T);
        }
    }

    private TableSignature read(String db, List<String> columns, PageRange pages) throws Exception {
        return read(pg, db, columns, pages);
    }

    private static TableSignature read(PostgresCluster cluster, String db, List<String> columns, PageRange pages) throws Exception {
        try (Connection c = new PgConnector("test").open(Conninfo.parse(cluster.conninfo(db)), SessionRole.SOURCE)) {
            return TableSignature.read(c, T, columns, pages);
        }
    }
}
