package dev.pgclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pgclone diff / preflight / verify / discover-sensitive / report(s): requests, tables, exit codes. */
class ReportCommandsTest {

    private static final String SOURCE = "host=src dbname=shop user=me password=s3cr3t-src";
    private static final String TARGET = "postgresql://me:s3cr3t-tgt@tgt:5433/copy";

    private FakeGateway gateway;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        gateway = new FakeGateway();
        env = new HashMap<>(gateway.env());
        env.put("PGCLONE_SOURCE", SOURCE);
        env.put("PGCLONE_TARGET", TARGET);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private JsonNode sentBody() throws Exception {
        return Json.mapper().readTree(gateway.requests.get(0).body());
    }

    @Test
    void diffWaitsForTheReportAndShowsCountsPerCategoryAndTheDriftedObjects() throws Exception {
        gateway.answer(200, Reports.completed("diff", Reports.DIFF_DRIFT));

        CliRun r = CliRun.run(env, "diff", "--schema", "app_schema");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(gateway.requests.get(0).method()).isEqualTo("POST");
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/reports/diff?wait=300000ms");
        JsonNode body = sentBody();
        assertThat(body.get("source").asText()).isEqualTo(SOURCE);
        assertThat(body.get("target").asText()).isEqualTo(TARGET);
        assertThat(body.get("schema").asText()).isEqualTo("app_schema");
        assertThat(body.has("parameters")).isFalse();
        assertThat(r.out()).startsWith("schema app_schema: not in sync, 4 differences" + System.lineSeparator());
        assertThat(r.out().lines()).contains(
                "category     only in source  only in target  modified",
                "tables                    1               0         1",
                "sequences                 1               0         -",
                "policies                  0               0         0",
                "drifted objects:",
                "  tables",
                "    - audit_log  (only in source)",
                "    ~ customers: columns only in source: loyalty_tier; columns drift: id: type: bigint → integer",
                "  indexes",
                "    - customers_email_idx  (only in source)",
                "  sequences",
                "    - audit_log_seq  (only in source)");
        assertThat(r.err()).isEmpty();
        assertThat(r.all()).doesNotContain("s3cr3t");
    }

    @Test
    void aSchemaInSyncExits0AndJsonPrintsTheRawResult() throws Exception {
        gateway.answer(200, Reports.completed("diff", Reports.DIFF_IN_SYNC));

        CliRun text = CliRun.run(env, "diff", "--schema", "app_schema");
        CliRun json = CliRun.run(env, "--json", "diff", "--schema", "app_schema");

        assertThat(text.code()).isZero();
        assertThat(text.out()).startsWith("schema app_schema: in sync");
        assertThat(json.code()).isZero();
        assertThat(Json.mapper().readTree(json.out())).isEqualTo(Json.mapper().readTree(Reports.DIFF_IN_SYNC));
    }

    @Test
    void preflightSendsItsOptionsFromJsonOrAFileAndShowsTheChecks(@TempDir Path dir) throws Exception {
        gateway.answer(200, Reports.completed("preflight", Reports.PREFLIGHT_NOT_READY));
        Path options = Files.writeString(dir.resolve("options.json"), "{\"conflict\": \"rename\", \"parallel\": 4}");

        CliRun r = CliRun.run(env, "preflight", "--schema", "app_schema", "--options", "@" + options);

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.JOB_FAILED);
        JsonNode sent = sentBody().get("parameters").get("options");
        assertThat(sent.get("conflict").asText()).isEqualTo("rename");
        assertThat(sent.get("parallel").asInt()).isEqualTo(4);
        assertThat(r.out().lines()).contains(
                "schema app_schema: NOT ready (1 error, 2 warnings)",
                "errors:",
                "  - target role lacks CREATE on schema \"app_schema\"",
                "warnings:",
                "check                 status  detail",
                "source_version        info    16.3 (major 16)",
                "target_permissions    fail    role lacks CREATE on schema",
                "estimated_size        info    1.23 GB",
                "object_counts         info    tables 42, views 5, sequences 12, indexes 78",
                "name_conflicts        warn    2: orders (r), v_summary (v)",
                "missing_roles         warn    3: app_user, reporting, etl_runner",
                "missing_tablespaces   pass");

