package dev.pgclone.contracts.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
        "(((a = 1)))"})
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
        "id IN (SELECT 1 UNION SELECT 2)",
        "id IN (SELECT 1 EXCEPT SELECT 2)",
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
