package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import dev.pgclone.inspector.diff.SchemaDiffService;
import dev.pgclone.inspector.report.ReportRequest;
import dev.pgclone.inspector.verify.VerifyService;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The inspector's {@code diff} and {@code verify} on what a clone through the whole system produced: the fidelity
 * fixture cloned by the gateway, coordinator and workers is in sync and holds the source's rows, on one major and from
 * 14 to 17. The report handlers are called as classes on the two databases (the report plumbing — Kafka, gateway
 * REST — is tested on its own).
 */
class ReportsIT {

    private static final String SCHEMA = "Fidélité";

    private static GatewayClient gateway;
    private final PgConnector connector = new PgConnector("pgclone-e2e");

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"source, target", "source-14, target-17"})
    void aFreshCloneOfTheFidelityFixtureIsInSyncAndVerifiesEqual(String sourceName, String targetName) throws Exception {
        PostgresCluster source = cluster(sourceName);
        PostgresCluster target = cluster(targetName);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "reports_src_" + suffix;
        String tgt = "reports_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        source.execute(src, SchemaCloneIT.fixture("fidelity.sql"));
        String body = "{\"source\":" + Json.write(source.conninfo(src)) + ",\"target\":" + Json.write(target.conninfo(tgt))
                + ",\"schema\":" + Json.write(SCHEMA) + ",\"options\":{\"parallel\":3}}";
        JobView job = Json.read(gateway.post("/api/v1/clones/schema?wait=600s", body).body(), JobView.class);
        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);

        JsonNode diff = new SchemaDiffService(connector).run(request(ReportKind.DIFF, source, src, target, tgt, null), p -> { });
        assertThat(diff.path("in_sync").asBoolean()).as(diff.toPrettyString()).isTrue();
        assertThat(diff.path("diff_count").asInt()).isZero();
        assertThat(diff.path("notes")).as("views compared by their columns across the deparse change of 16")
                .hasSize(source.major() >= 16 == target.major() >= 16 ? 0 : 1);

        VerifyService verify = new VerifyService(connector, 2, 16_384);
        JsonNode exact = verify.run(request(ReportKind.VERIFY, source, src, target, tgt, "exact"), p -> { });
        assertThat(exact.path("all_match").asBoolean()).as(exact.toPrettyString()).isTrue();
        assertThat(tables(exact)).containsExactly("Customers", "bookings", "documents", "events", "events_2024", "events_2025",
                "events_other", "orders", "scratch \"pad\"", "secrets", "trucks", "vehicles");
        assertThat(exact.path("rows_hashed").asLong()).as("each side: 2000 + 300 + 5 + 5000 + 20000 + 100 + 2 + 2 + 2")
                .isEqualTo(2 * (2000 + 300 + 5 + 5000 + 20000 + 100 + 2 + 2 + 2));

        target.execute(tgt, "UPDATE \"Fidélité\".orders SET note = 'changed' WHERE id = 1234");
        JsonNode changed = verify.run(request(ReportKind.VERIFY, source, src, target, tgt, null), p -> { });
        assertThat(changed.path("mismatch_count").asInt()).isEqualTo(1);
        changed.path("tables").forEach(t -> assertThat(t.path("match").asText()).as(t.path("table_name").asText())
                .isEqualTo(t.path("table_name").asText().equals("orders") ? "✗" : "✓"));
    }

    private static PostgresCluster cluster(String name) {
        int dash = name.indexOf('-');
        return dash < 0 ? TestInfra.postgres(name) : TestInfra.postgres(name, Integer.parseInt(name.substring(dash + 1)));
    }

    private static ReportRequest request(ReportKind kind, PostgresCluster source, String src, PostgresCluster target,
                                         String tgt, String mode) {
        return new ReportRequest(UUID.randomUUID().toString(), kind, Conninfo.parse(source.conninfo(src)),
                Conninfo.parse(target.conninfo(tgt)), SCHEMA, new ReportParameters(mode, null, null));
    }

    private static List<String> tables(JsonNode verify) {
        List<String> out = new ArrayList<>();
        verify.path("tables").forEach(t -> out.add(t.path("table_name").asText()));
        return out;
    }
}
