package dev.pgclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskingRequest;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.mask.ColumnMasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgclone mask-in-place and masking-policy create|drop: the request sent, pgclone's result printed, usage errors. */
class MaskingCommandsTest {

    private static final String TARGET = "postgresql://me:s3cr3t-tgt@tgt:5433/copy";

    private FakeGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new FakeGateway();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void maskInPlaceSendsTheMasksFromAFileWaitsAndPrintsPgclonesResult(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mask.json");
        Files.writeString(file, "{\"email\": \"email\", \"salary\": {\"type\": \"random_int\", \"min\": 1, \"max\": 9}}");
        gateway.answer(200, Json.write(done("mask-in-place", "OK: masked 1000 rows in public.employees (2 columns)")));

        CliRun r = CliRun.run(env(), "mask-in-place", "--target", TARGET, "--schema", "public", "--table", "employees",
                "--mask", "@" + file);

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(gateway.requests.get(0).uri()).isEqualTo("/api/v1/masking/in-place?wait=300000ms");
        JsonNode body = Json.mapper().readTree(gateway.requests.get(0).body());
        assertThat(body.get("table").asText()).isEqualTo("employees");
        assertThat(body.at("/mask/salary/max").asInt()).isEqualTo(9);
        assertThat(r.out()).contains("COMPLETED job " + Jobs.ID + " (mask-in-place public.employees)")
                .contains("OK: masked 1000 rows in public.employees (2 columns)");
        assertThat(r.all()).doesNotContain("s3cr3t");
    }

    @Test
    void policiesAreCreatedAndDroppedThroughTheirEndpoints() throws Exception {
        gateway.answer(200, Json.write(done("create-masking-policy", "OK: created masking policy on public.employees")))
                .answer(200, Json.write(done("drop-masking-policy", "OK: dropped masking policy on public.employees")));

        CliRun create = CliRun.run(env("PGCLONE_TARGET", TARGET), "masking-policy", "create", "--schema", "public",
                "--table", "employees", "--mask", "{\"email\": \"email\"}", "--privileged-role", "data_admin");
        CliRun drop = CliRun.run(env("PGCLONE_TARGET", TARGET), "masking-policy", "drop", "--schema", "public",
                "--table", "employees");

        assertThat(create.code()).as(create.all()).isZero();
        assertThat(drop.code()).as(drop.all()).isZero();
        assertThat(gateway.requests).extracting(FakeGateway.Request::uri)
                .containsExactly("/api/v1/masking/policies?wait=300000ms", "/api/v1/masking/policies/drop?wait=300000ms");
        assertThat(Json.mapper().readTree(gateway.requests.get(0).body()).get("privilegedRole").asText())
                .isEqualTo("data_admin");
        assertThat(Json.mapper().readTree(gateway.requests.get(1).body()).has("mask")).isFalse();
        assertThat(drop.out()).contains("OK: dropped masking policy");
    }

    @Test
    void aMaskTheServicesWouldRefuseIsAUsageErrorAndNothingIsSent() throws Exception {
        CliRun unknown = CliRun.run(env(), "mask-in-place", "--target", TARGET, "--schema", "s", "--table", "t",
                "--mask", "{\"email\": \"emial\"}");
        CliRun keyed = CliRun.run(env(), "masking-policy", "create", "--target", TARGET, "--schema", "s", "--table",
                "t", "--mask", "{\"email\": \"keyed_hash\"}", "--privileged-role", "r");
        CliRun noMask = CliRun.run(env(), "mask-in-place", "--target", TARGET, "--schema", "s", "--table", "t");

        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("mask.email").contains("unknown mask strategy");
        assertThat(keyed.code()).isEqualTo(2);
        assertThat(keyed.err()).contains("keyed_hash");
        assertThat(noMask.code()).isEqualTo(2);
        assertThat(gateway.requests).isEmpty();
    }

    private Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>(gateway.env());
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private static JobView done(String kind, String result) {
        return new JobView(Jobs.ID, kind, JobStatus.COMPLETED, Phase.DONE, null, "host=tgt user=me password=***",
                JobRequest.masking(new MaskingRequest("public", "employees",
                        Json.read("{\"email\": \"email\"}", ColumnMasks.class), null)),
                Jobs.SUBMITTED, Jobs.STARTED, Jobs.STARTED.plusMillis(800),
                new JobProgress(1, 1, 0, 0, 1000, 0, List.of()), List.of(), List.of(), null, null, 4, List.of(), result);
    }
}
