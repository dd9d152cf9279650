package dev.pgclone.contracts.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fragment is embedded as {@code WHERE (<fragment>)} in a COPY query on the source; these cases pin down what
 * may and may not get through.
 */
class WhereClauseValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "status = 'active'",
        "created_at > '2024-01-01'",
        "status = 'delete'",
        "note = 'DROP TABLE users; COMMIT; --'",
        "\"Order\" IN (1,2)",
        "\"delete\" = true",
        "\"Order\".\"Status\" <> 'x'",
        "CASE WHEN a THEN b END",
        "CASE WHEN amount > 100 THEN 'big' ELSE 'small' END = 'big'",
        "id IN (SELECT id FROM other)",
        "id IN (SELECT o.id FROM other o WHERE o.region = 'EU')",
        "name = E'it\\'s'",
        "name = e'back\\\\slash'",
        "name = 'it''s'",
        "name ILIKE '%;%'",
        "path LIKE 'C:\\temp%'",
        "note = 'a -- b /* c */'",
        "price BETWEEN 10 AND 20.5",
        "tags @> ARRAY['vip']::text[]",
        "payload->>'kind' = 'order' AND (payload->'n')::int > 3",
        "created_at >= now() - interval '30 days'",
        "lower(email) LIKE '%@example.com'",
        "coalesce(deleted_at, 'infinity') > current_date",
        "id % 10 = 0",
        "x IS NOT NULL AND y IS DISTINCT FROM 'z'",
        "start_date < end_date",
        "updated_by <> 'pg_sleep'",
        "bits = B'1010' OR hex = X'FF'",
        "name = U&'d\\0061t\\+000061'",
        "ville = 'Zürich' AND straße IS NOT NULL",
        "(((a = 1)))",
        // set operations inside a subquery are how subsets are made (the old word list refused them)
        "id IN (SELECT 1 UNION SELECT 2)",
        "id IN (SELECT 1 EXCEPT SELECT 2)",
        "customer_id IN (SELECT id FROM customers WHERE region = 'EU')",
        "EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = orders.id AND i.qty > 2)",
        "random() < 0.1",
        "id % 100 < 5 AND created_at >= date '2024-01-01'",
        "id IN (SELECT o.customer_id FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY 1 HAVING count(*) > 3)",
        "region = ANY (ARRAY['EU', 'US']) AND name NOT ILIKE 'test%'",
        "extract(year FROM created_at) = 2024 AND amount::numeric(12,2) > 10"})
    void acceptsRealisticRowFilters(String where) {
        assertThatCode(() -> WhereClauseValidator.validate(where)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1=1; DROP TABLE users",
        "id = 1;",
        "id = 1 ; SELECT 1"})
    void rejectsSemicolons(String where) {
        assertThat(rejection(where)).contains("semicolon");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "id = 1 -- and the rest is gone",
        "id = 1 /* hidden */",
        "id = 1 */",
        "id = 1 /* unterminated"})
    void rejectsComments(String where) {
        assertThat(rejection(where)).contains("comment");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "drop table x",
        "COMMIT",
        "id IN (DELETE FROM users RETURNING id)",
        "exists (insert into t values (1) returning 1)",
        "(update t set a = 1) IS NULL",
        "TRUNCATE",
        "id > 0 AND rollback",
        "true OR Begin",
        "id IN (SELECT id INTO tmp FROM other)",
        "copy",
        "grant",
        "set",
        "id = 1 AND vacuum",
        "DO",
        "call x()"})
    void rejectsDdlDmlAndTransactionKeywords(String where) {
        assertThat(rejection(where)).contains("must not contain the keyword");
    }

    @Test
    void columnNamedLikeAKeywordMustBeDoubleQuoted() {
        assertThat(rejection("comment = 'x'")).contains("COMMENT").contains("double-quote");
        assertThatCode(() -> WhereClauseValidator.validate("\"comment\" = 'x' AND \"start\" < now()"))
                .doesNotThrowAnyException();
    }

    @Test
    void keywordRejectionNamesTheKeyword() {
        assertThat(rejection("id IN (delete from t returning id)")).contains("DELETE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1=1) OR (DELETE",
        "true) UNION SELECT (1",
        "true) OR (true",
        "a = 1)",
        ")(",
        "(a = 1",
        "((a = 1)"})
    void rejectsUnbalancedParenthesesThatWouldCloseTheSurroundingWhere(String where) {
        assertThat(rejection(where)).contains("unbalanced");
    }

    @Test
    void parenthesesInsideLiteralsDoNotCount() {
        assertThatCode(() -> WhereClauseValidator.validate("name = ')' AND \"odd(\" = '('"))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "name = $$x$$",
        "name = $tag$its$tag$",
        "name = $a$x$a$ AND b = 1",
        "name = $_1$x$_1$"})
    void rejectsDollarQuoting(String where) {
        assertThat(rejection(where)).contains("dollar");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pg_read_file('/etc/passwd') IS NOT NULL",
        "length(pg_read_binary_file('/etc/shadow')) > 0",
        "pg_sleep(10) IS NULL",
        "PG_SLEEP(1) IS NULL",
        "pg_catalog.pg_sleep(1) IS NULL",
        "pg_sleep_for('5 minutes') IS NULL",
        "dblink('host=evil', 'select 1') IS NOT NULL",
        "dblink_exec('host=evil', 'drop table x') = 'OK'",
        "lo_import('/etc/passwd') > 0",
        "lo_export(1, '/tmp/x') > 0",
        "pg_ls_dir('.') IS NOT NULL",
        "pg_terminate_backend(42)",
        "set_config('role', 'postgres', false) IS NOT NULL",
        "current_setting('data_directory') <> ''",
        "nextval('orders_id_seq') > 0",
        "pg_advisory_lock(1) IS NULL",
        "query_to_xml('select 1', true, true, '') IS NOT NULL",
        "pg_catalog.\"pg_sleep\"(1) IS NULL"})
    void rejectsFunctionsThatReachOutsideTheQuery(String where) {
        assertThat(rejection(where)).contains("must not call");
    }

    @Test
    void rejectsQuotedForbiddenFunctionName() {
        assertThat(rejection("\"pg_read_file\"('x') IS NOT NULL")).contains("must not call pg_read_file()");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "U&\"\\0070g_read_file\"('x') IS NOT NULL",
        "u&\"\\0070g_sleep\"(1) IS NULL",
        "U&\"col\" = 1"})
    void rejectsUnicodeEscapedIdentifiers(String where) {
        assertThat(rejection(where)).contains("Unicode-escaped");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "status = 'active",
        "status = E'it\\'s",
        "name = 'x' OR \"col = 1",
        "'"})
    void rejectsUnterminatedLiteralsAndIdentifiers(String where) {
        assertThat(rejection(where)).contains("unterminated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void rejectsEmptyFilter(String where) {
        assertThat(rejection(where)).contains("empty");
    }

    @Test
    void rejectsBackslashesOutsideLiterals() {
        assertThat(rejection("a = 1 \\g")).contains("backslash");
    }

    @Test
    void rejectsOverlongFilter() {
        String where = "id IN (" + "1,".repeat(WhereClauseValidator.MAX_LENGTH / 2) + "1)";

        assertThat(rejection(where)).contains("longer than");
    }

    @Test
    void plainStringIsNotAnEscapeString() {
        // In a standard string a backslash is literal, so the quote after it ends the literal and what follows is code.
        assertThat(rejection("name = 'a\\' OR pg_sleep(1) IS NULL OR name = ''")).contains("pg_sleep");
    }

    @Test
    void identifierEndingInEIsNotAnEscapeStringPrefix() {
        // "name'..." is not E'...': the backslash does not escape the quote, so the literal ends there.
        assertThat(rejection("type = some_type'\\' OR pg_sleep(1) IS NULL OR x = ''")).contains("pg_sleep");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileCorpus")
    void refusesEveryFilterOfTheHostileCorpusNamingWhy(String expected, String where) {
        assertThat(rejection(where)).contains(expected);
    }

    @Test
    void theHostileCorpusHasAtLeastFiftyFilters() throws IOException {
        assertThat(hostileCorpus()).hasSizeGreaterThanOrEqualTo(50);
    }

    /** {@code hostile-row-filters.tsv}: expected message fragment, tab, filter. */
    static Stream<Arguments> hostileCorpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = WhereClauseValidatorTest.class.getResourceAsStream("/filters/hostile-row-filters.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int tab = line.indexOf('\t');
                    cases.add(Arguments.of(line.substring(0, tab), line.substring(tab + 1)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "name = 'it''s'\n    'continued'",
        "id IN (SELECT id FROM \"Shop\".customers WHERE \"Region\" = 'EU')",
        "payload #>> '{a,b}' = 'x' OR tags && ARRAY['a']"})
    void acceptsMultiLineAndQuotedFilters(String where) {
        assertThatCode(() -> WhereClauseValidator.validate(where)).doesNotThrowAnyException();
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String parens = "(".repeat(1000) + "true" + ")".repeat(1000);
        String nots = "NOT ".repeat(2000) + "true";
        String minus = "- ".repeat(4000) + "1 = 1";
        String arrays = "ARRAY" + "[".repeat(1000) + "1" + "]".repeat(1000) + " IS NULL";
        String calls = "f(".repeat(1000) + "1" + ")".repeat(1000) + " IS NULL";
        String subqueries = "id IN (SELECT id FROM t WHERE ".repeat(150) + "true" + ")".repeat(150);

        for (String where : List.of(parens, nots, minus, arrays, calls, subqueries)) {
            assertThat(rejection(where)).contains("nested too deeply");
        }
    }

    @Test
    void garbageNeverEscapesAsAnythingButAnInvalidOption() {
        String alphabet = "()[],.:;'\"$\\E&U_-+*/<>=~!@#%^|`?0123456789 \nabcSELECTFROMWHEREnotandor";
        Random random = new Random(20261129);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String where = b.toString();
            try {
                WhereClauseValidator.validate(where);
            } catch (InvalidOptionException e) {
                assertThat(e.field()).isEqualTo("where");
                assertThat(e.getMessage()).as(where).doesNotContain("could not be checked");
            }
        }
    }

    /** Validates, expects a rejection on field {@code where}, returns its message. */
    private static String rejection(String where) {
        InvalidOptionException e = catchThrowableOfType(InvalidOptionException.class,
                () -> WhereClauseValidator.validate(where));
        assertThat(e).as("where %s should be rejected", where).isNotNull();
        assertThat(e.field()).isEqualTo("where");
        assertThat(e.getMessage()).startsWith("where: ");
        return e.getMessage();
    }
}
