package dev.pgclone.pg.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.pg.failure.FatalFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's own logic: pgclone's summary arrays, the gate, what a job keeps and why it is refused. */
class PreflightReportTest {

    @Test
    void messagesGoToTheArrayOfTheirStatusAndOnlyFailuresBlock() {
        PreflightReport report = new PreflightReport("app", List.of(
                result(Check.SOURCE_CONNECTION, CheckStatus.PASS, null),
                result(Check.SOURCE_VERSION, CheckStatus.INFO, null),
                result(Check.VERSION_COMPAT, CheckStatus.WARN, "source is newer"),
                result(Check.MISSING_ROLES, CheckStatus.WARN, "2 roles missing"),
                result(Check.TABLES_WITHOUT_KEY, CheckStatus.INFO, "1 table without key")));

        assertThat(report.ready()).isTrue();
        assertThat(report.warnings()).containsExactly("source is newer", "2 roles missing");
        assertThat(report.info()).containsExactly("1 table without key");
        assertThat(report.jobWarnings()).as("the job reports missing roles itself, at the end")
                .containsExactly("source is newer");
        assertThat(report.refusal("Nothing was changed")).isEmpty();
        assertThat(report.toJson().toString()).isEqualTo("{\"schema\":\"app\",\"ready\":true,"
                + "\"summary\":{\"errors\":0,\"warnings\":2,\"info\":1,\"checks_run\":5},\"errors\":[],"
                + "\"warnings\":[\"source is newer\",\"2 roles missing\"],\"info\":[\"1 table without key\"],\"checks\":{"
                + "\"source_connection\":{\"status\":\"pass\"},\"source_version\":{\"status\":\"info\",\"major\":16},"
                + "\"version_compat\":{\"status\":\"warn\",\"message\":\"source is newer\",\"major\":16},"
                + "\"missing_roles\":{\"status\":\"warn\",\"message\":\"2 roles missing\",\"major\":16},"
                + "\"tables_without_key\":{\"status\":\"info\",\"message\":\"1 table without key\",\"major\":16}}}");
    }

    @Test
    void aRefusalCarriesEveryErrorAndTheCodeOfTheFirst() {
        PreflightReport report = new PreflightReport(null, List.of(
                result(Check.TARGET_PERMISSIONS, CheckStatus.FAIL, "target role lacks CREATE on schema \"app\""),
                result(Check.CONFLICT_STRATEGY, CheckStatus.FAIL, "table app.t already exists on the target (conflict: error)")));

        FatalFailure refusal = report.refusal("Nothing was changed").orElseThrow();

        assertThat(report.ready()).isFalse();
        assertThat(refusal.code()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
        assertThat(refusal.getMessage()).isEqualTo("target role lacks CREATE on schema \"app\"; table app.t already "
                + "exists on the target (conflict: error). Nothing was changed");
        assertThat(new PreflightReport(null, List.of(new CheckResult(Check.SCHEMA_EXISTS_SOURCE, CheckStatus.FAIL,
                "table \"s\".\"t\" does not exist on the source", Map.of(), ErrorCode.TABLE_NOT_FOUND)))
                .refusal(null).orElseThrow().code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    }

    @Test
    void pgclonesSixteenChecksComeFirst() {
        assertThat(List.of(Check.values()).stream().filter(Check::pgclone).map(Check::json)).containsExactly(
                "source_connection", "target_connection", "source_version", "target_version", "version_compat",
                "schema_exists_source", "schema_exists_target", "source_permissions", "target_permissions",
                "estimated_size", "target_database_size", "object_counts", "name_conflicts", "missing_extensions",
                "missing_roles", "missing_tablespaces");
    }

    @Test
    void sizesReadAsPgSizePrettyDoes() {
        assertThat(Preflight.bytes(512)).isEqualTo("512 bytes");
        assertThat(Preflight.bytes(65536)).isEqualTo("64.0 kB");
        assertThat(Preflight.bytes(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
        assertThat(Preflight.listed(List.of("a", "b", "c", "d", "e", "f", "g"))).isEqualTo("a, b, c, d, e and 2 more");
    }

    private static CheckResult result(Check check, CheckStatus status, String message) {
        return new CheckResult(check, status, message, status == CheckStatus.PASS ? Map.of() : Map.of("major", 16), null);
    }
}
