package dev.pgclone.pg.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GrantStatementsTest {

    private static final String PUBLIC_SCHEMA = "SCHEMA \"public\"";
    /** PostgreSQL 15+'s public schema as initdb leaves it. */
    private static final List<String> PG15_PUBLIC = List.of("pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner");
    private static final Predicate<String> ALL_ROLES = role -> true;

    private static List<AclItem> acl(String... items) {
        return AclItem.parseAll(List.of(items));
    }

    @Nested
    class Converge {

        @Test
        void twoNullAclsNeedNothing() {
            assertThat(GrantStatements.converge("SCHEMA \"s\"", "app", "UC", null, null, ALL_ROLES).statements()).isEmpty();
        }

        @Test
        void aNullAclAndAnExplicitDefaultAgree() {
            assertThat(GrantStatements.converge("SCHEMA \"s\"", "app", "UC", acl("app=UC/app"), null, ALL_ROLES).statements())
                    .isEmpty();
            assertThat(GrantStatements.converge("SCHEMA \"s\"", "app", "UC", null, acl("app=CU/app"), ALL_ROLES).statements())
                    .isEmpty();
        }

        @Test
        void equalExplicitAclsNeedNothing() {
            assertThat(GrantStatements.converge(PUBLIC_SCHEMA, "pg_database_owner", "UC", AclItem.parseAll(PG15_PUBLIC),
                    AclItem.parseAll(PG15_PUBLIC), ALL_ROLES).statements()).isEmpty();
        }

        @Test
        void aNullSourceAclRevokesWhatTheTargetGrantedBeyondTheOwnersDefault() {
            assertThat(GrantStatements.converge("SCHEMA \"s\"", "app", "UC", acl("app=UC/app", "reader=U/app", "=U/app"), null,
                    ALL_ROLES).statements()).containsExactly(
                    "REVOKE ALL ON SCHEMA \"s\" FROM \"app\" CASCADE",
                    "REVOKE ALL ON SCHEMA \"s\" FROM \"reader\" CASCADE",
                    "REVOKE ALL ON SCHEMA \"s\" FROM PUBLIC CASCADE",
                    "GRANT USAGE, CREATE ON SCHEMA \"s\" TO \"app\"");
        }

        @Test
        void revokesPublicsDefaultUsageOnPublic() {
            assertThat(GrantStatements.converge(PUBLIC_SCHEMA, "pg_database_owner", "UC", AclItem.parseAll(PG15_PUBLIC),
                    acl("pg_database_owner=UC/pg_database_owner"), ALL_ROLES).statements()).containsExactly(
                    "REVOKE ALL ON SCHEMA \"public\" FROM \"pg_database_owner\" CASCADE",
                    "REVOKE ALL ON SCHEMA \"public\" FROM PUBLIC CASCADE",
                    "GRANT USAGE, CREATE ON SCHEMA \"public\" TO \"pg_database_owner\"");
        }

        @Test
        void anExplicitSourceAclIsRebuiltInItsOrderWithGrantOptions() {
            GrantStatements.Result r = GrantStatements.converge(PUBLIC_SCHEMA, "app owner", "UC", null,
                    acl("\"app owner\"=UC/\"app owner\"", "reader=U*/\"app owner\"", "=U/\"app owner\""), ALL_ROLES);

            assertThat(r.statements()).containsExactly(
                    "REVOKE ALL ON SCHEMA \"public\" FROM \"app owner\" CASCADE",
                    "GRANT USAGE, CREATE ON SCHEMA \"public\" TO \"app owner\"",
                    "GRANT USAGE ON SCHEMA \"public\" TO \"reader\" WITH GRANT OPTION",
                    "GRANT USAGE ON SCHEMA \"public\" TO PUBLIC");
            assertThat(r.missing()).isEmpty();
        }

        @Test
        void anOwnerWithoutPrivilegesIsReproducedToo() {
            assertThat(GrantStatements.converge("SCHEMA \"s\"", "app", "UC", null, acl(), ALL_ROLES).statements())
                    .containsExactly("REVOKE ALL ON SCHEMA \"s\" FROM \"app\" CASCADE");
        }

        @Test
        void missingRolesAreReportedAndLeftOutOfTheComparison() {
            GrantStatements.Result r = GrantStatements.converge("SCHEMA \"s\"", "app", "UC", acl("app=UC/app"),
                    acl("app=UC/app", "ghost=U/app"), role -> !role.equals("ghost"));

            assertThat(r.statements()).isEmpty();
            assertThat(r.missing()).containsExactly("ghost");
        }
    }

    @Nested
    class OwnerChange {

        @Test
        void renamesTheOldOwnerAsGranteeAndGrantor() {
            assertThat(AclItem.ownerChanged(AclItem.parseAll(PG15_PUBLIC), "pg_database_owner", "app"))
                    .containsExactly(new AclItem("app", "UC", "", "app"), new AclItem(null, "U", "", "app"));
        }

        @Test
        void mergesEntriesThatThenCoincide() {
            assertThat(AclItem.ownerChanged(acl("old=U/old", "new=C*/old", "x=U/old"), "old", "new"))
                    .containsExactly(new AclItem("new", "UC", "C", "new"), new AclItem("x", "U", "", "new"));
        }

        @Test
        void aNullAclStaysNull() {
            assertThat(AclItem.ownerChanged(null, "a", "b")).isNull();
        }
    }

    @Nested
    class NewObjects {

        @Test
        void anEmptySourceAclMeansDefaultsAndNothingToDo() {
            assertThat(GrantStatements.of("TABLE \"s\".\"t\"", "app", List.of(), ALL_ROLES).statements()).isEmpty();
        }

        @Test
        void revokesTheDefaultsThenGrantsTheSourcesEntries() {
            assertThat(GrantStatements.of("FUNCTION \"s\".\"f\"()", "app", List.of("app=X/app", "r=X/app"),
                    role -> !role.equals("r")).statements()).containsExactly(
                    "REVOKE ALL ON FUNCTION \"s\".\"f\"() FROM PUBLIC",
                    "REVOKE ALL ON FUNCTION \"s\".\"f\"() FROM \"app\"",
                    "GRANT EXECUTE ON FUNCTION \"s\".\"f\"() TO \"app\"");
        }
    }
}
