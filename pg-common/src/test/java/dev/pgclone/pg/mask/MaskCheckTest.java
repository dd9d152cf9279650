package dev.pgclone.pg.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskErrorPolicy;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.mask.TableMasks;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.mask.MaskCheck.ColumnFacts;
import dev.pgclone.pg.mask.MaskCheck.ForeignKey;
import dev.pgclone.pg.mask.MaskCheck.MaskRefusedException;
import dev.pgclone.pg.mask.MaskCheck.Outcome;
import dev.pgclone.pg.mask.MaskCheck.Request;
import dev.pgclone.pg.mask.MaskCheck.TableFacts;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fail-closed rules over column facts: what applies, what is cloned as NULL with skip, what fails the job. */
class MaskCheckTest {

    private static final QualifiedName USERS = new QualifiedName("app", "users");
    private static final QualifiedName ORDERS = new QualifiedName("app", "orders");

    private static ColumnFacts text(String name) {
        return new ColumnFacts(name, "text", 'S', "text", 0, null, null, false, false, false, false);
    }

    private static ColumnFacts typed(String name, String type, char category, String base) {
        return new ColumnFacts(name, type, category, base, 0, null, null, false, false, false, false);
    }

    private static ColumnFacts pk(String name, String type, char category) {
        return new ColumnFacts(name, type, category, type, 0, null, null, true, false, true, true);
    }

    private static TableFacts table(long oid, QualifiedName name, ColumnFacts... columns) {
        return new TableFacts(oid, name, List.of(), List.of(columns),
                java.util.Arrays.stream(columns).filter(c -> !c.generated()).map(ColumnFacts::name)
                        .collect(Collectors.toSet()));
    }

    private static TableMasks masks(String json) {
        return Json.read(json, TableMasks.class);
    }

    private static ColumnMasks mask(String json) {
        return Json.read(json, ColumnMasks.class);
    }

    private static Request request(ColumnMasks mask, TableMasks masks, MaskErrorPolicy policy, List<TableFacts> tables,
                                   List<ForeignKey> fks) {
        return new Request(mask, masks, policy, tables, fks, true, (c, v) -> null);
    }

    @Test
    void aMaskThatFitsAppliesToItsColumn() {
        Outcome outcome = MaskCheck.check(request(mask("{\"email\":\"email\",\"n\":{\"type\":\"random_int\"}}"), null,
                MaskErrorPolicy.FAIL, List.of(table(1, USERS, pk("id", "int4", 'N'), text("email"),
                        typed("n", "integer", 'N', "int4"))), List.of()));

        assertThat(outcome.masks(1)).containsExactly(new ColumnMask("email", MaskRule.of(MaskStrategy.EMAIL), 0),
                new ColumnMask("n", MaskRule.randomInt(0, 99_999), 0));
        assertThat(outcome.warnings()).isEmpty();
    }