        gateway.reset().answer(200, Reports.completed("preflight", Reports.PREFLIGHT_READY));
        CliRun ready = CliRun.run(env, "preflight", "--schema", "app", "--options", "{\"conflict\": \"skip\"}");
        assertThat(ready.code()).isZero();
        assertThat(ready.out()).startsWith("schema app: ready (0 errors, 0 warnings)");
    }

    @Test
    void verifyShowsPgclonesRowsAndExits1WhenATableDiffers() throws Exception {
        gateway.answer(200, Reports.completed("verify", Reports.VERIFY_MISMATCH));

        CliRun r = CliRun.run(env, "verify", "--mode", "estimate");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.JOB_FAILED);
        JsonNode body = sentBody();
        assertThat(body.has("schema")).as("every user schema").isFalse();
        assertThat(body.get("parameters").get("mode").asText()).isEqualTo("estimate");
        assertThat(r.out().lines()).containsExactly(
                "4 tables: 2 differ",
                "",
                "schema      table      source_rows  target_rows  match",
                "app_schema  customers       15,230       15,230  ✓",
                "app_schema  orders         148,920      148,920  ✓",
                "app_schema  payments        98,100       97,855  ✗",
                "app_schema  audit_log    1,204,500            0  ✗ (missing)");

        gateway.reset().answer(200, Reports.completed("verify", Reports.VERIFY_MATCH));
        CliRun match = CliRun.run(env, "verify", "--schema", "app");
        assertThat(match.code()).isZero();
        assertThat(match.out()).startsWith("1 table: all match");
    }

    @Test
    void discoverSensitiveReadsOnlyTheSourceAndExits1WhenItFindsColumns() throws Exception {
        gateway.answer(200, Reports.completed("discover-sensitive", Reports.DISCOVERED));

        CliRun r = CliRun.run(env, "discover-sensitive", "--schema", "public", "--sample", "100");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.JOB_FAILED);
        JsonNode body = sentBody();
        assertThat(body.has("target")).isFalse();
        assertThat(body.get("parameters").get("sample").asInt()).isEqualTo(100);
        assertThat(r.out().lines()).containsExactly(
                "7 sensitive columns in 2 tables",
                "",
                "table      column     strategy",
                "employees  email      email",
                "employees  full_name  name",
                "employees  phone      phone",
                "employees  salary     random_int",
                "employees  ssn        null",
                "users      password   hash",
                "users      api_key    hash");

        gateway.reset().answer(200, Reports.completed("discover-sensitive", Reports.DISCOVERED_SAMPLED));
        CliRun sampled = CliRun.run(env, "discover-sensitive", "--schema", "public");
        assertThat(sampled.out().lines()).contains(
                "table     column  strategy  confidence  reason",
                "payments  col7    partial         0.98  100 of 100 sampled values are Luhn-valid card numbers");

        gateway.reset().answer(200, Reports.completed("discover-sensitive", "{}"));
        CliRun none = CliRun.run(env, "discover-sensitive", "--schema", "public");
        assertThat(none.code()).isZero();
        assertThat(none.out()).startsWith("no sensitive columns found");
    }

    @Test
    void maskingReportReadsOnlyTheTargetShowsPgclonesRowsAndExits1WhileAColumnIsUnmasked() throws Exception {
        gateway.answer(200, Reports.completed("masking-report", Reports.MASKING_REPORT));

        CliRun r = CliRun.run(env, "masking-report", "--schema", "public");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/reports/masking-report?wait=300000ms");
        JsonNode body = sentBody();
        assertThat(body.has("source")).isFalse();
        assertThat(body.get("target").asText()).isEqualTo(TARGET);
        assertThat(body.get("schema").asText()).isEqualTo("public");
        assertThat(r.out().lines()).containsExactly(
                "schema public: 4 sensitive columns, 1 unmasked",
                "",
                "table      column    sensitivity  mask_status        recommendation",
                "employees  email     Email        MASKED (clone)     OK - masked at clone time (email)",
                "employees  ssn       National ID  MASKED (in place)  OK - masked in place (null)",
                "users      email     Email        UNMASKED           Apply mask strategy: email",
                "users      password  Credential   MASKED (view)      OK - masked via users_masked view",
                "",
                "notes:",
                "  - users_masked shows users.email unmasked (its column of that name is a plain reference to a column):"
                        + " not counted as masking it");
        assertThat(r.all()).doesNotContain("s3cr3t");

        gateway.reset().answer(200, Reports.completed("masking-report", Reports.MASKING_REPORT_ALL_MASKED));
        CliRun masked = CliRun.run(env, "masking-report", "--schema", "public");
        assertThat(masked.code()).isZero();
        assertThat(masked.out()).startsWith("schema public: 1 sensitive column, all masked");
    }

    @Test
    void aFailedReportExits1WithItsErrorOnOneLine() {
        gateway.answer(200, Reports.failed("verify", "source-unavailable",
                "could not connect to the source: connection refused"));

        CliRun r = CliRun.run(env, "verify", "--schema", "app_schema");

        assertThat(r.code()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(r.out()).isEqualTo("FAILED verify report " + Reports.ID + " of schema app_schema"
                + System.lineSeparator());
        assertThat(r.err()).isEqualTo("pgclone: verify report " + Reports.ID + " of schema app_schema FAILED: could not"
                + " connect to the source: connection refused (source-unavailable)" + System.lineSeparator());
    }

    @Test
    void theReportIsFollowedUntilItEndsAndAWaitThatRunsOutExits4() {
        gateway.answer(202, Reports.running("verify")).answer(200, Reports.completed("verify", Reports.VERIFY_MATCH));

        CliRun followed = CliRun.run(env, "verify");

        assertThat(followed.code()).as(followed.err()).isZero();
        assertThat(gateway.requests).extracting(FakeGateway.Request::uri)
                .containsExactly("/api/v1/reports/verify?wait=300000ms", "/api/v1/reports/" + Reports.ID + "?wait=300000ms");

        gateway.reset().answer(202, Reports.running("verify"));
        CliRun expired = CliRun.run(env, "verify", "--wait", "1ms");
        assertThat(expired.code()).isEqualTo(ExitCode.WAIT_EXPIRED);
        assertThat(expired.out()).contains("RUNNING verify report " + Reports.ID).contains("3/12")
                .contains("1,843,220 rows").contains("app.orders");
        assertThat(expired.err()).contains("the wait ran out; report " + Reports.ID + " is still RUNNING");
    }

    @Test
    void onATerminalTheProgressIsOneLineRedrawnOnStderrAndClearedAtTheEnd() {
        gateway.answer(202, Reports.running("verify")).answer(200, Reports.completed("verify", Reports.VERIFY_MATCH));

        CliRun r = CliRun.run(env, true, java.time.Duration.ofSeconds(1), "verify");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(gateway.requests).extracting(FakeGateway.Request::uri).containsExactly(
                "/api/v1/reports/verify?wait=1000ms", "/api/v1/reports/" + Reports.ID + "?wait=1000ms");
        assertThat(r.err()).isEqualTo("\rverify  RUNNING  3/12  1,843,220 rows  app.orders\033[K\r\033[K");
        assertThat(r.out()).startsWith("1 table: all match");
    }

    @Test
    void reportExitCodes() {
        assertThat(ExitCode.forReport("COMPLETED", true, true)).isEqualTo(0);
        assertThat(ExitCode.forReport("COMPLETED", false, true)).isEqualTo(1);
        assertThat(ExitCode.forReport("FAILED", true, false)).isEqualTo(1);
        assertThat(ExitCode.forReport("RUNNING", true, true)).isEqualTo(4);
        assertThat(ExitCode.forReport("PENDING", true, false)).isEqualTo(0);
    }

    @Test
    void noWaitPrintsTheReportIdAlone() {
        gateway.answer(202, Reports.pending("diff"));

        CliRun r = CliRun.run(env, "diff", "--schema", "app", "--no-wait");

        assertThat(r.code()).isZero();
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/reports/diff");
        assertThat(r.out()).isEqualTo(Reports.ID + System.lineSeparator());
        assertThat(r.err()).contains("pgclone report " + Reports.ID + " --wait");
    }

    @Test
    void reportShowsOneReportAndReportsListsThem() {
        gateway.answer(200, Reports.completed("verify", Reports.VERIFY_MISMATCH));
        CliRun one = CliRun.run(env, "report", Reports.ID);
        assertThat(one.code()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/reports/" + Reports.ID);
        assertThat(one.out()).startsWith("4 tables: 2 differ");

        gateway.reset().answer(200, "[" + Reports.completed("diff", Reports.DIFF_DRIFT) + ","
                + Reports.failed("verify", "source-unavailable", "could not connect") + ","
                + Reports.running("preflight") + "]");
        CliRun list = CliRun.run(env, "reports", "--kind", "diff", "--status", "completed", "--limit", "5");
        assertThat(list.code()).isZero();
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/reports?kind=diff&status=COMPLETED&limit=5");
        assertThat(list.out().lines()).hasSize(4);
        assertThat(list.out()).contains("schema app_schema: not in sync, 4 differences").contains("could not connect")
                .contains("RUNNING  3/12");
    }

    @Test
    void anUnreachableGatewayExits3AndARefusedRequestExits2() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, String> nowhere = new HashMap<>(env);
        nowhere.put("PGCLONE_GATEWAY", "http://127.0.0.1:" + port);
        assertThat(CliRun.run(nowhere, "verify").code()).isEqualTo(ExitCode.UNAVAILABLE);

        gateway.reset().answer(400, FakeGateway.problem(400, "parameters.options.paralel: unknown option"));
        CliRun refused = CliRun.run(env, "preflight", "--schema", "app");
        assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).isEqualTo("pgclone: parameters.options.paralel: unknown option" + System.lineSeparator());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "diff                                                  | Missing required option: '--schema=SCHEMA'",
        "discover-sensitive                                    | Missing required option: '--schema=SCHEMA'",
        "discover-sensitive --schema s --target T              | Unknown options: '--target'",
        "masking-report --schema s --source T                  | Unknown options: '--source'",
        "masking-report                                        | Missing required option: '--schema=SCHEMA'",
        "verify --mode fast                                    | --mode must be exact or estimate",
        "discover-sensitive --schema s --sample -1             | --sample must be between 0 and 100000",
        "discover-sensitive --schema s --sample many           | Invalid value for option '--sample'",
        "preflight --schema s --options {\"paralel\":2}        | --options: paralel: unknown option",
        "preflight --schema s --options @/nonexistent/o.json   | --options: cannot read /nonexistent/o.json",
        "verify --wait 1m --no-wait                            | use either --wait or --no-wait, not both",
        "verify --wait soon                                    | --wait must be a duration",
        "report ../x                                           | \"../x\" is not a report id",
        "reports --kind everything                             | --kind must be one of diff, preflight, verify, discover-sensitive or masking-report",
        "reports --status DONE                                 | --status must be one of PENDING, RUNNING, COMPLETED, FAILED"})
    void badUsageIsOneLineAndExitCode2(String args, String message) {
        String[] argv = args.strip().replace(" T", " host=tgt").split(" +");
        CliRun r = CliRun.run(env, argv);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("pgclone: ").contains(message);
        assertThat(r.err().strip()).doesNotContain("\n");
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    void theSourceDefaultsToTheEnvironmentAndIsRequired() {
        Map<String, String> bare = new HashMap<>(gateway.env());
        CliRun r = CliRun.run(bare, "discover-sensitive", "--schema", "s");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--source is required (or set PGCLONE_SOURCE)");
        CliRun t = CliRun.run(bare, "diff", "--schema", "s", "--source", SOURCE);
        assertThat(t.err()).contains("--target is required (or set PGCLONE_TARGET)").doesNotContain("s3cr3t");
    }
}
