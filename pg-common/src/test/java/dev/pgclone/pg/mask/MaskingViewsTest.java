package dev.pgclone.pg.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.pg.mask.MaskingViews.ColumnState;
import dev.pgclone.pg.mask.MaskingViews.View;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingViewsTest {

    /** pgclone's policy view (MaskSql's expressions) and views that pass columns through in every way a view can. */
    private static final String VIEWS = """
            CREATE SCHEMA "Hr x";
            CREATE TABLE "Hr x".employees (id int, full_name text, email varchar(80), phone text, salary int, ssn text,
                                           "Given Name" text);
            CREATE VIEW "Hr x".employees_masked AS SELECT id, %s AS full_name, %s AS email, %s AS phone, %s AS salary,
                   NULL::text AS ssn FROM "Hr x".employees;
            CREATE TABLE "Hr x".users (id int, email text, password text, phone text, token text, ip text, note text,
                                       "E-Mail {work} (x)" text, "Pass word\\" text);
            CREATE VIEW "Hr x".users_masked AS
                SELECT u.id, md5(u.password) AS password, u.email::varchar(200) AS email, CAST(s.ph AS text) AS phone,
                       s.tk AS token, u.note AS ip, u."E-Mail {work} (x)", 'x' AS "Pass word\\"
                  FROM "Hr x".users u JOIN (SELECT id, phone AS ph, token::text AS tk FROM "Hr x".users) s USING (id);
            CREATE TABLE "Hr x".clients (id int, email text);
            CREATE VIEW "Hr x".clients_masked AS SELECT id, email FROM "Hr x".users;
            CREATE TABLE "Hr x".plain (id int, email text);
            """;

    @ParameterizedTest
    @ValueSource(ints = {14, 17})
    void aMaskingViewsColumnsAreMaskedOnlyWhenTheyAreNotReferencesCastsAside(int major) throws Exception {
        PostgresCluster pg = TestInfra.postgres("maskviews-" + major, major);
        String db = "maskviews_" + UUID.randomUUID().toString().substring(0, 8);
        pg.createDatabase(db);
        pg.execute(db, VIEWS.formatted(MaskSql.expression(MaskRule.of(MaskStrategy.NAME), "full_name", 0),
                MaskSql.expression(MaskRule.of(MaskStrategy.EMAIL), "email", 80),
                MaskSql.expression(MaskRule.of(MaskStrategy.PHONE), "phone", 0),
                MaskSql.expression(MaskRule.randomInt(40_000, 200_000), "salary", 0)));

        Map<String, View> views;
        try (Connection c = pg.connect(db)) {
            views = new MaskingViews(c).of("Hr x");
        }

        assertThat(views.keySet()).as("clients_masked reads another table: not clients' masking view")
                .containsExactly("employees", "users");
        assertThat(states(views.get("employees"), "id", "full_name", "email", "phone", "salary", "ssn", "Given Name"))
                .containsExactly(Map.entry("id", ColumnState.PASSED_THROUGH), Map.entry("full_name", ColumnState.MASKED),
                        Map.entry("email", ColumnState.MASKED), Map.entry("phone", ColumnState.MASKED),
                        Map.entry("salary", ColumnState.MASKED), Map.entry("ssn", ColumnState.MASKED),
                        Map.entry("Given Name", ColumnState.LEFT_OUT));
        assertThat(states(views.get("users"), "password", "email", "phone", "token", "ip", "note", "E-Mail {work} (x)",
                "Pass word\\")).containsExactly(
                Map.entry("password", ColumnState.MASKED), Map.entry("email", ColumnState.PASSED_THROUGH),
                Map.entry("phone", ColumnState.PASSED_THROUGH), Map.entry("token", ColumnState.PASSED_THROUGH),
                Map.entry("ip", ColumnState.PASSED_THROUGH), Map.entry("note", ColumnState.LEFT_OUT),
                Map.entry("E-Mail {work} (x)", ColumnState.PASSED_THROUGH), Map.entry("Pass word\\", ColumnState.MASKED));
        assertThat(views.get("users").view()).isEqualTo("users_masked");
    }

    @Test
    void nodeTreesAreReadWithTheirEscapesAndAnUnreadableOneMasksNothing() {
        String stored = "({QUERY :targetList ({TARGETENTRY :expr {CONST :consttype 25 :constlen -1"
                + " :constvalue 8 [ 32 0 0 0 88 88 88 88 ]} :resno 1 :resname My\\ \\{odd\\}\\ name :resorigtbl 0"
                + " :resjunk false} {TARGETENTRY :expr {VAR :varno 1 :varattno 2 :varlevelsup 0} :resno 2 :resname \"\""
                + " :resorigtbl 0 :resjunk false} {TARGETENTRY :expr {VAR :varno 1 :varattno 3} :resno 3 :resname :odd"
                + " :resorigtbl 0 :resjunk false}) :rtable ({RANGETBLENTRY :rtekind 0 :relid 16385})})";

        View view = new View("t", "t_masked", MaskingViews.query(stored).orElseThrow());

        assertThat(view.column("My {odd} name")).isEqualTo(ColumnState.MASKED);
        assertThat(view.column("")).isEqualTo(ColumnState.PASSED_THROUGH);
        assertThat(view.column(":odd")).as("a value may start with a colon").isEqualTo(ColumnState.PASSED_THROUGH);
        assertThat(view.column("other")).isEqualTo(ColumnState.LEFT_OUT);
        assertThatThrownBy(() -> NodeTree.parse("({QUERY :targetList ({TARGETENTRY :expr"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new View("t", "t_masked", null).column("email")).isEqualTo(ColumnState.UNREADABLE);
    }

    private static Map<String, ColumnState> states(View view, String... columns) {
        Map<String, ColumnState> out = new LinkedHashMap<>();
        for (String c : List.of(columns)) {
            out.put(c, view.column(c));
        }
        return out;
    }
}
