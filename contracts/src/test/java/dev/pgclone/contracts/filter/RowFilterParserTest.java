package dev.pgclone.contracts.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.filter.RowFilter.Call;
import dev.pgclone.contracts.filter.RowFilter.Operator;
import dev.pgclone.contracts.filter.RowFilter.Relation;
import dev.pgclone.contracts.filter.RowFilter.Role;
import dev.pgclone.contracts.filter.RowFilter.TypeRef;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grammar subset: precedence as gram.y declares it (the tree is fully parenthesized), every construct a filter
 * may use, what each reports for checking on the source, and what is refused.
 */
class RowFilterParserTest {

    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("a OR b AND c", "(a OR (b AND c))"),
                Arguments.of("NOT a AND b", "((NOT a) AND b)"),
                Arguments.of("NOT a = b", "(NOT (a = b))"),
                Arguments.of("NOT a IS NULL", "(NOT (a IS NULL))"),
                Arguments.of("a = b IS NULL", "((a = b) IS NULL)"),
                Arguments.of("a < b + c * d ^ e", "(a < (b + (c * (d ^ e))))"),
                Arguments.of("a - b - c", "((a - b) - c)"),
                Arguments.of("-a ^ 2", "((-a) ^ 2)"),
                Arguments.of("-a::int", "(-(a::int4))"),
                Arguments.of("a || b + c", "(a || (b + c))"),
                Arguments.of("a || b = c", "((a || b) = c)"),
                Arguments.of("@ a + b", "(@ (a + b))"),
                Arguments.of("@ a || b", "((@ a) || b)"),
                Arguments.of("a LIKE b || c", "(a LIKE (b || c))"),
                Arguments.of("a BETWEEN 1 AND 2 AND b", "((a BETWEEN 1 AND 2) AND b)"),
                Arguments.of("a NOT BETWEEN SYMMETRIC 1 + 1 AND 2 * 2", "(a NOT BETWEEN SYMMETRIC (1 + 1) AND (2 * 2))"),
                Arguments.of("a IN (1) = true", "((a IN (1)) = TRUE)"),
                Arguments.of("a IS NOT DISTINCT FROM b + 1", "(a IS NOT DISTINCT FROM (b + 1))"),
                Arguments.of("t AT TIME ZONE 'UTC' + i", "((t AT TIME ZONE 'UTC') + i)"),
                Arguments.of("a COLLATE \"C\" < b", "((a COLLATE \"C\") < b)"),
                Arguments.of("a.b[1].c::text", "(a.b[1].c::text)"),
                Arguments.of("x = ANY (a) AND y", "((x = ANY a) AND y)"),
                Arguments.of("a OPERATOR(pg_catalog.+) b * c", "(a OPERATOR(pg_catalog.+) (b * c))"),
                Arguments.of("a ISNULL OR b NOTNULL", "((a ISNULL) OR (b NOTNULL))"),
                Arguments.of("((a))", "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void bindsAsPostgresDoes(String filter, String tree) {
        assertThat(RowFilterParser.parse(filter).tree()).isEqualTo(tree);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a = b = c", "a < b > c", "a IS NULL IS NULL", "a LIKE b LIKE c", "a IN (1) IN (2)"})
    void nonAssociativeOperatorsNeedParentheses(String filter) {
        assertThatThrownBy(() -> RowFilterParser.parse(filter)).hasMessageContaining("need parentheses");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // literals and typed literals
        "x = 1 AND y = 1.5e3 AND z = 'a' AND w = E'\\n' AND v = B'1' AND u = X'1F' AND t = N'n' AND s IS NULL",
        "d > date '2024-01-01' AND i < interval '1 day' AND j < interval '1' day AND k < interval(3) '1 s'",
        "ts > timestamp with time zone '2024-01-01 00:00+00' AND t2 > time without time zone '10:00'",
        "f = double precision '1.5' AND g = int '1' AND h = boolean 'true' AND c = char(3) 'abc'",
        "x = s.t '1'",
        // casts
        "x::int = 1 AND CAST(y AS bigint) = 2 AND z::double precision > 0 AND w::character varying(10) = 'a'",
        "x::timestamp(3) with time zone > now() AND a::int[] = '{1}' AND b::int ARRAY = '{}' AND c::\"MyType\" IS NULL",
        "x::numeric(10, 2) > 1 AND y::s.t IS NULL AND z::interval day to second(3) > '1 s'",
        // column references
        "\"Order\".\"Status\" = 'x' AND t.* IS NOT NULL AND (x).f = 1 AND a[1] = 1 AND a[1:2] = a[:2] AND s.t.c = 1",
        "time > '10:00' AND position > 1 AND \"left\" = 1",
        // functions
        "lower(email) = 'x' AND s.f(1) = 2 AND count(*) > 0 AND count(DISTINCT x) > 0 AND f(VARIADIC a) > 0",
        "f(a => 1, b := 2) > 0 AND string_agg(x, ',' ORDER BY y DESC NULLS LAST) <> ''",
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY x) > 1 AND sum(x) FILTER (WHERE x > 0) > 1",
        "row_number() OVER (PARTITION BY a ORDER BY b RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) = 1",
        "sum(x) OVER (ORDER BY y ROWS 3 PRECEDING EXCLUDE CURRENT ROW) > 0 AND avg(x) OVER () > 0",
        // keyword functions
        "EXTRACT(year FROM d) = 2024 AND POSITION('a' IN s) > 0 AND SUBSTRING(s FROM 2 FOR 3) = 'x'",
        "SUBSTRING(s FOR 2 FROM 1) = 'x' AND SUBSTRING(s SIMILAR 'a' ESCAPE '#') = 'x' AND SUBSTRING(s, 1, 2) = 'x'",
        "TRIM(BOTH 'x' FROM s) = '' AND TRIM(LEADING FROM s) = '' AND TRIM(s) = '' AND TRIM(TRAILING s, 'x') = ''",
        "OVERLAY(s PLACING 'x' FROM 2 FOR 1) = '' AND COALESCE(a, b) = 1 AND NULLIF(a, b) IS NULL",
        "GREATEST(a, b) > LEAST(c, d) AND COLLATION FOR (s) = '\"C\"' AND current_date > d",
        "CURRENT_TIMESTAMP(3) > t AND LOCALTIME > t2 AND CURRENT_USER = owner AND SESSION_USER = 'x'",
        "CURRENT_SCHEMA = 'x' AND current_schema() = 'x' AND left(s, 2) = 'ab'",
        // conditionals, tests, membership
        "CASE WHEN a THEN b ELSE c END AND CASE x WHEN 1 THEN true END",
        "a IS TRUE AND b IS NOT FALSE AND c IS UNKNOWN AND d IS DISTINCT FROM e",
        "a IN (1, 2) AND b NOT IN (SELECT x FROM t) AND c LIKE 'a%' ESCAPE '!' AND d NOT ILIKE 'b'",
        "a SIMILAR TO 'x' AND b NOT SIMILAR TO 'y' ESCAPE '#' AND c LIKE ANY (ARRAY['a%'])",
        "a = ANY (ARRAY[1, 2]) AND b <> ALL (SELECT x FROM t) AND c = SOME ('{1}')",
        // constructors
        "ARRAY[1, 2] && ARRAY[[1], [2]] AND ARRAY[]::int[] = '{}' AND a = ANY (ARRAY(SELECT x FROM t))",
        "ROW(a, b) = ROW(1, 2) AND (a, b) < (1, 2) AND ROW() IS NULL",
        // subqueries
        "EXISTS (SELECT 1 FROM t WHERE t.id = x.id) AND (SELECT max(y) FROM u) > 1 AND ((SELECT 1)) = 1",
        "((SELECT 1) + 1) = 2 AND id IN ((SELECT 1) UNION (SELECT 2))",
        "id IN (SELECT DISTINCT ON (a) a FROM t ORDER BY a, b DESC LIMIT 10 OFFSET 5)",
        "id IN (SELECT a FROM t ORDER BY a FETCH FIRST 3 ROWS ONLY) AND id IN (SELECT a FROM t LIMIT ALL)",
        "id IN (SELECT a FROM t UNION ALL SELECT b FROM u INTERSECT SELECT c FROM v EXCEPT SELECT 1)",
        "id IN (SELECT c.id FROM s.customers AS c JOIN orders o ON o.cid = c.id LEFT OUTER JOIN x USING (id) "
                + "RIGHT JOIN y ON true FULL JOIN z ON true CROSS JOIN w NATURAL JOIN v INNER JOIN q ON true "
                + "WHERE c.region = 'EU' GROUP BY c.id HAVING count(*) > 1)",
        "id IN (SELECT g FROM generate_series(1, 10) AS g(n)) AND id IN (SELECT x FROM unnest(a) WITH ORDINALITY u(x, n))",
        "id IN (SELECT a FROM ROWS FROM (generate_series(1, 2), unnest(ARRAY[3])) WITH ORDINALITY AS r(a, b, n))",
        "id IN (SELECT id FROM t TABLESAMPLE bernoulli (10) REPEATABLE (1)) AND id IN (SELECT id FROM ONLY t)",
        "id IN (SELECT id FROM ONLY (t) AS a (x)) AND id IN (SELECT id FROM t *)",
        "id IN (SELECT * FROM t, LATERAL (SELECT 1) AS x, LATERAL f(t.a) AS y (z))",
        "id IN (SELECT a FROM json_to_record('{}') AS j(a int, b text COLLATE \"C\"))",
        "id IN (SELECT a FROM (VALUES (1), (2)) AS v(a)) AND id IN (VALUES (1)) AND EXISTS (SELECT FROM t)",
        "id IN (SELECT x FROM (t JOIN u USING (id) AS j) AS k)",
        "id IN (SELECT a AS \"A\", b c, d AS select FROM t)"})
    void parsesEveryConstructAFilterMayUse(String filter) {
        assertThatCode(() -> RowFilterParser.parse(filter)).doesNotThrowAnyException();
    }

    @Test
    void reportsCallsWithSchemaArgumentsAndRole() {
        RowFilter f = RowFilterParser.parse("s.f(1, 2) > g() AND h(VARIADIC a) AND EXISTS (SELECT 1 FROM srf(3), t "
                + "TABLESAMPLE system (1)) AND SUBSTRING(x FROM 1) = '' AND x AT TIME ZONE 'UTC' > now()");

        assertThat(f.calls()).containsExactlyInAnyOrder(
                new Call("s", "f", 2, Role.EXPRESSION), Call.of("g", 0), Call.of("h", Call.ANY_ARGS),
                new Call(null, "srf", 1, Role.FROM), new Call(null, "system", 1, Role.TABLESAMPLE),
                new Call("pg_catalog", "substring", 2, Role.EXPRESSION),
                new Call("pg_catalog", "timezone", 2, Role.EXPRESSION), Call.of("now", 0));
    }

    @Test
    void reportsQuotedNamesAsWrittenAndUnquotedLowerCased() {
        RowFilter f = RowFilterParser.parse("\"My Schema\".\"F\"(1) AND MyFunc(2) AND \"pg_read_file\"(3)");

        assertThat(f.calls()).extracting(Call::qualifiedName).containsExactly("My Schema.F", "myfunc", "pg_read_file");
    }

    @Test
    void reportsWrittenAndImpliedOperators() {
        RowFilter f = RowFilterParser.parse("a @> b AND -c = 1 AND d IN (1) AND e NOT IN (2) AND f BETWEEN 1 AND 2 "
                + "AND g ILIKE 'x' AND h NOT LIKE 'y' AND i SIMILAR TO 'z' AND j OPERATOR(s.===) k");

        assertThat(f.operators()).contains(Operator.infix("@>"), new Operator(null, "-", RowFilter.Fixity.PREFIX),
                Operator.infix("="), Operator.infix("<>"), Operator.infix(">="), Operator.infix("<="),
                Operator.infix("~~*"), Operator.infix("!~~"), Operator.infix("~"), new Operator("s", "===",
                        RowFilter.Fixity.INFIX));
        assertThat(f.calls()).contains(new Call("pg_catalog", "similar_to_escape", 1, Role.EXPRESSION));
    }

    @Test
    void reportsTypesByCatalogName() {
        RowFilter f = RowFilterParser.parse("a::integer = 1 AND b::double precision > 0 AND c::varchar(3) = '' "
                + "AND d::timestamptz > now() AND e::timestamp with time zone > now() AND f::s.t IS NULL "
                + "AND g::\"Mixed\"[] IS NULL AND date '2024-01-01' < h AND CAST(i AS bit varying) IS NULL");

        assertThat(f.types()).containsExactlyInAnyOrder(new TypeRef("pg_catalog", "int4"),
                new TypeRef("pg_catalog", "float8"), new TypeRef("pg_catalog", "varchar"), new TypeRef(null, "timestamptz"),
                new TypeRef("pg_catalog", "timestamptz"), new TypeRef("s", "t"), new TypeRef(null, "Mixed"),
                new TypeRef(null, "date"), new TypeRef("pg_catalog", "varbit"));
    }

    @Test
    void reportsRelationsAndAttributeNotation() {
        RowFilter f = RowFilterParser.parse("id IN (SELECT o.cid FROM shop.orders o JOIN \"Items\" i ON i.oid = o.id) "
                + "AND (t).total > 0 AND a.b.c = 1");

        assertThat(f.relations()).containsExactly(new Relation("shop", "orders"), new Relation(null, "Items"));
        assertThat(f.attributes()).containsExactlyInAnyOrder("cid", "oid", "id", "total", "b", "c");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "id IN (WITH x AS (SELECT 1) SELECT * FROM x)|WITH",
        "id IN (SELECT id FROM t FOR SHARE)|must not lock rows",
        "id IN (SELECT id FROM t WINDOW w AS ())|WINDOW",
        "id IN (SELECT a FROM t GROUP BY ROLLUP (a))|grouping sets",
        "id IN (SELECT a FROM t GROUP BY GROUPING SETS ((a)))|grouping sets",
        "id IN (TABLE t)|TABLE",
        "(a, b) OVERLAPS (c, d)|OVERLAPS",
        "x IS JSON|IS JSON",
        "x IS DOCUMENT|IS DOCUMENT",
        "xmlelement(name a) IS NULL|XMLELEMENT",
        "json_object('a': 1) IS NULL|JSON_OBJECT",
        "sum(x) OVER w > 0|named window",
        "x = DEFAULT|DEFAULT",
        "f(1) 'x' = 1|typed literal with type modifiers",
        "a.b.c(1) = 1|too many dotted parts",
        "id IN (SELECT 1 FROM a.b.c)|too many dotted parts",
        "SELECT 1|subquery needs parentheses",
        "x = 1 y|after a complete expression",
        "'a' 'b' = x|two constants",
        "left = 1|keyword",
        "f(VARIADIC a, b) = 1|VARIADIC must be the last",
        "x NOT = 1|unexpected",
        "x = ALL|unexpected",
        "SETOF int IS NULL|unexpected",
        "x::SETOF int IS NULL|SETOF",
        "U&'x' UESCAPE 'ab' = x|UESCAPE",
        "x IN 1|after IN",
        "CASE END|unexpected END"})
    void refusesWhatIsOutsideTheGrammarNamingIt(String caseText) {
        String[] parts = caseText.split("\\|");
        assertThatThrownBy(() -> RowFilterParser.parse(parts[0])).isInstanceOf(RowFilterException.class)
                .hasMessageContaining(parts[1]);
    }

    @Test
    void guardsTheRecursionDepth() {
        assertThatCode(() -> RowFilterParser.parse("(".repeat(60) + "true" + ")".repeat(60))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RowFilterParser.parse("(".repeat(RowFilterParser.MAX_DEPTH + 1) + "true"
                + ")".repeat(RowFilterParser.MAX_DEPTH + 1))).hasMessageContaining("nested too deeply");
    }
}
