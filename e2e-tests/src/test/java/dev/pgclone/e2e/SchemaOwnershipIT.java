package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.SchemaDump;
import dev.pgclone.testing.TestInfra;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schemas that exist on the target before a database clone ({@code public} always does): they end with the source's
 * owner and exactly the source's privileges, so the target's {@code pg_dump} equals the source's.
 */
class SchemaOwnershipIT {

    /**
     * Owners and privileges in effect: a NULL ACL (the owner's defaults) cannot be restored once a schema has an explicit
     * one, and pg_dump prints neither, so the two compare equal.
     */
    private static final String SCHEMAS = "SELECT nspname, pg_get_userbyid(nspowner), "
            + "coalesce(nspacl, acldefault('n', nspowner))::text FROM pg_namespace WHERE nspname IN ('public', 'extra') "
            + "ORDER BY nspname";

    private static GatewayClient gateway;
    private final PostgresCluster source = TestInfra.postgres("source");
    private final PostgresCluster target = TestInfra.postgres("target");

    @BeforeAll
    static void start() {
        gateway = new GatewayClient(PgcloneServices.get().gatewayUrl());
    }

    @Test
    void aDatabaseCloneGivesExistingSchemasTheSourcesOwnerAndExactPrivileges() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String owner = "app_owner_" + suffix;
        String reader = "\"App Reader " + suffix + "\"";
        for (PostgresCluster cluster : List.of(source, target)) {
            cluster.execute("postgres", "CREATE ROLE " + owner + "; CREATE ROLE " + reader);
        }
        String[] dbs = databases();
        source.execute(dbs[0], """
                ALTER SCHEMA public OWNER TO <owner>;
                REVOKE ALL ON SCHEMA public FROM PUBLIC;
                GRANT USAGE ON SCHEMA public TO <reader>;
                CREATE TABLE public.t (id int PRIMARY KEY);
                INSERT INTO public.t VALUES (1), (2);
                CREATE SCHEMA extra AUTHORIZATION <owner>;
                CREATE TABLE extra.e (v text);""".replace("<owner>", owner).replace("<reader>", reader));
        // On the target, extra already exists with privileges the source's (a NULL ACL) does not have.
        target.execute(dbs[1], """
                CREATE SCHEMA extra;
                GRANT USAGE ON SCHEMA extra TO PUBLIC;
                GRANT CREATE ON SCHEMA extra TO <reader> WITH GRANT OPTION;""".replace("<reader>", reader));

        JobView job = cloneDatabase(dbs);

        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.warnings()).noneMatch(w -> w.contains("roles missing"));
        assertThat(target.query(dbs[1], SCHEMAS)).isEqualTo(source.query(dbs[0], SCHEMAS));
        assertThat(SchemaDump.of(target, dbs[1]).lines()).containsExactlyElementsOf(SchemaDump.of(source, dbs[0]).lines().toList());
        assertThat(CloneOracle.signature(target, dbs[1], "public.t")).isEqualTo(CloneOracle.signature(source, dbs[0], "public.t"));
    }

    @Test
    void aPublicSchemaOwnedByTheSuperuserArrivesWithThatOwnerAndNoExtraGrant() {
        // What pagila does: ALTER SCHEMA public OWNER TO postgres, the default ACL following the owner.
        String[] dbs = databases();
        source.execute(dbs[0], "ALTER SCHEMA public OWNER TO " + source.superuser() + "; CREATE TABLE public.p (id int)");

        JobView job = cloneDatabase(dbs);

        assertThat(job.status()).as(job.error() + " " + job.warnings()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(dbs[1], SCHEMAS)).isEqualTo(source.query(dbs[0], SCHEMAS));
        assertThat(SchemaDump.of(target, dbs[1], "-n", "public").lines())
                .containsExactlyElementsOf(SchemaDump.of(source, dbs[0], "-n", "public").lines().toList());
    }

    @Test
    void aTableCloneLeavesTheTargetsSchemaAsItIs() {
        String[] dbs = databases();
        source.execute(dbs[0], "REVOKE ALL ON SCHEMA public FROM PUBLIC; CREATE TABLE public.t (id int)");
        List<List<String>> before = target.query(dbs[1], SCHEMAS);

        String body = "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":" + Json.write(target.conninfo(dbs[1]))
                + ",\"schema\":\"public\",\"table\":\"t\"}";
        JobView job = Json.read(gateway.post("/api/v1/clones/table?wait=300s", body).body(), JobView.class);

        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.query(dbs[1], SCHEMAS)).isEqualTo(before);
    }

    private String[] databases() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String[] dbs = {"owner_src_" + suffix, "owner_tgt_" + suffix};
        source.createDatabase(dbs[0]);
        target.createDatabase(dbs[1]);
        return dbs;
    }

    private JobView cloneDatabase(String[] dbs) {
        String body = "{\"source\":" + Json.write(source.conninfo(dbs[0])) + ",\"target\":" + Json.write(target.conninfo(dbs[1]))
                + ",\"includeData\":true,\"options\":{}}";
        HttpResponse<String> r = gateway.post("/api/v1/clones/database?wait=300s", body);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return Json.read(r.body(), JobView.class);
    }
}
