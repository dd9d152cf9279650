package dev.pgclone.pg.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every strategy evaluated by a real PostgreSQL on the values pgclone documents and on the edge cases (NULL, empty,
 * multi-byte, short), compared to pgclone's outputs; {@code keyed_hash} compared to the JDK's HmacSHA256.
 */
class MaskSqlTest {

    private static final String KEY = "a deployment key of 32 bytes....";
    private static PostgresCluster pg;
    private static String db;

    @BeforeAll
    static void database() {
        pg = TestInfra.postgres("default");
        db = "mask_" + UUID.randomUUID().toString().substring(0, 8);
        pg.createDatabase(db);
    }

    @ParameterizedTest(name = "{0} of [{1}] is [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "email   | alice@example.com | a***@example.com",
        "email   | bob               | ***",
        "email   | ''                | ***",
        "email   | é@ü.de            | é***@ü.de",
        "email   | a@b@c             | a***@b",
        "email   | NULL              | NULL",
        "name    | Alice Johnson     | XXXX",
        "name    | ''                | XXXX",
        "name    | NULL              | NULL",
        "phone   | +1-555-123-4567   | ***-4567",
        "phone   | 1234              | ****",
        "phone   | 12345             | ***-2345",
        "phone   | ''                | ****",
        "phone   | ☎☎☎☎☎☎            | ***-☎☎☎☎",
        "phone   | NULL              | NULL",
        "hash    | hello             | 5d41402abc4b2a76b9719d911017c592",
        "hash    | ''                | d41d8cd98f00b204e9800998ecf8427e",
        "hash    | NULL              | NULL",
        "null    | anything          | NULL",
        "null    | NULL              | NULL"})
    void simpleStrategiesGivePgclonesOutputs(String strategy, String input, String expected) throws SQLException {
        MaskRule rule = MaskRule.of(MaskStrategy.of(strategy).orElseThrow());
        assertThat(eval(rule, input, 0)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "partial {1}/{2} of [{0}] is [{3}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "Johnson | 2 | 3 | Jo***son",
        "Jones   | 2 | 3 | *****",
        "Jo      | 2 | 3 | **",
        "''      | 2 | 3 | ''",
        "Zoë Ångström | 1 | 2 | Z***öm",
        "abcdef  | 0 | 0 | ***",
        "NULL    | 2 | 3 | NULL"})
    void partialKeepsPrefixAndSuffixOrStarsEveryCharacterOfAShortValue(String input, int prefix, int suffix,
                                                                    String expected) throws SQLException {
        assertThat(eval(MaskRule.partial(prefix, suffix), input, 0)).isEqualTo(expected);
    }

    @Test
    void randomIntAndConstantAlwaysProduceAValueEvenForNull() throws SQLException {
        for (String input : new String[] {null, "x"}) {
            long v = Long.parseLong(eval(MaskRule.randomInt(40000, 40002), input, 0));
            assertThat(v).isBetween(40000L, 40002L);
            assertThat(eval(MaskRule.constant("RED'ACTED"), input, 0)).isEqualTo("RED'ACTED");
        }
        long big = Long.parseLong(eval(MaskRule.randomInt(Long.MAX_VALUE - 1, Long.MAX_VALUE), "x", 0));
        assertThat(big).isGreaterThanOrEqualTo(Long.MAX_VALUE - 1);
        long small = Long.parseLong(eval(MaskRule.randomInt(Long.MIN_VALUE, Long.MIN_VALUE), "x", 0));
        assertThat(small).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aDeclaredLengthClampsTheOutputAsPgcloneDoes() throws SQLException {
        assertThat(eval(MaskRule.of(MaskStrategy.EMAIL), "alice@example.com", 8)).isEqualTo("a***@exa");
        assertThat(eval(MaskRule.of(MaskStrategy.EMAIL), null, 8)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {"alice@example.com", "''", "Zoë Ångström ☎", "x"})
    void keyedHashIsHmacSha256OfTheUtf8TextUnderTheDeploymentKey(String input) throws Exception {
        MaskKey key = MaskKey.of(KEY);
        String expected = HexFormat.of().formatHex(MaskKey.hmac(KEY.getBytes(StandardCharsets.UTF_8),
                input.getBytes(StandardCharsets.UTF_8)));

        assertThat(eval(MaskRule.keyedHash(null), input, 0, key)).isEqualTo(expected);
        assertThat(eval(MaskRule.keyedHash(12), input, 0, key)).isEqualTo(expected.substring(0, 12));
        assertThat(eval(MaskRule.keyedHash(null), null, 0, key)).isNull();
    }

    @Test
    void aKeyLongerThanTheBlockIsHashedFirstAsHmacSays() throws Exception {
        String longKey = "k".repeat(200);
        String expected = HexFormat.of().formatHex(MaskKey.hmac(longKey.getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8)));
        assertThat(eval(MaskRule.keyedHash(null), "v", 0, MaskKey.of(longKey))).isEqualTo(expected);
    }

    @Test
    void anotherKeyGivesOtherPseudonymsAndTheKeyIsNeitherInTheStatementNorInTheId() throws Exception {
        MaskKey one = MaskKey.of(KEY);
        MaskKey two = MaskKey.of(KEY.replace('a', 'b'));

        assertThat(eval(MaskRule.keyedHash(null), "v", 0, one)).isNotEqualTo(eval(MaskRule.keyedHash(null), "v", 0, two));
        assertThat(one.id()).hasSize(16).isNotEqualTo(two.id()).isEqualTo(MaskKey.of(KEY).id());
        assertThat(MaskSql.expression(MaskRule.keyedHash(null), "c", 0)).doesNotContain(KEY)
                .doesNotContain(HexFormat.of().formatHex(KEY.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        assertThat(one.toString()).doesNotContain(KEY);
    }

    @Test
    void aShortKeyIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> MaskKey.of("short-secret")).hasMessageNotContaining("short-secret")
                .hasMessageContaining("16 bytes");
    }

    @Test
    void keyedHashWithoutTheKeyInTheTransactionFailsInsteadOfHashingWithNothing() throws SQLException {
        try (Connection c = pg.connect(db)) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> select(c, MaskRule.keyedHash(null), "v", 0)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("pgclone.mask_");
            c.rollback();
            // Set by an earlier transaction of the same session, the settings read as '' afterwards: still an error,
            // never a hash made with an empty key.
            MaskKey.of(KEY).apply(c);
            c.commit();
            assertThatThrownBy(() -> select(c, MaskRule.keyedHash(null), "v", 0)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("invalid hexadecimal digit");
        }
    }

    @Test
    void quotedColumnNamesAreSafe() throws SQLException {
        String sql = MaskSql.selectItem(MaskRule.of(MaskStrategy.NAME), "we\"ird", 0);
        assertThat(sql).contains("\"we\"\"ird\"");
    }

    private static String eval(MaskRule rule, String input, int clamp) throws SQLException {
        return eval(rule, input, clamp, null);
    }

    private static String eval(MaskRule rule, String input, int clamp, MaskKey key) throws SQLException {
        try (Connection c = pg.connect(db)) {
            c.setAutoCommit(false);
            if (key != null) {
                key.apply(c);
            }
            String v = select(c, rule, input, clamp);
            c.rollback();
            return v;
        }
    }

    private static String select(Connection c, MaskRule rule, String input, int clamp) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + MaskSql.expression(rule, "v", clamp) + " FROM (SELECT ?::text AS v) s")) {
            st.setString(1, input);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
