package dev.pgclone.pg.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.catalog.PrivilegeCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A source role subject to row-level security would copy only the rows its policies show. pgclone does that silently;
 * our sessions run with {@code row_security = off} as pg_dump's, so the read fails and says why, and the pre-flight
 * names such tables before anything is created.
 */
class RowSecurityTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private final PostgresCluster pg = TestInfra.postgres("default");
    private final String db = "rls_" + SUFFIX;
    private final String role = "rls_reader_" + SUFFIX;
    private final String password = "pw-" + SUFFIX;

    @BeforeEach
    void tableWithAPolicy() {
        pg.createDatabase(db);
        pg.execute(db, "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "';"
                + " CREATE TABLE public.notes (id int, author text);"
                + " INSERT INTO public.notes SELECT g, CASE WHEN g % 2 = 0 THEN '" + role + "' ELSE 'other' END"
                + " FROM generate_series(1, 10) g;"
                + " ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;"
                + " CREATE POLICY own ON public.notes FOR SELECT USING (author = current_user);"
                + " GRANT SELECT ON public.notes TO " + role + ";"
                + " CREATE TABLE public.plain (id int); GRANT SELECT ON public.plain TO " + role);
    }

    @AfterEach
    void dropRole() {
        pg.dropDatabase(db);
        pg.execute("postgres", "DROP ROLE IF EXISTS " + role);
    }

    @Test
    void aCopyThePoliciesWouldFilterFailsNamingTheWayOutInsteadOfCopyingHalfTheRows() throws Exception {
        Conninfo asReader = Conninfo.parse("host=" + pg.host() + " port=" + pg.port() + " dbname=" + db + " user=" + role
                + " password=" + password);
        try (Connection c = new PgConnector("pgclone-test").open(asReader, SessionRole.SOURCE)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SQLException e = catchThrowableOfType(SQLException.class, () -> c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY public.notes (id, author) TO STDOUT", out));

            assertThat((Throwable) e).as("the copy must not succeed with the 5 visible rows only").isNotNull();
            assertThat(PgFailures.describe(e)).contains("row-level security").contains("BYPASSRLS")
                    .doesNotContain(password);
            assertThat(new PrivilegeCatalog(c).rowSecurityApplies(List.of(new QualifiedName("public", "notes"),
                    new QualifiedName("public", "plain")))).containsExactly(new QualifiedName("public", "notes"));
        }
    }

    @Test
    void theOwnerAndASuperuserAreNotFiltered() throws Exception {
        try (Connection c = new PgConnector("pgclone-test").open(Conninfo.parse(pg.conninfo(db)), SessionRole.SOURCE)) {
            assertThat(new PrivilegeCatalog(c).rowSecurityApplies(List.of(new QualifiedName("public", "notes"))))
                    .isEmpty();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY public.notes (id, author) TO STDOUT", out);
            assertThat(rows).isEqualTo(10);
        }
    }
}
