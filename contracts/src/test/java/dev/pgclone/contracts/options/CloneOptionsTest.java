package dev.pgclone.contracts.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.mask.MaskErrorPolicy;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.command.Command;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloneOptionsTest {

    private static final String ALL_KEYS = """
            {
              "indexes": false,
              "constraints": false,
              "triggers": false,
              "matviews": false,
              "columns": ["id", "customer_id", "Total Amount", "créé_le"],
              "where": "status = 'active'",
              "conflict": "rename",
              "parallel": 8,
              "consistent": true,
              "snapshot_id": "00000003-0000001B-1",
              "tables": ["public.orders", "sales.\\"Invoice Lines\\""],
              "exclude_tables": ["public.audit_log"],
              "lock_wait_timeout": "30s",
              "masks": {"customers": {"email": "email"}, "sales.\\"Invoice Lines\\"": {"iban": {"type": "partial", "prefix": 4, "suffix": 2}}},
              "on_mask_error": "skip"
            }""";

    @Test
    void absentOrEmptyOptionsMeanPgcloneDefaults() {
        for (CloneOptions options : List.of(parse("{}"), CloneOptions.fromJson(null),
                CloneOptions.fromJson(NullNode.getInstance()), CloneOptions.DEFAULTS)) {
            assertThat(options.indexesOrDefault()).isTrue();
            assertThat(options.constraintsOrDefault()).isTrue();
            assertThat(options.triggersOrDefault()).isTrue();
            assertThat(options.matviewsOrDefault()).isTrue();
            assertThat(options.conflictOrDefault()).isEqualTo(ConflictStrategy.ERROR);
            assertThat(options.parallelOrDefault()).isEqualTo(1);
            assertThat(options.consistentOrDefault()).isTrue();
            assertThat(options.columns()).isNull();
            assertThat(options.where()).isNull();
            assertThat(options.snapshotId()).isNull();
            assertThat(options.tables()).isNull();
            assertThat(options.excludeTables()).isNull();
            assertThat(options).isEqualTo(CloneOptions.DEFAULTS);
        }
    }

    @Test
    void jsonNullValuesMeanDefaultsToo() {
        assertThat(parse("{\"indexes\": null, \"parallel\": null, \"conflict\": null, \"columns\": null}"))
                .isEqualTo(CloneOptions.DEFAULTS);
    }

    @Test
    void parsesEveryKeyWithPgcloneSpellings() {
        CloneOptions options = parse(ALL_KEYS);

        assertThat(options.indexesOrDefault()).isFalse();
        assertThat(options.constraintsOrDefault()).isFalse();
        assertThat(options.triggersOrDefault()).isFalse();
        assertThat(options.matviewsOrDefault()).isFalse();
        assertThat(options.columns()).containsExactly("id", "customer_id", "Total Amount", "créé_le");
        assertThat(options.where()).isEqualTo("status = 'active'");
        assertThat(options.conflictOrDefault()).isEqualTo(ConflictStrategy.RENAME);
        assertThat(options.parallelOrDefault()).isEqualTo(8);
        assertThat(options.consistentOrDefault()).isTrue();
        assertThat(options.snapshotId()).isEqualTo("00000003-0000001B-1");
        assertThat(options.tables()).containsExactly("public.orders", "sales.\"Invoice Lines\"");
        assertThat(options.excludeTables()).containsExactly("public.audit_log");
        assertThat(options.lockWaitTimeoutOr(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"0\"     | PT0S",
        "\"500ms\" | PT0.5S",
        "\"2m\"    | PT2M",
        "\"PT1H\"  | PT1H"})
    void lockWaitTimeoutTakesDurationsAndZeroForNoLimit(String json, String expected) {
        assertThat(parse("{\"lock_wait_timeout\": " + json + "}").lockWaitTimeoutOr(Duration.ofMinutes(1)))
                .isEqualTo(Duration.parse(expected));
    }

    @Test
    void lockWaitTimeoutUnsetFallsBackToTheServiceDefault() {
        assertThat(CloneOptions.DEFAULTS.lockWaitTimeoutOr(Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"-1s\"", "\"soon\"", "\"25h\"", "\"\""})
    void rejectsLockWaitTimeoutsThatAreNotDurationsOrOutOfRange(String json) {
        assertThat(failure("{\"lock_wait_timeout\": " + json + "}").field()).isEqualTo("lock_wait_timeout");
    }

    @Test
    void everyKnownKeyIsCoveredByTheAllKeysExample() throws JsonProcessingException {
        JsonNode all = Json.mapper().readTree(ALL_KEYS);
        List<String> names = new java.util.ArrayList<>();
        all.fieldNames().forEachRemaining(names::add);
        names.add("mask"); // excludes "masks"; read in readsMaskAndMasksInPgclonesShapeAndWritesThemBackTheSame

        assertThat(names).containsExactlyInAnyOrderElementsOf(CloneOptions.KEYS);
    }

    @Test
    void parsesPgcloneDocumentationExamples() {
        assertThat(parse("{\"indexes\": false, \"triggers\": false}").triggersOrDefault()).isFalse();
        assertThat(parse("{\"columns\": [\"id\", \"name\", \"email\"]}").columns()).hasSize(3);
        assertThat(parse("{\"where\": \"status = 'active'\"}").where()).isEqualTo("status = 'active'");
        assertThat(parse("{\"columns\": [\"id\", \"customer_id\", \"total\", \"created_at\"], "
                + "\"where\": \"created_at > '2024-01-01'\", \"triggers\": false}").where())
                .isEqualTo("created_at > '2024-01-01'");
        assertThat(parse("{\"conflict\": \"replace\", \"indexes\": false, \"triggers\": false}").conflict())
                .isEqualTo(ConflictStrategy.REPLACE);
        assertThat(parse("{\"parallel\": 4, \"consistent\": false}").consistentOrDefault()).isFalse();
        assertThat(parse("{\"matviews\": false}").matviewsOrDefault()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"indexs", "Indexes", "snapshotId", "excludeTables", "exclude-tables", "parallel_workers",
        "where ", ""})
    void rejectsUnknownOptionKeyNamingIt(String key) {
        InvalidOptionException e = failure("{\"" + key + "\": true}");

        assertThat(e.field()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ").contains("unknown option").contains("snapshot_id");
    }

    @Test
    void rejectsUnknownKeyEvenWhenAllOtherKeysAreValid() {
        assertThat(failure("{\"indexes\": false, \"trigers\": false}").field()).isEqualTo("trigers");
    }

    @Test
    void readsMaskAndMasksInPgclonesShapeAndWritesThemBackTheSame() {
        CloneOptions options = parse("{\"mask\": {\"email\": \"email\", \"salary\": {\"type\": \"random_int\", "
                + "\"min\": 40000, \"max\": 200000}}, \"on_mask_error\": \"skip\"}");

        assertThat(options.mask().rule("email")).isEqualTo(MaskRule.of(MaskStrategy.EMAIL));
        assertThat(options.mask().rule("salary")).isEqualTo(MaskRule.randomInt(40000, 200000));
        assertThat(options.onMaskErrorOrDefault()).isEqualTo(MaskErrorPolicy.SKIP);
        assertThat(Json.write(options)).contains("\"mask\":{\"email\":\"email\",\"salary\":{\"type\":\"random_int\","
                + "\"min\":40000,\"max\":200000}}").contains("\"on_mask_error\":\"skip\"");
        assertThat(Json.read(Json.write(options), CloneOptions.class)).isEqualTo(options);

        CloneOptions schema = parse("{\"masks\": {\"employees\": {\"ssn\": \"null\"}, \"hr.employees\": {\"ssn\": \"hash\"}}}");
        assertThat(schema.masks().forTable("hr", "employees").orElseThrow().rule("ssn")).isEqualTo(MaskRule.of(MaskStrategy.HASH));
        assertThat(schema.masks().forTable("sales", "employees").orElseThrow().rule("ssn")).isEqualTo(MaskRule.of(MaskStrategy.NULL));
        assertThat(schema.masks().forTable("hr", "other")).isEmpty();
        assertThat(schema.onMaskErrorOrDefault()).isEqualTo(MaskErrorPolicy.FAIL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"masks\": [{\"column\": \"ssn\", \"type\": \"null\"}]}     | masks",
        "{\"mask\": {}}                                                  | mask",
        "{\"mask\": {\"email\": \"emial\"}}                               | mask.email",
        "{\"mask\": {\"email\": {\"type\": \"email\", \"domain\": \"x\"}}} | mask.email.domain",
        "{\"mask\": {\"n\": {\"type\": \"partial\", \"prefix\": 2}}}      | mask.n.suffix",
        "{\"mask\": {\"n\": \"partial\"}}                                  | mask.n",
        "{\"mask\": {\"n\": \"constant\"}}                                 | mask.n",
        "{\"mask\": {\"n\": {\"type\": \"random_int\", \"min\": 9, \"max\": 1}}} | mask.n.min",
        "{\"mask\": {\"n\": {\"type\": \"random_int\", \"min\": 1.5, \"max\": 9}}} | mask.n.min",
        "{\"mask\": {\"n\": {\"type\": \"keyed_hash\", \"length\": 65}}}  | mask.n.length",
        "{\"mask\": {\"n\": {\"type\": \"keyed_hash\", \"key\": \"s3cret\"}}} | mask.n.key",
        "{\"mask\": {\"n\": \"hash\"}, \"masks\": {\"t\": {\"n\": \"hash\"}}}  | masks",
        "{\"on_mask_error\": \"skip\"}                                     | on_mask_error",
        "{\"mask\": {\"n\": \"hash\"}, \"on_mask_error\": \"ignore\"}      | on_mask_error"})
    void refusesMasksThatCouldSilentlyDoSomethingElseNamingTheField(String json, String field) {
        InvalidOptionException e = failure(json);

        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).doesNotContain("s3cret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "indexes     | {\"indexes\": \"false\"}",
        "constraints | {\"constraints\": 0}",
        "triggers    | {\"triggers\": \"no\"}",
        "matviews    | {\"matviews\": []}",
        "consistent  | {\"consistent\": \"true\"}",
        "columns     | {\"columns\": \"id\"}",
        "columns     | {\"columns\": [\"id\", 2]}",
        "columns     | {\"columns\": [\"id\", null]}",
        "columns     | {\"columns\": {\"id\": true}}",
        "tables      | {\"tables\": \"public.orders\"}",
        "exclude_tables | {\"exclude_tables\": [[\"x\"]]}",
        "where       | {\"where\": 1}",
        "where       | {\"where\": [\"a = 1\"]}",
        "conflict    | {\"conflict\": true}",
        "parallel    | {\"parallel\": \"4\"}",
        "parallel    | {\"parallel\": 2.5}",
        "parallel    | {\"parallel\": 4.0}",
        "parallel    | {\"parallel\": 3000000000}",
        "snapshot_id | {\"snapshot_id\": 3}",
        "lock_wait_timeout | {\"lock_wait_timeout\": 30}"})
    void rejectsWrongTypeNamingTheKey(String key, String json) {
        InvalidOptionException e = failure(json);

        assertThat(e.field()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"indexes=false\"", "true", "4"})
    void rejectsOptionsThatAreNotAnObject(String json) {
        assertThat(failure(json).field()).isEqualTo("options");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16, CloneOptions.MAX_PARALLEL})
    void acceptsParallelWithinBounds(int parallel) {
        assertThat(parse("{\"parallel\": " + parallel + "}").parallelOrDefault()).isEqualTo(parallel);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, CloneOptions.MAX_PARALLEL + 1, 512, Integer.MIN_VALUE})
    void rejectsParallelOutsideBounds(int parallel) {
        InvalidOptionException e = failure("{\"parallel\": " + parallel + "}");

        assertThat(e.field()).isEqualTo("parallel");
        assertThat(e.getMessage()).contains("between 1 and " + CloneOptions.MAX_PARALLEL);
    }

    @ParameterizedTest
    @CsvSource({"error, ERROR", "skip, SKIP", "replace, REPLACE", "rename, RENAME"})
    void parsesEveryConflictStrategy(String value, ConflictStrategy expected) {
        assertThat(parse("{\"conflict\": \"" + value + "\"}").conflict()).isEqualTo(expected);
        assertThat(expected.json()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overwrite", "REPLACE", "Skip", "", " skip", "drop"})
    void rejectsInvalidConflictStrategyListingTheValidOnes(String value) {
        InvalidOptionException e = failure("{\"conflict\": \"" + value + "\"}");

        assertThat(e.field()).isEqualTo("conflict");
        assertThat(e.getMessage()).contains("error, skip, replace, rename");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000003-0000001B-1", "00000003-0000001b-12", "0000000A-0000FFFF", "DEADBEEF-00000000-0"})
    void acceptsSnapshotIdsInPgExportSnapshotFormat(String id) {
        assertThat(parse("{\"snapshot_id\": \"" + id + "\"}").snapshotId()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "00000003-0000001B-", "00000003_0000001B_1", "0000003-0000001B-1",
        "00000003-0000001B-1 ", "00000003-0000001B-1'; SELECT pg_sleep(10); --", "00000003-0000001G-1"})
    void rejectsSnapshotIdsNotInPgExportSnapshotFormat(String id) {
        InvalidOptionException e = failure("{\"snapshot_id\": \"" + id + "\"}");

        assertThat(e.field()).isEqualTo("snapshot_id");
        assertThat(e.getMessage()).contains("pg_export_snapshot()");
    }

    @Test
    void rejectsSnapshotIdWithConsistentFalse() {
        InvalidOptionException e = failure("{\"consistent\": false, \"snapshot_id\": \"00000003-0000001B-1\"}");

        assertThat(e.field()).isEqualTo("snapshot_id");
        assertThat(e.getMessage()).contains("\"consistent\": false");
    }

    @Test
    void acceptsSnapshotIdWithConsistentTrueOrUnset() {
        assertThatCode(() -> parse("{\"consistent\": true, \"snapshot_id\": \"00000003-0000001B-1\"}"))
                .doesNotThrowAnyException();
        assertThatCode(() -> parse("{\"snapshot_id\": \"00000003-0000001B-1\"}")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "columns        | {\"columns\": []}",
        "columns        | {\"columns\": [\"id\", \"\"]}",
        "columns        | {\"columns\": [\"id\", \"id\"]}",
        "columns        | {\"columns\": [\"a\\u0000b\"]}",
        "tables         | {\"tables\": []}",
        "tables         | {\"tables\": [\"\"]}",
        "exclude_tables | {\"exclude_tables\": []}",
        "exclude_tables | {\"exclude_tables\": [\"x\", \"\"]}"})
    void rejectsEmptyListsEmptyNamesAndDuplicateColumns(String key, String json) {
        assertThat(failure(json).field()).isEqualTo(key);
    }

    @Test
    void duplicateColumnErrorNamesTheColumn() {
        assertThat(failure("{\"columns\": [\"id\", \"Email\", \"Email\"]}").getMessage())
                .isEqualTo("columns: lists \"Email\" twice");
    }

    @Test
    void columnsDifferingOnlyInCaseAreDistinct() {
        assertThat(parse("{\"columns\": [\"id\", \"ID\", \"Id\"]}").columns()).hasSize(3);
    }

    @Test
    void rejectsUnsafeWhereThroughTheOptionsNamingWhere() {
        InvalidOptionException e = failure("{\"where\": \"1=1; DROP TABLE users\"}");

        assertThat(e.field()).isEqualTo("where");
    }

    @Test
    void listsAreImmutableCopies() {
        List<String> columns = new java.util.ArrayList<>(List.of("id", "name"));
        CloneOptions options = new CloneOptions(null, null, null, null, columns, null, null, null, null, null, null,
                null, null, null, null, null);
        columns.add("email");

        assertThat(options.columns()).containsExactly("id", "name");
        assertThat(catchThrowableOfType(UnsupportedOperationException.class, () -> options.columns().add("x")))
                .isNotNull();
    }

    @Test
    void roundTripKeepsSnakeCaseKeysAndValues() throws JsonProcessingException {
        CloneOptions options = parse(ALL_KEYS);

        String json = Json.write(options);

        assertThat(Json.mapper().readTree(json)).isEqualTo(Json.mapper().readTree(ALL_KEYS));
        assertThat(json).contains("\"snapshot_id\"").contains("\"exclude_tables\"").contains("\"conflict\":\"rename\"")
                .doesNotContain("snapshotId").doesNotContain("excludeTables");
        assertThat(Json.read(json, CloneOptions.class)).isEqualTo(options);
    }

    @Test
    void roundTripOmitsUnsetOptions() throws JsonProcessingException {
        assertThat(Json.write(CloneOptions.DEFAULTS)).isEqualTo("{}");
        assertThat(Json.write(parse("{\"parallel\": 4, \"indexes\": null}"))).isEqualTo("{\"parallel\":4}");
        assertThat(Json.write(parse("{\"consistent\": false}"))).isEqualTo("{\"consistent\":false}");
    }

    @Test
    void serializedOptionsNeverUseNamesTheParserRejects() throws JsonProcessingException {
        JsonNode written = Json.mapper().readTree(Json.write(parse(ALL_KEYS)));

        for (Iterator<String> it = written.fieldNames(); it.hasNext(); ) {
            assertThat(CloneOptions.KEYS).contains(it.next());
        }
    }

    @Test
    void commandWithUnknownOptionIsRefusedNotDefaulted() {
        String command = """
                {"type": "start-clone",
                 "header": {"jobId": "0197361e-3fad-71d8-b495-bd504501cb37"},
                 "scope": {"kind": "table", "schema": "public", "table": "users"},
                 "source": {"conninfo": "host=src dbname=app"},
                 "target": {"conninfo": "host=tgt dbname=app"},
                 "includeData": true,
                 "options": {"mask": {"email": "emial"}}}""";

        MalformedMessageException e = catchThrowableOfType(MalformedMessageException.class,
                () -> Json.read(command, Command.class));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("mask.email").contains("unknown mask strategy");
    }

    @Test
    void withFlagsAppliesTheExBooleansOnTop() {
        CloneOptions base = parse("{\"indexes\": true, \"constraints\": false, \"parallel\": 4, "
                + "\"columns\": [\"id\"], \"conflict\": \"skip\"}");

        CloneOptions flagged = base.withFlags(false, null, false);

        assertThat(flagged.indexes()).isFalse();
        assertThat(flagged.constraints()).isFalse();
        assertThat(flagged.triggers()).isFalse();
        assertThat(flagged.parallel()).isEqualTo(4);
        assertThat(flagged.columns()).containsExactly("id");
        assertThat(flagged.conflict()).isEqualTo(ConflictStrategy.SKIP);
    }

    @Test
    void withFlagsTrueOverridesJsonFalse() {
        CloneOptions flagged = parse("{\"indexes\": false, \"constraints\": false, \"triggers\": false}")
                .withFlags(true, true, true);

        assertThat(flagged.indexesOrDefault()).isTrue();
        assertThat(flagged.constraintsOrDefault()).isTrue();
        assertThat(flagged.triggersOrDefault()).isTrue();
    }

    @Test
    void withFlagsAllNullChangesNothing() {
        CloneOptions base = parse(ALL_KEYS);

        assertThat(base.withFlags(null, null, null)).isEqualTo(base);
        assertThat(CloneOptions.DEFAULTS.withFlags(null, null, null)).isEqualTo(CloneOptions.DEFAULTS);
    }

    @Test
    void withFlagsOnDefaultsLikeTableEx() {
        // pgclone.table_ex(..., include_indexes => false, include_constraints => true, include_triggers => false)
        CloneOptions flagged = CloneOptions.DEFAULTS.withFlags(false, true, false);

        assertThat(flagged.indexesOrDefault()).isFalse();
        assertThat(flagged.constraintsOrDefault()).isTrue();
        assertThat(flagged.triggersOrDefault()).isFalse();
        assertThat(flagged.matviewsOrDefault()).isTrue();
    }

    private static CloneOptions parse(String json) {
        try {
            return CloneOptions.fromJson(Json.mapper().readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static InvalidOptionException failure(String json) {
        InvalidOptionException e = catchThrowableOfType(InvalidOptionException.class, () -> parse(json));
        assertThat(e).as("options %s should be rejected", json).isNotNull();
        assertThat(e.getMessage()).startsWith(e.field() + ": ");
        return e;
    }

    @ParameterizedTest(name = "{0} on a {1} clone: {2}")
    @CsvSource(delimiter = '|', value = {
        "mask  | table           | ok",
        "mask  | schema          | mask",
        "mask  | database        | mask",
        "mask  | database-create | mask",
        "mask  | functions       | mask",
        "masks | table           | masks",
        "masks | schema          | ok",
        "masks | database        | ok",
        "masks | database-create | ok",
        "masks | functions       | masks"})
    void maskIsForTableClonesAndMasksForSchemaAndDatabaseClones(String option, String kind, String refused) {
        CloneOptions options = CloneOptions.fromJson(Json.mapper().valueToTree(java.util.Map.of(option,
                option.equals("mask") ? java.util.Map.of("email", "email")
                        : java.util.Map.of("users", java.util.Map.of("email", "email")))));

        if (refused.equals("ok")) {
            assertThatCode(() -> options.requireMaskScope(kind)).doesNotThrowAnyException();
        } else {
            InvalidOptionException e = catchThrowableOfType(InvalidOptionException.class,
                    () -> options.requireMaskScope(kind));
            assertThat(e.field()).isEqualTo(refused);
        }
        assertThatCode(() -> CloneOptions.DEFAULTS.requireMaskScope(kind)).doesNotThrowAnyException();
    }
}
