package dev.pgclone.pg.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.filter.RowFilterParser;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.PostgresDistributions;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Filters that pass the parser (the static deny list is deliberately not applied here, so this layer is shown to
 * stand on its own) checked against a real catalog on the oldest, the default and the newest supported major: names
 * resolve with pg_catalog first, then the table's schema; what may run is decided by what the source says.
 */
class RowFilterCheckTest {

    /** A shop whose schema holds the hard cases: volatile, definer and stable functions, operators, casts, domains. */
    private static final String FIXTURE = """
            CREATE SCHEMA shop;
            CREATE SCHEMA other;
            CREATE TABLE shop.customers (id int PRIMARY KEY, region text, name text);
            CREATE TABLE shop.orders (id int PRIMARY KEY, customer_id int, amount numeric, status text);
            CREATE MATERIALIZED VIEW shop.big_customers AS SELECT id FROM shop.customers;
            CREATE VIEW shop.eu_customers AS SELECT * FROM shop.customers WHERE region = 'EU';
            CREATE SEQUENCE shop.s;
            CREATE FUNCTION shop.is_big(numeric) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT $1 > 100';
            CREATE FUNCTION shop."Mixed"(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
            CREATE FUNCTION shop.touch(int) RETURNS boolean LANGUAGE sql VOLATILE AS 'SELECT true';
            CREATE FUNCTION shop.definer(int) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS 'SELECT true';
            CREATE FUNCTION shop.vol_eq(int, int) RETURNS boolean LANGUAGE sql VOLATILE AS 'SELECT $1 = $2';
            CREATE OPERATOR shop.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = shop.vol_eq);
            CREATE FUNCTION shop.imm_eq(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
            CREATE OPERATOR shop.==== (LEFTARG = int, RIGHTARG = int, FUNCTION = shop.imm_eq);
            CREATE TYPE shop.code AS (c text);
            CREATE FUNCTION shop.to_code(int) RETURNS shop.code LANGUAGE sql VOLATILE AS 'SELECT ROW($1::text)::shop.code';
            CREATE CAST (int AS shop.code) WITH FUNCTION shop.to_code(int);
            CREATE DOMAIN shop.checked AS text CHECK (shop.touch(length(VALUE)));
            CREATE DOMAIN shop.positive AS int CHECK (VALUE > 0);
            CREATE FUNCTION shop.label(shop.customers) RETURNS text LANGUAGE sql VOLATILE AS 'SELECT $1.name';
            CREATE FUNCTION shop.rows_of(int) RETURNS SETOF int LANGUAGE sql VOLATILE AS 'SELECT generate_series(1, $1)';
            CREATE FUNCTION shop.stable_rows(int) RETURNS SETOF int LANGUAGE sql STABLE AS 'SELECT generate_series(1, $1)';
            CREATE FUNCTION shop.vol_add(int, int) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT $1 + $2';
            CREATE AGGREGATE shop.vol_sum(int) (SFUNC = shop.vol_add, STYPE = int);
            CREATE FUNCTION other.elsewhere(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
            """;

    private static final Map<Integer, String> DATABASES = new ConcurrentHashMap<>();

    static Stream<Integer> majors() {
        return Stream.of(14, PostgresDistributions.defaultMajor(), 18).distinct();
    }

    static Stream<Arguments> allowed() {
        return majors().flatMap(major -> Stream.of(
                "customer_id IN (SELECT id FROM customers WHERE region = 'EU')",
                "customer_id IN (SELECT c.id FROM shop.customers c WHERE c.name <> '' AND c.region IS NOT NULL)",
                "customer_id IN (SELECT id FROM big_customers)",
                "is_big(amount) AND shop.is_big(amount + 1)",
                "\"Mixed\"(id) AND id ==== 1 AND id OPERATOR(shop.====) 2",
                "random() < 0.5",
                "lower(status) = 'x' AND now() > date '2020-01-01' AND extract(year FROM now()) > 2000",
                "substring(status FROM 1 FOR 2) = 'ab' AND trim(both 'x' FROM status) <> '' AND position('a' IN status) > 0",
                "status::text = 'x' AND amount::numeric(10,2) > 1 AND id::shop.positive > 0 AND (now() AT TIME ZONE 'UTC') IS NOT NULL",
                "status LIKE 'a%' AND status NOT ILIKE 'b%' AND status SIMILAR TO 'c%' AND id BETWEEN 1 AND 2 AND id IN (1, 2)",
                "EXISTS (SELECT 1 FROM generate_series(1, 3) g WHERE g = id) AND id IN (SELECT * FROM stable_rows(3))",
                "customer_id IN (SELECT id FROM customers TABLESAMPLE bernoulli (50) REPEATABLE (1))",
                "id = ANY (ARRAY(SELECT id FROM customers ORDER BY id DESC LIMIT 3)) OR (SELECT count(*) FROM customers) > 2",
                "coalesce(status, '') <> 'x' AND nullif(status, '') IS NOT NULL AND greatest(id, 1) > 0")
                .map(f -> Arguments.of(major, f)));
    }

    @ParameterizedTest(name = "PostgreSQL {0}: {1}")
    @MethodSource("allowed")
    void allowsWhatOnlyReadsRows(int major, String filter) throws Exception {
        assertThatCode(() -> check(major, filter)).doesNotThrowAnyException();
    }