    @Test
    void aBareKeyAppliesInEverySchemaAndAQualifiedKeyWins() {
        QualifiedName other = new QualifiedName("hr", "users");
        Outcome outcome = MaskCheck.check(request(null, masks("{\"users\":{\"email\":\"name\"},"
                + "\"hr.users\":{\"email\":\"hash\"}}"), MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, text("email")), table(2, other, text("email"))), List.of()));

        assertThat(outcome.masks(1)).extracting(m -> m.rule().strategy()).containsExactly(MaskStrategy.NAME);
        assertThat(outcome.masks(2)).extracting(m -> m.rule().strategy()).containsExactly(MaskStrategy.HASH);
    }

    @Test
    void aParentsMaskAppliesToItsPartitionsAndChildrenWhoseOwnRulesWin() {
        QualifiedName parent = new QualifiedName("app", "events");
        QualifiedName p1 = new QualifiedName("app", "events_2024");
        QualifiedName p2 = new QualifiedName("app", "events_2025");
        TableFacts child1 = new TableFacts(2, p1, List.of(parent), List.of(text("email"), text("ip")), Set.of("email", "ip"));
        TableFacts child2 = new TableFacts(3, p2, List.of(parent), List.of(text("email"), text("ip")), Set.of("email", "ip"));
        Outcome outcome = MaskCheck.check(request(null, masks("{\"events\":{\"email\":\"email\",\"ip\":\"null\"},"
                        + "\"events_2025\":{\"email\":\"hash\"}}"), MaskErrorPolicy.FAIL,
                List.of(table(1, parent, text("email"), text("ip")), child1, child2), List.of()));

        assertThat(outcome.masks(2)).extracting(m -> m.column() + "=" + m.rule().strategy().json())
                .containsExactly("email=email", "ip=null");
        assertThat(outcome.masks(3)).extracting(m -> m.column() + "=" + m.rule().strategy().json())
                .containsExactly("email=hash", "ip=null");
    }

    @Test
    void aKeyThatMatchesNoTableAndAnUnknownColumnFailEvenWithSkip() {
        assertThatThrownBy(() -> MaskCheck.check(request(null, masks("{\"userz\":{\"email\":\"email\"},"
                + "\"users\":{\"mail\":\"email\"}}"), MaskErrorPolicy.SKIP, List.of(table(1, USERS, text("email"))), List.of())))
                .isInstanceOf(MaskRefusedException.class)
                .hasMessageContaining("masks.userz: matches no table of the clone")
                .hasMessageContaining("app.users.mail: no such column")
                .satisfies(e -> assertThat(((MaskRefusedException) e).code()).isEqualTo(ErrorCode.MASK_INVALID));
    }

    @Test
    void aGeneratedColumnFailsAndNamesWhatToMaskInstead() {
        ColumnFacts generated = new ColumnFacts("full", "text", 'S', "text", 0, null, null, false, true, false, false);
        assertThatThrownBy(() -> MaskCheck.check(request(mask("{\"full\":\"name\"}"), null, MaskErrorPolicy.SKIP,
                List.of(table(1, USERS, text("first"), generated)), List.of())))
                .hasMessageContaining("app.users.full: a generated column is computed on the target");
    }

    @ParameterizedTest(name = "{0} on {1}: {3}")
    @CsvSource(delimiter = '|', value = {
        "\"email\"                                 | integer          | N | int4    | produces text",
        "\"hash\"                                  | uuid             | U | uuid    | produces text",
        "{\"type\":\"random_int\"}                 | date             | D | date    | produces an integer",
        "{\"type\":\"random_int\",\"min\":0,\"max\":40000} | smallint | N | int2    | does not fit smallint",
        "{\"type\":\"random_int\",\"min\":-1,\"max\":3000000000} | integer | N | int4 | does not fit integer",
        "{\"type\":\"random_int\",\"min\":0,\"max\":1000} | numeric(5,2) | N | numeric | does not fit numeric(5,2)",
        "\"email\"                                 | text[]           | A | _text   | produces text"})
    void aStrategyThatCannotFillTheColumnsTypeFails(String rule, String type, char category, String base, String reason) {
        ColumnFacts c = new ColumnFacts("c", type, category, base, 0, base.equals("numeric") ? 5 : null,
                base.equals("numeric") ? 2 : null, false, false, false, false);
        assertThatThrownBy(() -> MaskCheck.check(request(mask("{\"c\":" + rule + "}"), null, MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, c)), List.of())))
                .hasMessageContaining("app.users.c: ").hasMessageContaining(reason);
    }

    @Test
    void randomIntFitsAStringColumnAndAWideEnoughNumeric() {
        ColumnFacts numeric = new ColumnFacts("amount", "numeric(7,2)", 'N', "numeric", 0, 7, 2, false, false, false, false);
        Outcome outcome = MaskCheck.check(request(mask("{\"amount\":{\"type\":\"random_int\",\"min\":0,\"max\":99999},"
                + "\"code\":{\"type\":\"random_int\"}}"), null, MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, numeric, text("code"))), List.of()));
        assertThat(outcome.masks(1)).hasSize(2);
    }

    @Test
    void aConstantTheTypeRefusesFailsWithTheServersReason() {
        Request r = new Request(mask("{\"born\":{\"type\":\"constant\",\"value\":\"REDACTED\"}}"), null,
                MaskErrorPolicy.FAIL, List.of(table(1, USERS, typed("born", "date", 'D', "date"))), List.of(), true,
                (c, v) -> "invalid input syntax for type date: \"" + v + "\"");
        assertThatThrownBy(() -> MaskCheck.check(r)).hasMessageContaining("app.users.born: \"constant\" value is not "
                + "accepted by date: invalid input syntax for type date");
    }

    @Test
    void nullOnANotNullColumnFailsEvenWithSkip() {
        ColumnFacts notNull = new ColumnFacts("ssn", "text", 'S', "text", 0, null, null, true, false, false, false);
        assertThatThrownBy(() -> MaskCheck.check(request(mask("{\"ssn\":\"null\"}"), null, MaskErrorPolicy.SKIP,
                List.of(table(1, USERS, notNull)), List.of())))
                .hasMessageContaining("app.users.ssn: \"null\" on a NOT NULL column")
                .hasMessageContaining("cannot clone it as NULL: the column is NOT NULL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"name\"",
        "{\"type\":\"constant\",\"value\":\"x\"}",
        "{\"type\":\"partial\",\"prefix\":1,\"suffix\":1}",
        "{\"type\":\"keyed_hash\",\"length\":8}"})
    void aNonInjectiveStrategyOnAUniqueColumnFails(String rule) {
        ColumnFacts unique = new ColumnFacts("login", "text", 'S', "text", 0, null, null, false, false, false, true);
        assertThatThrownBy(() -> MaskCheck.check(request(mask("{\"login\":" + rule + "}"), null, MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, unique)), List.of())))
                .hasMessageContaining("app.users.login: ").hasMessageContaining("part of a unique constraint or index");
    }

    @Test
    void hashesKeepAUniqueColumnUniqueUnlessTheColumnsLengthCutsThem() {
        ColumnFacts unique = new ColumnFacts("login", "text", 'S', "text", 0, null, null, false, false, false, true);
        ColumnFacts shortUnique = new ColumnFacts("code", "character varying(10)", 'S', "varchar", 10, null, null,
                false, false, false, true);
        Outcome ok = MaskCheck.check(request(mask("{\"login\":\"hash\"}"), null, MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, unique)), List.of()));
        assertThat(ok.masks(1)).hasSize(1);
        assertThat(MaskCheck.injective(MaskRule.keyedHash(16), unique)).isTrue();
        assertThatThrownBy(() -> MaskCheck.check(request(mask("{\"code\":\"keyed_hash\"}"), null, MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, shortUnique)), List.of()))).hasMessageContaining("app.users.code");
    }

    @Test
    void withSkipAFailingMaskClonesTheColumnAsNullAndWarns() {
        Outcome outcome = MaskCheck.check(request(mask("{\"age\":\"email\"}"), null, MaskErrorPolicy.SKIP,
                List.of(table(1, USERS, typed("age", "integer", 'N', "int4"))), List.of()));

        assertThat(outcome.masks(1)).containsExactly(new ColumnMask("age", MaskRule.of(MaskStrategy.NULL), 0));
        assertThat(outcome.decisions().get(0).requested().strategy()).isEqualTo(MaskStrategy.EMAIL);
        assertThat(outcome.decisions().get(0).nulled()).contains("produces text");
        assertThat(outcome.warnings()).singleElement().asString()
                .contains("app.users.age").contains("cloned as NULL (on_mask_error: skip)");
    }

    @Test
    void withSkipAPrimaryKeyThatCannotBeMaskedStillFails() {
        assertThatThrownBy(() -> MaskCheck.check(request(mask("{\"id\":\"name\"}"), null, MaskErrorPolicy.SKIP,
                List.of(table(1, USERS, pk("id", "text", 'S'))), List.of())))
                .hasMessageContaining("part of a primary key")
                .hasMessageContaining("cannot clone it as NULL: the column is part of the primary key");
    }

    @Test
    void keyedHashWithoutAKeyFailsWithItsOwnCode() {
        Request r = new Request(mask("{\"email\":\"keyed_hash\"}"), null, MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, text("email"))), List.of(), false, (c, v) -> null);
        assertThatThrownBy(() -> MaskCheck.check(r)).isInstanceOf(MaskRefusedException.class)
                .hasMessageContaining("keyed_hash needs the deployment key")
                .satisfies(e -> assertThat(((MaskRefusedException) e).code()).isEqualTo(ErrorCode.MASK_KEY_MISSING));
    }

    @Test
    void aForeignKeyMaskedOnBothSidesWithTheSameDeterministicRuleIsFine() {
        Outcome outcome = MaskCheck.check(request(null, masks("{\"users\":{\"email\":\"keyed_hash\"},"
                + "\"orders\":{\"user_email\":\"keyed_hash\"}}"), MaskErrorPolicy.FAIL,
                List.of(table(1, USERS, pk("email", "text", 'S')), table(2, ORDERS, text("user_email"))),
                List.of(new ForeignKey("orders_user_fk", ORDERS, List.of("user_email"), USERS, List.of("email")))));
        assertThat(outcome.usesKey()).isTrue();
        assertThat(outcome.masks(2)).hasSize(1);
    }

    @Test
    void aForeignKeyMaskedOnOneSideOnlyFailsEitherWay() {
        List<TableFacts> tables = List.of(table(1, USERS, pk("email", "text", 'S')), table(2, ORDERS, text("user_email")));
        List<ForeignKey> fks = List.of(new ForeignKey("orders_user_fk", ORDERS, List.of("user_email"), USERS,
                List.of("email")));
        assertThatThrownBy(() -> MaskCheck.check(request(null, masks("{\"users\":{\"email\":\"hash\"}}"),
                MaskErrorPolicy.SKIP, tables, fks)))
                .hasMessageContaining("app.orders.user_email: foreign key orders_user_fk references app.users.email, "
                        + "which is masked with \"hash\", and this column is not masked");
        assertThatThrownBy(() -> MaskCheck.check(request(null, masks("{\"orders\":{\"user_email\":\"hash\"}}"),
                MaskErrorPolicy.FAIL, tables, fks)))
                .hasMessageContaining("which is not masked, and this column is masked with \"hash\"");
        assertThatThrownBy(() -> MaskCheck.check(request(null, masks("{\"users\":{\"email\":\"hash\"},"
                + "\"orders\":{\"user_email\":\"keyed_hash\"}}"), MaskErrorPolicy.FAIL, tables, fks)))
                .hasMessageContaining("orders_user_fk");
    }

    @Test
    void withSkipAMaskedReferenceToAnUnmaskedKeyIsClonedAsNull() {
        Outcome outcome = MaskCheck.check(request(null, masks("{\"orders\":{\"user_email\":\"hash\"}}"),
                MaskErrorPolicy.SKIP, List.of(table(1, USERS, pk("email", "text", 'S')), table(2, ORDERS, text("user_email"))),
                List.of(new ForeignKey("orders_user_fk", ORDERS, List.of("user_email"), USERS, List.of("email")))));
        assertThat(outcome.masks(2)).containsExactly(new ColumnMask("user_email", MaskRule.of(MaskStrategy.NULL), 0));
        assertThat(outcome.warnings()).singleElement().asString().contains("orders_user_fk");
    }

    @Test
    void aColumnLeftOutByColumnsNeedsNoMaskAndSaysSo() {
        TableFacts t = new TableFacts(1, USERS, List.of(), List.of(text("id"), text("email")), Set.of("id"));
        Outcome outcome = MaskCheck.check(request(mask("{\"email\":\"email\"}"), null, MaskErrorPolicy.FAIL, List.of(t),
                List.of()));
        assertThat(outcome.isEmpty()).isTrue();
        assertThat(outcome.warnings()).singleElement().asString().contains("not cloned");
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        assertThatThrownBy(() -> MaskCheck.check(request(mask("{\"a\":\"email\",\"b\":\"null\"}"), null,
                MaskErrorPolicy.FAIL, List.of(table(1, USERS, typed("a", "integer", 'N', "int4"),
                        new ColumnFacts("b", "text", 'S', "text", 0, null, null, true, false, false, false))), List.of())))
                .hasMessageContaining("app.users.a: ").hasMessageContaining("; app.users.b: ");
    }
}
