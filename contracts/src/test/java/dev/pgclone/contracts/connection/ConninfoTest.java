package dev.pgclone.contracts.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConninfoTest {

    private static final String SECRET = "Hunter2-XyZZy";

    @Nested
    class KeywordValue {

        @Test
        void parsesPlainKeywordValuePairsInOrder() {
            Conninfo c = Conninfo.parse("host=db.example.com port=5432 dbname=shop user=alice password=" + SECRET);

            assertThat(c.params()).containsExactly(
                    Map.entry("host", "db.example.com"), Map.entry("port", "5432"), Map.entry("dbname", "shop"),
                    Map.entry("user", "alice"), Map.entry("password", SECRET));
            assertThat(c.host()).isEqualTo("db.example.com");
            assertThat(c.dbname()).isEqualTo("shop");
            assertThat(c.user()).isEqualTo("alice");
            assertThat(c.hasSecrets()).isTrue();
        }

        @Test
        void parsesQuotedValueWithSpaces() {
            Conninfo c = Conninfo.parse("host=db dbname='my shop db' password='correct horse battery'");

            assertThat(c.get("dbname")).contains("my shop db");
            assertThat(c.get("password")).contains("correct horse battery");
        }

        @Test
        void unescapesBackslashQuoteAndBackslashBackslashInQuotedValue() {
            Conninfo c = Conninfo.parse("password='it\\'s a \\\\ path' user='o\\'brien'");

            assertThat(c.get("password")).contains("it's a \\ path");
            assertThat(c.get("user")).contains("o'brien");
        }

        @Test
        void unescapesBackslashesInUnquotedValue() {
            Conninfo c = Conninfo.parse("password=a\\ b\\'c\\\\d");

            assertThat(c.get("password")).contains("a b'c\\d");
        }

        @Test
        void acceptsSpacesAroundEqualsAndExtraWhitespace() {
            Conninfo c = Conninfo.parse("  host = db.example.com \t port= 5433\n dbname =shop   user  =  alice  ");

            assertThat(c.params()).containsExactly(Map.entry("host", "db.example.com"), Map.entry("port", "5433"),
                    Map.entry("dbname", "shop"), Map.entry("user", "alice"));
        }

        @Test
        void acceptsEmptyQuotedValue() {
            assertThat(Conninfo.parse("host=db application_name=''").get("application_name")).contains("");
        }

        @Test
        void keepsEqualsSignInsideValue() {
            assertThat(Conninfo.parse("options=-csearch_path=app password=a=b").params())
                    .containsEntry("options", "-csearch_path=app").containsEntry("password", "a=b");
        }

        @Test
        void laterKeywordWinsLikeLibpq() {
            assertThat(Conninfo.parse("host=a host=b").host()).isEqualTo("b");
        }

        @Test
        void defaultsHostToLocalhostAndDbnameToUser() {
            Conninfo c = Conninfo.parse("user=alice");

            assertThat(c.host()).isEqualTo("localhost");
            assertThat(c.dbname()).isEqualTo("alice");
        }

        @Test
        void usesHostaddrWhenNoHostIsGiven() {
            assertThat(Conninfo.parse("hostaddr=10.0.0.7 dbname=shop").host()).isEqualTo("10.0.0.7");
        }
    }

    @Nested
    class Uri {

        @Test
        void parsesUserPasswordHostPortAndDatabase() {
            Conninfo c = Conninfo.parse("postgresql://alice:" + SECRET + "@db.example.com:5433/shop");

            assertThat(c.params()).containsExactly(Map.entry("user", "alice"), Map.entry("password", SECRET),
                    Map.entry("host", "db.example.com"), Map.entry("port", "5433"), Map.entry("dbname", "shop"));
        }

        @Test
        void acceptsPostgresSchemeToo() {
            Conninfo c = Conninfo.parse("postgres://alice@db.example.com/shop");

            assertThat(c.params()).containsExactly(Map.entry("user", "alice"), Map.entry("host", "db.example.com"),
                    Map.entry("dbname", "shop"));
        }

        @Test
        void decodesPercentEncodingInEveryPart() {
            Conninfo c = Conninfo.parse(
                    "postgresql://al%69ce:p%40ss%3Aw%2Fo%20rd%C3%A9@db.example.com/my%20db?application_name=clone%20job");

            assertThat(c.user()).isEqualTo("alice");
            assertThat(c.get("password")).contains("p@ss:w/o rdé");
            assertThat(c.dbname()).isEqualTo("my db");
            assertThat(c.get("application_name")).contains("clone job");
        }

        @Test
        void passwordMayContainColonsAfterTheFirst() {
            assertThat(Conninfo.parse("postgresql://alice:a:b:c@db/shop").get("password")).contains("a:b:c");
        }

        @Test
        void parsesBracketedIpv6HostWithPort() {
            Conninfo c = Conninfo.parse("postgresql://alice@[::1]:5432/shop");

            assertThat(c.host()).isEqualTo("::1");
            assertThat(c.get("port")).contains("5432");
        }

        @Test
        void parsesBracketedIpv6HostWithoutPort() {
            Conninfo c = Conninfo.parse("postgresql://[2001:db8::7]/shop");

            assertThat(c.host()).isEqualTo("2001:db8::7");
            assertThat(c.get("port")).isEmpty();
        }

        @Test
        void parsesMultipleHostsWithPorts() {
            Conninfo c = Conninfo.parse("postgresql://alice@h1:5432,h2:5433/shop?target_session_attrs=read-write");

            assertThat(c.get("host")).contains("h1,h2");
            assertThat(c.get("port")).contains("5432,5433");
            assertThat(c.get("target_session_attrs")).contains("read-write");
        }

        @Test
        void parsesMultipleHostsWhereOnlySomeHavePorts() {
            Conninfo c = Conninfo.parse("postgresql://h1,h2:5433,[::1]/shop");

            assertThat(c.get("host")).contains("h1,h2,::1");
            assertThat(c.get("port")).contains(",5433,");
        }

        @Test
        void parsesQueryParameters() {
            Conninfo c = Conninfo.parse("postgresql://db/shop?sslmode=require&application_name=x&connect_timeout=10");

            assertThat(c.params()).containsEntry("sslmode", "require").containsEntry("application_name", "x")
                    .containsEntry("connect_timeout", "10");
        }

        @Test
        void treatsSslTrueAsSslmodeRequire() {
            assertThat(Conninfo.parse("postgresql://db/shop?ssl=true").get("sslmode")).contains("require");
        }

        @Test
        void leavesHostAndDatabaseOutWhenUriHasNone() {
            Conninfo c = Conninfo.parse("postgresql://");

            assertThat(c.params()).isEmpty();
            assertThat(c.host()).isEqualTo("localhost");
        }

        @Test
        void parsesHostWithoutUserOrDatabase() {
            assertThat(Conninfo.parse("postgresql://db.example.com:6543").params())
                    .containsExactly(Map.entry("host", "db.example.com"), Map.entry("port", "6543"));
        }
    }

    @Nested
    class Errors {

        @Test
        void rejectsEmptyConninfo() {
            assertThatThrownBy(() -> Conninfo.parse("  ")).isInstanceOf(InvalidConninfoException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> Conninfo.parse(null)).isInstanceOf(InvalidConninfoException.class);
        }

        @Test
        void rejectsUnknownKeywordNamingIt() {
            assertThat(failure("host=db hots=db2 password=" + SECRET))
                    .hasMessageContaining("unknown connection keyword \"hots\"");
        }

        @Test
        void rejectsUnknownQueryParameterInUriNamingIt() {
            assertThat(failure("postgresql://alice:" + SECRET + "@db/shop?sslmdoe=require"))
                    .hasMessageContaining("\"sslmdoe\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"service", "replication", "require_auth", "sslcrl", "krbsrvname"})
        void rejectsKeywordPgcloneCannotHonourNamingIt(String keyword) {
            assertThat(failure("host=db password=" + SECRET + " " + keyword + "=x"))
                    .hasMessageContaining("\"" + keyword + "\"")
                    .hasMessageContaining("not supported");
        }

        @Test
        void rejectsServiceKeywordInUriQuery() {
            assertThat(failure("postgresql://alice:" + SECRET + "@db/shop?service=prod"))
                    .hasMessageContaining("\"service\" is not supported");
        }

        @Test
        void rejectsKeywordWithoutEqualsNamingIt() {
            assertThat(failure("host=db dbname password=" + SECRET))
                    .hasMessageContaining("missing \"=\" after \"dbname\"");
        }

        @Test
        void rejectsUnquotedPasswordWithSpaceWithoutEchoingAnyOfIt() {
            // A user forgot the quotes: the second half of the password looks like a keyword without "=".
            InvalidConninfoException e = failure("host=db password=correct horse battery staple");

            assertThat(e.getMessage()).contains("password").doesNotContain("horse").doesNotContain("battery")
                    .doesNotContain("staple").doesNotContain("correct");
        }

        @Test
        void rejectsUnquotedSslpasswordWithSpaceWithoutEchoingIt() {
            InvalidConninfoException e = failure("host=db sslpassword=open sesame sslkey=/k");

            assertThat(e.getMessage()).contains("sslpassword").doesNotContain("sesame").doesNotContain("open");
        }

        @Test
        void knownKeywordAfterPasswordStillParses() {
            assertThat(Conninfo.parse("password=" + SECRET + " host=db").host()).isEqualTo("db");
        }

        @Test
        void unsupportedKeywordAfterPasswordIsStillNamed() {
            assertThat(failure("password=" + SECRET + " service=prod")).hasMessageContaining("\"service\"");
        }

        @Test
        void rejectsTextGluedToAPasswordValueWithoutEchoingIt() {
            InvalidConninfoException e = failure("host=db password=correct horse=battery");

            assertThat(e.getMessage()).doesNotContain("horse").doesNotContain("battery").doesNotContain("correct");
        }

        @Test
        void rejectsMissingKeywordBeforeEquals() {
            assertThat(failure("host=db =" + SECRET)).hasMessageContaining("missing keyword");
        }

        @Test
        void rejectsUnterminatedQuote() {
            assertThat(failure("host=db password='" + SECRET + " dbname=shop"))
                    .hasMessageContaining("unterminated quoted string");
        }

        @Test
        void rejectsUnterminatedQuoteEndingInBackslash() {
            assertThat(failure("password='" + SECRET + "\\")).hasMessageContaining("unterminated");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "99999", "54x", "-1", "5432 "})
        void rejectsInvalidPort(String port) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("host", "db");
            params.put("port", port);
            params.put("password", SECRET);

            assertThatThrownBy(() -> Conninfo.of(params)).isInstanceOf(InvalidConninfoException.class)
                    .hasMessageContaining("invalid port")
                    .hasMessageNotContaining(SECRET);
        }

        @Test
        void rejectsInvalidPortInKeywordValueForm() {
            assertThat(failure("host=db port=99999 password=" + SECRET)).hasMessageContaining("invalid port");
        }

        @Test
        void rejectsInvalidPortInUri() {
            assertThat(failure("postgresql://alice:" + SECRET + "@db:54x/shop")).hasMessageContaining("invalid port");
            assertThat(failure("postgresql://alice:" + SECRET + "@h1:5432,h2:0/shop"))
                    .hasMessageContaining("invalid port");
        }

        @Test
        void rejectsUnencodedSlashInUriPasswordWithoutEchoingIt() {
            // "pa/ss" is cut at the slash, so "alice:pa" reads as host "alice" with port "pa".
            InvalidConninfoException e = failure("postgresql://alice:pa/ss@db/shop");

            assertThat(e.getMessage()).contains("invalid port").doesNotContain("\"pa\"");
        }

        @Test
        void rejectsNonNumericTimeouts() {
            assertThat(failure("host=db connect_timeout=ten password=" + SECRET))
                    .hasMessageContaining("connect_timeout");
        }

        @Test
        void rejectsNonUtf8ClientEncoding() {
            assertThat(failure("host=db client_encoding=LATIN1 password=" + SECRET))
                    .hasMessageContaining("client_encoding");
            assertThat(Conninfo.parse("host=db client_encoding=UTF8").get("client_encoding")).contains("UTF8");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "host=/var/run/postgresql dbname=shop",
            "host=@abstract dbname=shop",
            "postgresql://%2Fvar%2Frun%2Fpostgresql/shop",
            "postgresql:///shop?host=/tmp"})
        void rejectsUnixSocketHost(String conninfo) {
            assertThat(failure(conninfo.contains("://") ? conninfo : conninfo + " password=" + SECRET))
                    .hasMessageContaining("Unix-domain socket");
        }

        @Test
        void rejectsBadPercentEncoding() {
            assertThat(failure("postgresql://alice:" + SECRET + "%G1@db/shop")).hasMessageContaining("percent");
            assertThat(failure("postgresql://alice:" + SECRET + "%4@db/shop")).hasMessageContaining("percent");
        }

        @Test
        void rejectsUnterminatedIpv6Host() {
            assertThat(failure("postgresql://alice:" + SECRET + "@[::1/shop")).hasMessageContaining("IPv6");
        }

        @Test
        void rejectsQueryParameterWithoutEquals() {
            assertThat(failure("postgresql://alice:" + SECRET + "@db/shop?sslmode")).hasMessageContaining("=");
        }

        @Test
        void rejectsUnknownKeywordPassedThroughOf() {
            assertThatThrownBy(() -> Conninfo.of(Map.of("hots", "db")))
                    .isInstanceOf(InvalidConninfoException.class).hasMessageContaining("\"hots\"");
        }

        @Test
        void errorsCarryNoStackTraceOrCauseThatCouldHoldTheConninfo() {
            InvalidConninfoException e = failure("host=db hots=x password=" + SECRET);

            assertThat(e.getCause()).isNull();
            assertThat(e.getStackTrace()).isEmpty();
        }

        /** Every failure must leave the password out of its message, whatever went wrong. */
        private InvalidConninfoException failure(String conninfo) {
            InvalidConninfoException e = catchThrowableOfType(InvalidConninfoException.class,
                    () -> Conninfo.parse(conninfo));
            assertThat(e).as("parse(...) should fail").isNotNull();
            assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET);
            return e;
        }
    }

    @Nested
    class Redaction {

        @Test
        void redactedShowsStarsForPassword() {
            Conninfo c = Conninfo.parse("host=db dbname=shop user=alice password=" + SECRET);

            assertThat(c.redacted()).isEqualTo("host=db dbname=shop user=alice password=***");
            assertThat(c.toString()).isEqualTo(c.redacted());
        }

        @Test
        void redactedHidesSslpasswordAndUriPasswords() {
            Conninfo c = Conninfo.parse("postgresql://alice:" + SECRET + "@db/shop?sslpassword=" + SECRET + "2");

            assertThat(c.toString()).doesNotContain(SECRET).contains("password=***").contains("sslpassword=***");
        }

        @Test
        void redactedQuotesOtherValues() {
            assertThat(Conninfo.parse("host=db dbname='my db' password='a b'").redacted())
                    .isEqualTo("host=db dbname='my db' password=***");
        }

        @Test
        void withoutSecretsAndSecretsOnlySplitTheParameters() {
            Conninfo c = Conninfo.parse("host=db password=" + SECRET + " sslpassword=k user=alice");

            assertThat(c.withoutSecrets().params()).containsExactly(Map.entry("host", "db"),
                    Map.entry("user", "alice"));
            assertThat(c.withoutSecrets().hasSecrets()).isFalse();
            assertThat(c.secretsOnly().params()).containsOnlyKeys("password", "sslpassword");
            assertThat(c.withoutSecrets().merge(c.secretsOnly())).isEqualTo(c);
        }

        @Test
        void withDbnamePointsAtAnotherDatabase() {
            Conninfo c = Conninfo.parse("host=db dbname=postgres user=alice").withDbname("shop copy");

            assertThat(c.dbname()).isEqualTo("shop copy");
            assertThat(c.render()).isEqualTo("host=db dbname='shop copy' user=alice");
        }
    }

    @Nested
    class RenderRoundTrip {

        @ParameterizedTest
        @ValueSource(strings = {
            "plain", "with space", "it's", "back\\slash", "trailing\\", "\\'", "''", "\\\\'\\",
            "tab\there", "new\nline", "ünïcødé ✓ 数据库", "emoji 🐘", "=", "a=b c=d", "'quoted'", " lead", "trail ",
            "\"double\""})
        void renderThenParseGivesTheSameValues(String awkward) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("host", "db.example.com");
            params.put("dbname", awkward);
            params.put("user", awkward);
            params.put("password", awkward);
            params.put("application_name", awkward);
            Conninfo original = Conninfo.of(params);

            Conninfo reparsed = Conninfo.parse(original.render());

            assertThat(reparsed.params()).containsExactlyEntriesOf(params);
            assertThat(reparsed).isEqualTo(original).hasSameHashCodeAs(original);
        }

        @Test
        void renderThenParseKeepsEmptyValues() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("host", "db");
            params.put("password", "");
            params.put("application_name", "");

            Conninfo original = Conninfo.of(params);

            assertThat(original.render()).isEqualTo("host=db password='' application_name=''");
            assertThat(Conninfo.parse(original.render())).isEqualTo(original);
        }

        @Test
        void uriRendersAsKeywordValue() {
            Conninfo c = Conninfo.parse("postgresql://alice:p%20w@[::1]:5432/shop?sslmode=require");

            assertThat(c.render()).isEqualTo("user=alice password='p w' host=::1 port=5432 dbname=shop sslmode=require");
            assertThat(Conninfo.parse(c.render())).isEqualTo(c);
        }
    }

    /**
     * Characters beyond ASCII, including those outside the Basic Multilingual Plane (two UTF-16 units in Java): a URI's
     * percent-escapes are bytes, read as UTF-8 the way libpq hands them to the server; raw characters stay as they are.
     */
    @Nested
    class Unicode {

        private static final String KEY = "\uD83D\uDD11"; // U+1F511, outside the BMP
        private static final String ELEPHANT = "\uD83D\uDC18"; // U+1F418
        private static final String PASSWORD = "p" + KEY + SECRET;

        @Test
        void decodesPercentEncodedMultiByteCharactersInUserPasswordAndDatabase() {
            Conninfo c = Conninfo.parse("postgresql://u%C3%A9%F0%9F%90%98:p%F0%9F%94%91" + SECRET
                    + "@db.example.com/d%C3%A9%F0%9F%90%98?application_name=%E6%95%B0%F0%9F%90%98");

            assertThat(c.user()).isEqualTo("u\u00e9" + ELEPHANT);
            assertThat(c.get("password")).contains(PASSWORD);
            assertThat(c.dbname()).isEqualTo("d\u00e9" + ELEPHANT);
            assertThat(c.get("application_name")).contains("\u6570" + ELEPHANT);
        }

        @Test
        void keepsRawCharactersOutsideTheBmpInAUri() {
            Conninfo c = Conninfo.parse("postgresql://u" + ELEPHANT + ":" + PASSWORD + "@db/d\u00e9" + ELEPHANT);

            assertThat(c.user()).isEqualTo("u" + ELEPHANT);
            assertThat(c.get("password")).contains(PASSWORD);
            assertThat(c.dbname()).isEqualTo("d\u00e9" + ELEPHANT);
        }

        @Test
        void mixesRawCharactersAndPercentEscapesInOnePart() {
            assertThat(Conninfo.parse("postgresql://alice:" + KEY + "%20%F0%9F%94%91" + KEY + "@db/shop").get("password"))
                    .contains(KEY + " " + KEY + KEY);
        }

        @ParameterizedTest
        @ValueSource(strings = {"%F0%9F%94", "%C3%28", "%FF", "%C0%AF", "%ED%A0%BD", "%80", "%F4%90%80%80"})
        void refusesPercentEscapesThatAreNotUtf8WithoutEchoingTheSecret(String bad) {
            InvalidConninfoException e = catchThrowableOfType(InvalidConninfoException.class,
                    () -> Conninfo.parse("postgresql://alice:" + SECRET + bad + "@db/shop"));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("UTF-8").contains("password").doesNotContain(SECRET).doesNotContain(bad);
        }

        @Test
        void refusesInvalidUtf8InTheDatabaseNameNamingThePart() {
            assertThatThrownBy(() -> Conninfo.parse("postgresql://alice@db/d%E9"))
                    .isInstanceOf(InvalidConninfoException.class).hasMessageContaining("UTF-8").hasMessageContaining("database");
        }

        @Test
        void refusesAPercentEncodedNulLikeLibpq() {
            assertThatThrownBy(() -> Conninfo.parse("postgresql://alice:" + SECRET + "%00@db/shop"))
                    .isInstanceOf(InvalidConninfoException.class).hasMessageContaining("%00")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }

        @Test
        void refusesAValueThatIsNotUnicodeWithoutEchoingIt() {
            String lone = SECRET + "\uD83D";
            for (String conninfo : List.of("host=db password='" + lone + "'", "postgresql://alice:" + lone + "@db/shop")) {
                InvalidConninfoException e = catchThrowableOfType(InvalidConninfoException.class, () -> Conninfo.parse(conninfo));
                assertThat(e).as(conninfo.startsWith("host") ? "keyword/value" : "URI").isNotNull();
                assertThat(e.getMessage()).contains("password").doesNotContain(SECRET);
            }
            assertThatThrownBy(() -> Conninfo.of(Map.of("dbname", "d\uDC18")))
                    .isInstanceOf(InvalidConninfoException.class).hasMessageContaining("dbname");
        }

        @Test
        void keywordValueFormKeepsCharactersOutsideTheBmpAndRendersBack() {
            Conninfo c = Conninfo.parse("host=db user=u" + ELEPHANT + " password='" + PASSWORD + " x' dbname=d\u00e9" + ELEPHANT);

            assertThat(c.user()).isEqualTo("u" + ELEPHANT);
            assertThat(c.get("password")).contains(PASSWORD + " x");
            assertThat(c.dbname()).isEqualTo("d\u00e9" + ELEPHANT);
            assertThat(Conninfo.parse(c.render())).isEqualTo(c);
        }

        @Test
        void aUriWithCharactersOutsideTheBmpRendersAsKeywordValueAndBack() {
            Conninfo c = Conninfo.parse("postgresql://u%F0%9F%90%98:p%F0%9F%94%91" + SECRET + "@db/d%C3%A9%F0%9F%90%98");

            assertThat(c.render()).isEqualTo("user=u" + ELEPHANT + " password=" + PASSWORD + " host=db dbname=d\u00e9" + ELEPHANT);
            assertThat(Conninfo.parse(c.render())).isEqualTo(c);
        }

        @Test
        void redactionAndDisplayNeverShowThePassword() {
            Conninfo c = Conninfo.parse("postgresql://u%F0%9F%90%98:p%F0%9F%94%91" + SECRET + "@db/d%C3%A9%F0%9F%90%98");
            ConnectionSpec spec = new ConnectionSpec(c.withoutSecrets().render(), "v1:sealed");

            assertThat(c.redacted()).isEqualTo("user=u" + ELEPHANT + " password=*** host=db dbname=d\u00e9" + ELEPHANT);
            assertThat(c.toString()).doesNotContain(SECRET).doesNotContain(KEY);
            assertThat(spec.display()).doesNotContain(SECRET).doesNotContain(KEY).contains("dbname=d\u00e9" + ELEPHANT)
                    .endsWith("password=***");
        }
    }
}
