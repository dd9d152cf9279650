package dev.pgclone.coordinator.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.pg.catalog.SchemaDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Schemas' owners and privileges, from what a schema has on the target to what it has on the source. */
class OwnershipStepsTest {

    private static final List<String> PG15_PUBLIC = List.of("pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner");
    private static final Set<String> ROLES = Set.of("postgres", "pg_database_owner", "app_owner", "app_reader");

    @Test
    void anExistingPublicSchemaGetsTheSourcesOwnerOnlyWhenItsAclFollowsTheOwner() {
        // pagila on PostgreSQL 15: public owned by postgres, the default ACL renamed along with the owner.
        SchemaDef source = schema("postgres", List.of("postgres=UC/postgres", "=U/postgres"));

        assertThat(sql(source, schema("pg_database_owner", PG15_PUBLIC))).containsExactly(
                "ALTER SCHEMA \"public\" OWNER TO \"postgres\"");
    }

    @Test
    void anExistingPublicSchemaGetsTheSourcesOwnerAndExactlyItsGrants() {
        SchemaDef source = schema("app_owner", List.of("app_owner=UC/app_owner", "app_reader=U/app_owner"));

        assertThat(sql(source, schema("pg_database_owner", PG15_PUBLIC))).containsExactly(
                "ALTER SCHEMA \"public\" OWNER TO \"app_owner\"",
                "REVOKE ALL ON SCHEMA \"public\" FROM \"app_owner\" CASCADE",
                "REVOKE ALL ON SCHEMA \"public\" FROM PUBLIC CASCADE",
                "GRANT USAGE, CREATE ON SCHEMA \"public\" TO \"app_owner\"",
                "GRANT USAGE ON SCHEMA \"public\" TO \"app_reader\"");
    }

    @Test
    void aSchemaAlreadyLikeTheSourcesIsLeftAlone() {
        assertThat(OwnershipSteps.of(List.of(schema("pg_database_owner", PG15_PUBLIC)),
                Map.of("public", schema("pg_database_owner", PG15_PUBLIC)), List.of(), List.of(), "postgres", ROLES).steps())
                .isEmpty();
    }

    @Test
    void aPostgres14PublicSchemaArrivesAsItWasThere() {
        // 14 → 17: the bootstrap superuser owned public, and PUBLIC could create in it.
        SchemaDef source = schema("postgres", List.of("postgres=UC/postgres", "=UC/postgres"));

        assertThat(sql(source, schema("pg_database_owner", PG15_PUBLIC))).containsExactly(
                "ALTER SCHEMA \"public\" OWNER TO \"postgres\"",
                "REVOKE ALL ON SCHEMA \"public\" FROM \"postgres\" CASCADE",
                "REVOKE ALL ON SCHEMA \"public\" FROM PUBLIC CASCADE",
                "GRANT USAGE, CREATE ON SCHEMA \"public\" TO \"postgres\"",
                "GRANT USAGE, CREATE ON SCHEMA \"public\" TO PUBLIC");
    }

    @Test
    void aSourceSchemaWithANullAclRevokesTheTargetsExtraGrants() {
        SchemaDef source = new SchemaDef(1, "s", "app_owner", null, null);
        SchemaDef target = new SchemaDef(2, "s", "app_owner", List.of("app_owner=UC/app_owner", "app_reader=UC/app_owner"), null);

        assertThat(sql(source, target)).containsExactly(
                "REVOKE ALL ON SCHEMA \"s\" FROM \"app_owner\" CASCADE",
                "REVOKE ALL ON SCHEMA \"s\" FROM \"app_reader\" CASCADE",
                "GRANT USAGE, CREATE ON SCHEMA \"s\" TO \"app_owner\"");
    }

    @Test
    void aSchemaTheCloneCreatedOnlyChangesOwner() {
        SchemaDef source = new SchemaDef(1, "s", "app_owner", null, null);

        assertThat(sql(source, new SchemaDef(2, "s", "postgres", null, null)))
                .containsExactly("ALTER SCHEMA \"s\" OWNER TO \"app_owner\"");
    }

    @Test
    void aMissingOwnerIsReportedAndTheCurrentOwnerStandsInForItInTheAcl() {
        SchemaDef source = new SchemaDef(1, "s", "ghost", List.of("ghost=UC/ghost", "app_reader=U/ghost"), null);

        OwnershipSteps.Result result = OwnershipSteps.of(List.of(source), Map.of("s", new SchemaDef(2, "s", "postgres", null,
                null)), List.of(), List.of(), "postgres", ROLES);

        assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.sql()).containsExactly(
                "REVOKE ALL ON SCHEMA \"s\" FROM \"postgres\" CASCADE",
                "GRANT USAGE, CREATE ON SCHEMA \"s\" TO \"postgres\"",
                "GRANT USAGE ON SCHEMA \"s\" TO \"app_reader\""));
        assertThat(result.warning()).contains("ghost (owns 1 object(s)");
    }

    private static SchemaDef schema(String owner, List<String> acl) {
        return new SchemaDef(2200, "public", owner, acl, "standard public schema");
    }

    private static List<String> sql(SchemaDef source, SchemaDef target) {
        OwnershipSteps.Result result = OwnershipSteps.of(List.of(source), Map.of(source.name(), target), List.of(), List.of(),
                "postgres", ROLES);
        assertThat(result.warning()).isNull();
        return result.steps().stream().flatMap(s -> s.sql().stream()).toList();
    }
}