    static Stream<Arguments> refused() {
        return majors().flatMap(major -> Stream.of(
                // user-defined functions, by resolution path
                List.of("touch(id)", "shop.touch()", "VOLATILE"),
                List.of("shop.touch(id)", "shop.touch()", "VOLATILE"),
                List.of("definer(id)", "shop.definer()", "SECURITY DEFINER"),
                List.of("EXISTS (SELECT 1 FROM rows_of(3))", "shop.rows_of()", "VOLATILE"),
                List.of("(SELECT vol_sum(id) FROM customers) > 0", "shop.vol_sum()", "support function shop.vol_add"),
                List.of("elsewhere(id)", "elsewhere()", "no function of that name exists"),
                List.of("public.is_big(amount)", "public.is_big()", "no function of that name exists"),
                List.of("\"IS_BIG\"(amount)", "IS_BIG()", "no function of that name exists"),
                List.of("is_big(amount, 1, 2)", "is_big()", "takes 3 arguments"),
                // operators backed by functions
                List.of("id === 1", "the operator shop.===", "shop.vol_eq() is refused: it is VOLATILE"),
                List.of("id OPERATOR(shop.===) 1", "the operator shop.===", "VOLATILE"),
                List.of("id ~~~ 1", "the operator ~~~", "no operator of that name exists"),
                // casts and typed literals
                List.of("(1::code) IS NOT NULL", "the type code", "shop.to_code"),
                List.of("CAST(1 AS shop.code) IS NOT NULL", "the type shop.code", "shop.to_code"),
                List.of("'abc'::checked IS NOT NULL", "the type checked", "shop.touch"),
                List.of("'pg_authid'::regclass IS NOT NULL", "the type regclass", "object-identifier"),
                List.of("id::nope IS NULL", "the type nope", "no type of that name"),
                // attribute notation
                List.of("customer_id IN (SELECT c.id FROM customers c WHERE c.label <> '')", "shop.label()", "written as .label"),
                List.of("(status).pg_read_file IS NULL", "pg_catalog.pg_read_file()", "written as .pg_read_file"),
                // relations
                List.of("EXISTS (SELECT 1 FROM pg_authid)", "pg_authid", "pg_catalog.pg_authid"),
                List.of("EXISTS (SELECT 1 FROM pg_catalog.pg_shadow)", "pg_catalog.pg_shadow", "own schemas"),
                List.of("EXISTS (SELECT 1 FROM information_schema.tables)", "information_schema.tables", "own schemas"),
                List.of("EXISTS (SELECT 1 FROM eu_customers)", "eu_customers", "view"),
                List.of("EXISTS (SELECT 1 FROM s)", "s", "sequence"),
                List.of("EXISTS (SELECT 1 FROM nope)", "nope", "no relation of that name"),
                List.of("customer_id IN (SELECT id FROM customers TABLESAMPLE nope (1))", "TABLESAMPLE nope", "sampling method"),
                // built-ins: the deny list again, regclass arguments, volatility
                List.of("pg_read_file('/etc/passwd') IS NOT NULL", "pg_catalog.pg_read_file()", "files on the database server"),
                List.of("table_to_xml('shop.orders', true, false, '') IS NOT NULL", "pg_catalog.table_to_xml()", "whole table"),
                List.of("EXISTS (SELECT 1 FROM ts_stat('SELECT 1'))", "pg_catalog.ts_stat()", "runs SQL given as text"),
                List.of("lo_export(1, '/tmp/x') > 0", "pg_catalog.lo_export()", "large objects"),
                List.of("nextval('shop.s') > 0", "pg_catalog.nextval()", "sequence"),
                List.of("current_setting('data_directory') <> ''", "pg_catalog.current_setting()", "settings"),
                List.of("pg_relation_size('shop.orders') > 0", "pg_catalog.pg_relation_size()", "regclass argument"),
                List.of("setseed(0.5) IS NULL", "pg_catalog.setseed()", "VOLATILE"),
                List.of("clock_timestamp() > now()", "pg_catalog.clock_timestamp()", "VOLATILE"))
                .map(c -> Arguments.of(major, c.get(0), c.get(1), c.get(2))));
    }

    @ParameterizedTest(name = "PostgreSQL {0}: {1}")
    @MethodSource("refused")
    void refusesWhatCouldDoMoreThanReadRows(int major, String filter, String object, String reason) throws Exception {
        RowFilterRefusedException e = catchThrowableOfType(RowFilterRefusedException.class, () -> check(major, filter));

        assertThat(e).as("%s should be refused", filter).isNotNull();
        assertThat(e.object()).contains(object);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).startsWith("must not use ");
    }

    private static void check(int major, String filter) throws Exception {
        PostgresCluster pg = TestInfra.postgres("filter-" + major, major);
        String db = DATABASES.computeIfAbsent(major, m -> {
            String name = "filter_" + UUID.randomUUID().toString().substring(0, 8);
            pg.createDatabase(name);
            pg.execute(name, FIXTURE);
            return name;
        });
        try (Connection c = new PgConnector("test").open(Conninfo.parse(pg.conninfo(db)), SessionRole.SOURCE)) {
            SnapshotSessions.beginReadOnly(c, null);
            RowFilterCheck.check(c, RowFilterParser.parse(filter), "shop");
            SnapshotSessions.end(c);
        }
    }
}
