package dev.pgclone.pg.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conninfos that reach a real server: names and passwords beyond ASCII (outside the BMP too) written in a URI,
 * percent-encoded or as themselves, arrive at the server as the same UTF-8 (SCRAM authentication included).
 */
class PgConnectorTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    /** U+1F418 and U+1F511: two UTF-16 units each in Java, four bytes each in UTF-8. */
    private static final String ROLE = "r\uD83D\uDC18 " + SUFFIX;
    private static final String PASSWORD = "p\uD83D\uDD11\u00e9:@/" + SUFFIX;
    private static final String DATABASE = "d\u00e9\uD83D\uDC18 " + SUFFIX;

    private static PostgresCluster pg;

    @BeforeAll
    static void createRoleAndDatabase() {
        pg = TestInfra.postgres("source");
        pg.execute("postgres", "CREATE ROLE " + Quote.ident(ROLE) + " LOGIN PASSWORD " + Quote.literal(PASSWORD));
        pg.createDatabase(DATABASE);
    }

    @AfterAll
    static void dropThem() {
        pg.dropDatabase(DATABASE);
        pg.execute("postgres", "DROP ROLE IF EXISTS " + Quote.ident(ROLE));
    }

    @Test
    void aPercentEncodedUriReachesTheRoleAndDatabaseNamedInIt() throws Exception {
        String uri = "postgresql://" + encode(ROLE) + ":" + encode(PASSWORD) + "@" + pg.host() + ":" + pg.port() + "/"
                + encode(DATABASE);

        assertSessionOf(Conninfo.parse(uri));
    }

    @Test
    void aUriWithTheCharactersWrittenAsThemselvesDoesToo() throws Exception {
        // Only the URI delimiters in the password are encoded; the rest is raw.
        String uri = "postgresql://" + ROLE.replace(" ", "%20") + ":" + PASSWORD.replace(":", "%3A").replace("@", "%40")
                .replace("/", "%2F") + "@" + pg.host() + ":" + pg.port() + "/" + DATABASE.replace(" ", "%20");

        assertSessionOf(Conninfo.parse(uri));
    }

    @Test
    void aKeywordValueConninfoRenderedFromTheUriDoesToo() throws Exception {
        String uri = "postgresql://" + encode(ROLE) + ":" + encode(PASSWORD) + "@" + pg.host() + ":" + pg.port() + "/"
                + encode(DATABASE);

        assertSessionOf(Conninfo.parse(Conninfo.parse(uri).render()));
    }

    @Test
    void aDatabaseThatRefusesConnectionsForAWhileIsARetriableTargetUnavailableFailure() {
        String db = "closed_" + SUFFIX;
        pg.createDatabase(db);
        pg.execute("postgres", "ALTER DATABASE " + Quote.ident(db) + " ALLOW_CONNECTIONS false");
        try {
            Conninfo closed = Conninfo.parse(pg.conninfo(db));
            assertThatThrownBy(() -> new PgConnector("pgclone-test").open(closed, SessionRole.TARGET))
                    .isInstanceOfSatisfying(CloneFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.TARGET_UNAVAILABLE);
                        assertThat(f.retriable()).isTrue();
                        assertThat(f.getMessage()).contains("is not currently accepting connections")
                                .doesNotContain(pg.password());
                    });
        } finally {
            pg.execute("postgres", "ALTER DATABASE " + Quote.ident(db) + " ALLOW_CONNECTIONS true");
            pg.dropDatabase(db);
        }
    }

    @Test
    void aWrongPasswordStaysAFatalFailure() {
        Conninfo wrong = Conninfo.parse("host=" + pg.host() + " port=" + pg.port() + " dbname=postgres user="
                + pg.superuser() + " password=wrong-" + SUFFIX);
        assertThatThrownBy(() -> new PgConnector("pgclone-test").open(wrong, SessionRole.SOURCE))
                .isInstanceOfSatisfying(CloneFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
                    assertThat(f.retriable()).isFalse();
                });
    }

    private static void assertSessionOf(Conninfo conninfo) throws Exception {
        try (Connection c = new PgConnector("pgclone-test").open(conninfo, SessionRole.TARGET);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(ROLE);
            assertThat(rs.getString(2)).isEqualTo(DATABASE);
        }
    }

    /** Every byte of the UTF-8 form that is not unreserved becomes a percent-escape. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
