package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.testing.DataSignature;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.SchemaDump;
import dev.pgclone.testing.TestInfra;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema clones through the whole system, checked against pg_dump and data hashes. */
class SchemaCloneIT {

    private static final String SCHEMA = "Fidélité";
    private static final List<String> TABLES = List.of("\"Customers\"", "orders", "bookings", "events_2024",
            "events_2025", "events_other", "vehicles", "trucks", "\"scratch \"\"pad\"\"\"", "secrets", "order_stats");

    private static GatewayClient gateway;
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @Test
    void clonesEveryObjectKindWithAnIdenticalDumpIdenticalDataAndWorkingDefaults() {
        String[] dbs = databases();
        source.execute(dbs[0], fixture("fidelity.sql"));

        JobView job = cloneSchema(dbs, SCHEMA, "{\"parallel\": 3}");

        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);
        assertThat(SchemaDump.of(target, dbs[1], "-n", "\"" + SCHEMA + "\"").lines())
                .containsExactlyElementsOf(SchemaDump.of(source, dbs[0], "-n", "\"" + SCHEMA + "\"").lines().toList());
        for (String table : TABLES) {
            String qualified = "\"" + SCHEMA + "\"." + table;
            assertThat(DataSignature.of(target, dbs[1], qualified)).as(table)
                    .isEqualTo(DataSignature.of(source, dbs[0], qualified));
        }
        target.execute(dbs[1], """
                INSERT INTO "Fidélité"."Customers" ("Name") VALUES ('new');
                INSERT INTO "Fidélité".orders (customer_id, quantity, price) VALUES (1000, 2, 3);
                INSERT INTO "Fidélité".bookings (room, during) VALUES ('z', "Fidélité".float_range(1, 2));""");
        // Sequences continue where the source's stand (last_value includes a session's cached block, as in pg_dump).
        String nextCode = source.query(dbs[0], "SELECT 'T' || (last_value + 7) FROM \"Fidélité\".ticket_seq").get(0).get(0);
        assertThat(target.query(dbs[1], "SELECT id, code FROM \"Fidélité\".\"Customers\" WHERE \"Name\" = 'new'").get(0))
                .containsExactly("3000", nextCode);
        assertThat(target.query(dbs[1], "SELECT max(id) FROM \"Fidélité\".orders").get(0).get(0)).isEqualTo("20001");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String[] databases() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String src = "schema_src_" + suffix;
        String tgt = "schema_tgt_" + suffix;
        source.createDatabase(src);
        target.createDatabase(tgt);
        return new String[] {src, tgt};
    }

    private JobView cloneSchema(String[] dbs, String schema, String options) {
        String body = "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":" + Json.write(target.conninfo(dbs[1]))
                + ",\"schema\":" + Json.write(schema) + ",\"includeData\":true,\"options\":" + options + "}";
        HttpResponse<String> r = gateway.post("/api/v1/clones/schema?wait=600s", body);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return Json.read(r.body(), JobView.class);
    }

    static String fixture(String name) {
        try (InputStream in = SchemaCloneIT.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
