package dev.pgclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each command line turns into: the request the gateway gets, or a one-line usage error (exit 2). */
class ArgumentParsingTest {

    private static final String SOURCE = "host=src dbname=shop user=me password=s3cr3t-src";
    private static final String TARGET = "postgresql://me:s3cr3t-tgt@tgt:5433/copy";

    private FakeGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new FakeGateway().answer(202, Jobs.json(Jobs.pending()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>(gateway.env());
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private JsonNode sentBody() throws Exception {
        assertThat(gateway.requests).hasSize(1);
        return Json.mapper().readTree(gateway.requests.get(0).body());
    }

    @Test
    void tableCloneSendsEveryFieldAndDefaultsTheSchemaToPublic() throws Exception {
        CliRun r = CliRun.run(env(), "clone", "table", "--table", "orders", "--target-name", "orders_copy",
                "--source", SOURCE, "--target", TARGET);

        assertThat(r.code()).isZero();
        assertThat(gateway.requests.get(0).method()).isEqualTo("POST");
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/clones/table");
        JsonNode body = sentBody();
        assertThat(body.get("schema").asText()).isEqualTo("public");
        assertThat(body.get("table").asText()).isEqualTo("orders");
        assertThat(body.get("targetName").asText()).isEqualTo("orders_copy");
        assertThat(body.get("source").asText()).isEqualTo(SOURCE);
        assertThat(body.get("target").asText()).isEqualTo(TARGET);
        assertThat(body.get("includeData").asBoolean()).isTrue();
        assertThat(body.has("options")).isFalse();
        assertThat(r.out()).contains("PENDING job " + Jobs.ID).contains("pgclone watch " + Jobs.ID);
        assertThat(r.all()).doesNotContain("s3cr3t");
    }

    @Test
    void connectionsDefaultToTheEnvironment() throws Exception {
        CliRun r = CliRun.run(env("PGCLONE_SOURCE", SOURCE, "PGCLONE_TARGET", TARGET),
                "clone", "schema", "--schema", "shop", "--no-data");

        assertThat(r.code()).isZero();
        JsonNode body = sentBody();
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/clones/schema");
        assertThat(body.get("source").asText()).isEqualTo(SOURCE);
        assertThat(body.get("target").asText()).isEqualTo(TARGET);
        assertThat(body.get("schema").asText()).isEqualTo("shop");
        assertThat(body.get("includeData").asBoolean()).isFalse();
    }

    @Test
    void optionsOnTheCommandLineWinOverTheEnvironment() throws Exception {
        CliRun r = CliRun.run(env("PGCLONE_SOURCE", "host=other user=x", "PGCLONE_TARGET", TARGET),
                "clone", "functions", "--schema", "s", "--source", SOURCE);

        assertThat(r.code()).isZero();
        assertThat(sentBody().get("source").asText()).isEqualTo(SOURCE);
    }

    @ParameterizedTest
    @CsvSource({
        "database,        /api/v1/clones/database,        ''",
        "database-create, /api/v1/clones/database-create, '--target-database=newdb'"})
    void everyKindHasItsEndpoint(String kind, String path, String extra) throws Exception {
        String[] args = extra.isEmpty()
                ? new String[] {"clone", kind, "--source", SOURCE, "--target", TARGET}
                : new String[] {"clone", kind, "--source", SOURCE, "--target", TARGET, extra};
        CliRun r = CliRun.run(env(), args);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(gateway.requests.get(0).uri()).isEqualTo(path);
        if (!extra.isEmpty()) {
            assertThat(sentBody().get("targetDatabase").asText()).isEqualTo("newdb");
        }
    }

    @Test
    void optionsJsonIsSentAsWritten() throws Exception {
        CliRun r = CliRun.run(env(), "clone", "table", "--table", "t", "--source", SOURCE, "--target", TARGET,
                "--options", "{\"parallel\": 4, \"conflict\": \"replace\", \"where\": \"id > 10\"}");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode options = sentBody().get("options");
        assertThat(options.get("parallel").asInt()).isEqualTo(4);
        assertThat(options.get("conflict").asText()).isEqualTo("replace");
        assertThat(options.get("where").asText()).isEqualTo("id > 10");
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        for (String[] args : new String[][] {
            {"--json", "--gateway", gateway.url(), "job", Jobs.ID},
            {"job", Jobs.ID, "--json", "--gateway", gateway.url()},
            {"job", "--gateway=" + gateway.url(), Jobs.ID, "--json"}}) {
            gateway.requests.clear();
            CliRun r = CliRun.run(Map.of("PGCLONE_GATEWAY", "http://127.0.0.1:1"), args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("{").contains("\"id\" : \"" + Jobs.ID + "\"");
            assertThat(gateway.requests).hasSize(1);
        }
    }

    @Test
    void waitIsPassedToTheGateway() throws Exception {
        gateway.close();
        gateway = new FakeGateway().answer(200, Jobs.json(Jobs.ended(JobStatus.COMPLETED, null)));
        CliRun r = CliRun.run(env(), "clone", "table", "--table", "t", "--source", SOURCE, "--target", TARGET,
                "--wait", "90s");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/clones/table?wait=90000ms");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // arguments                                                         | expected message part
        "clone table --source S --target T                                   | Missing required option: '--table=TABLE'",
        "clone table --table t --target T                                    | --source is required (or set PGCLONE_SOURCE)",
        "clone table --table t --source S                                    | --target is required (or set PGCLONE_TARGET)",
        "clone schema --source S --target T                                  | Missing required option: '--schema=SCHEMA'",
        "clone database-create --source S --target T                         | Missing required option: '--target-database=NAME'",
        "clone schema --schema s --table t --source S --target T             | Unknown options: '--table'",
        "clone table --table t --source S --target T --wait 1m --watch       | use either --wait or --watch, not both",
        "clone table --table t --source S --target T --wait soon             | --wait must be a duration such as 30s, 2m or 1h",
        "clone table --table t --source S --target T --wait -5s              | --wait must be a positive duration",
        "clone table --table t --source S --target T --options [1]           | --options must be a JSON object",
        "clone table --table t --source S --target T --options {x            | --options is not valid JSON",
        "clone table --table t --source S --target T --options {\"paralel\":2} | --options: paralel: unknown option",
        "clone table --table t --source S --target T --options {\"parallel\":0} | --options: parallel: must be between 1 and 64",
        "clone                                                               | clone needs a kind",
        "clone tabel                                                         | unknown command 'tabel' for pgclone clone (choose from table, schema, database, database-create, functions)",
        "jobs --limit many                                                   | Invalid value for option '--limit'",
        "jobs --status DONE                                                  | --status must be one of PENDING, RUNNING",
        "job                                                                 | Missing required parameter: 'ID'",
        "job ../../etc                                                       | \"../../etc\" is not a job id",
        "frobnicate                                                          | unknown command 'frobnicate' for pgclone (choose from clone, job, jobs, watch, cancel, diff, preflight, verify, discover-sensitive, masking-report, mask-in-place, masking-policy, report, reports)",
        "--gateway ftp://x jobs                                              | --gateway must be an http:// or https:// URL"})
    void badUsageIsOneLineAndExitCode2(String args, String message) {
        String[] argv = args.strip().replace("S", "host=src user=me").replace("T", "host=tgt user=me").split(" +");
        // the conninfos contain a space: re-join the two words they became
        argv = rejoin(argv);
        CliRun r = CliRun.run(env(), argv);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("pgclone: ").contains(message);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    void aConninfoTypedAsAnUnknownOptionValueIsNeverEchoed() {
        CliRun r = CliRun.run(env(), "clone", "table", "--table", "t", "--sourc", SOURCE, "--target", TARGET);

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("pgclone: Unknown option").contains("'--sourc'").doesNotContain("s3cr3t")
                .doesNotContain("host=src");
        CliRun r2 = CliRun.run(env(), "clone", "table", "--table", "t", "--sourc=" + SOURCE, "--target", TARGET);
        assertThat(r2.err()).doesNotContain("s3cr3t").doesNotContain("host=src");
        CliRun r3 = CliRun.run(env(), "clone", "table", "--table", "t", "--source", SOURCE, TARGET);
        assertThat(r3.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r3.err()).doesNotContain("s3cr3t").doesNotContain("tgt:5433");
        CliRun r4 = CliRun.run(env(), "clone", SOURCE);
        assertThat(r4.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r4.err()).startsWith("pgclone: unknown command '<hidden>' for pgclone clone").doesNotContain("s3cr3t");
    }

    @Test
    void anInvalidConninfoIsRefusedLocallyWithoutEchoingIt() {
        CliRun r = CliRun.run(env(), "clone", "table", "--table", "t", "--source",
                "host=src bogus=1 user=me password=s3cr3t", "--target", TARGET);

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("pgclone: --source is not a usable conninfo: unknown connection keyword \"bogus\"")
                .doesNotContain("s3cr3t");
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    void helpAndVersionExitZero() {
        CliRun help = CliRun.run(env(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: pgclone").contains("clone").contains("watch").contains("Exit codes:");
        CliRun sub = CliRun.run(env(), "clone", "table", "--help");
        assertThat(sub.code()).isZero();
        assertThat(sub.out()).contains("Usage: pgclone clone table").contains("--target-name");
        assertThat(CliRun.run(env(), "--version").code()).isZero();
    }

    @Test
    void noCommandPrintsUsageAndExits2() {
        CliRun r = CliRun.run(env());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Usage: pgclone");
    }

    private static String[] rejoin(String[] argv) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            if ((argv[i].equals("host=src") || argv[i].equals("host=tgt")) && i + 1 < argv.length) {
                out.add(argv[i] + " " + argv[++i]);
            } else {
                out.add(argv[i]);
            }
        }
        return out.toArray(String[]::new);
    }

    @Test
    void maskIsSentAsTheTableClonesMaskOption() throws Exception {
        CliRun r = CliRun.run(env(), "clone", "table", "--table", "users", "--source", SOURCE, "--target", TARGET,
                "--options", "{\"parallel\": 2}", "--mask", "{\"email\": \"email\", \"ssn\": \"null\"}");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode options = sentBody().get("options");
        assertThat(options.get("parallel").asInt()).isEqualTo(2);
        assertThat(options.get("mask").toString()).isEqualTo("{\"email\":\"email\",\"ssn\":\"null\"}");
    }

    @Test
    void aDiscoverSensitiveResultFileIsPassedAsMasksAsItIs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path result = dir.resolve("sensitive.json");
        java.nio.file.Files.writeString(result, "{\"users\": {\"email\": \"email\", \"phone\": \"phone\"},"
                + " \"payments\": {\"card\": {\"type\": \"partial\", \"prefix\": 0, \"suffix\": 4}}}");
        java.nio.file.Path report = dir.resolve("report.json");
        java.nio.file.Files.writeString(report, "{\"id\": \"x\", \"kind\": \"discover-sensitive\", \"result\": "
                + java.nio.file.Files.readString(result) + "}");

        for (java.nio.file.Path file : java.util.List.of(result, report)) {
            gateway.requests.clear();
            CliRun r = CliRun.run(env(), "clone", "schema", "--schema", "app", "--source", SOURCE, "--target", TARGET,
                    "--masks", "@" + file);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(sentBody().at("/options/masks/payments/card/suffix").asInt()).isEqualTo(4);
            assertThat(sentBody().at("/options/masks/users/phone").asText()).isEqualTo("phone");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "masks on a table clone    | table  | --masks | {\"users\": {\"email\": \"email\"}} | --masks: applies to schema and database clones",
        "mask on a schema clone    | schema | --mask  | {\"email\": \"email\"}               | --mask: applies only to a table clone",
        "an unknown strategy       | table  | --mask  | {\"email\": \"scramble\"}            | unknown mask strategy",
        "not JSON                  | table  | --mask  | {email                                  | --mask is not valid JSON",
        "a missing file            | schema | --masks | @/nonexistent/masks.json                | --masks: cannot read"})
    void aMaskThatWouldBeRefusedIsAUsageErrorAndNothingIsSent(String name, String kind, String option, String value,
                                                              String message) {
        CliRun r = CliRun.run(env(), "clone", kind, kind.equals("table") ? "--table" : "--schema", "users",
                "--source", SOURCE, "--target", TARGET, option, value);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(gateway.requests).isEmpty();
    }
}
