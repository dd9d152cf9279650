package dev.pgclone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalPostgresClusterTest {

    private static LocalPostgresCluster cluster;

    @BeforeAll
    static void startDefaultMajor() {
        cluster = LocalPostgresCluster.create(PostgresDistributions.defaultMajor(), freshDir("default"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void runsTheDefaultMajorInANonUtcZone() {
        assertThat(cluster.major()).isEqualTo(PostgresDistributions.defaultMajor());
        assertThat(single("SHOW server_version_num")).startsWith(Integer.toString(cluster.major()));
        // The server default, which libpq clients (psql, pg_dump) get ...
        assertThat(single("SELECT setting FROM pg_file_settings WHERE name = 'timezone' AND applied"))
                .isEqualTo("Pacific/Chatham");
        // ... and a JDBC session's zone, which pgjdbc takes from the JVM (surefire sets -Duser.timezone).
        assertThat(single("SELECT current_setting('TimeZone')")).isEqualTo("Pacific/Chatham");
    }

    @Test
    void authenticatesWithItsRandomPassword() throws SQLException {
        assertThat(cluster.password()).matches("pw-[A-Za-z0-9]{16}");
        try (Connection connection = DriverManager.getConnection(
                cluster.jdbcUrl("postgres"), cluster.superuser(), cluster.password())) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void refusesAWrongPassword() {
        assertThatThrownBy(() -> DriverManager.getConnection(cluster.jdbcUrl("postgres"), "postgres", "wrong").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void createsAndDropsADatabaseWithAnAwkwardName() {
        String name = "My \"odd\" DB";
        cluster.createDatabase(name);
        cluster.execute(name, "CREATE TABLE t (v text); INSERT INTO t VALUES ('a'), (NULL)");

        assertThat(cluster.query(name, "SELECT current_database(), v FROM t ORDER BY v NULLS LAST"))
                .containsExactly(List.of(name, "a"), Arrays.asList(name, null));

        cluster.dropDatabase(name);
        assertThat(cluster.query("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'My \"odd\" DB'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void reportsTheSqlStateOfAFailedStatement() {
        assertThatThrownBy(() -> cluster.execute("postgres", "SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(UncheckedSqlException.class, e -> assertThat(e.sqlState()).isEqualTo("42P01"));
    }

    @Test
    void keepsPortAndDataAcrossStopAndStart() {
        cluster.createDatabase("restart_check");
        int port = cluster.port();

        cluster.stop();
        cluster.start();

        assertThat(cluster.port()).isEqualTo(port);
        assertThat(cluster.query("restart_check", "SELECT 1")).containsExactly(List.of("1"));
        cluster.dropDatabase("restart_check");
    }

    @Test
    void keepsThePasswordOutOfTheServerLog() throws Exception {
        assertThat(Files.readString(cluster.logFile())).doesNotContain(cluster.password());
    }

    @ParameterizedTest(name = "PostgreSQL {0} from the bundle")
    @ValueSource(ints = {14, 15, 16, 17, 18})
    void startsEveryBundledMajor(int major) {
        LocalPostgresCluster bundled = LocalPostgresCluster.create(
                major, PostgresDistributions.bundledBinDir(major), freshDir("bundle-" + major));
        try {
            assertThat(bundled.query("postgres", "SELECT current_setting('server_version_num')::int / 10000"))
                    .containsExactly(List.of(Integer.toString(major)));
            assertThat(bundled.query("postgres", "SELECT setting FROM pg_file_settings WHERE name = 'timezone' AND applied"))
                    .containsExactly(List.of("Pacific/Chatham"));
        } finally {
            bundled.stop();
        }
    }

    private static String single(String sql) {
        return cluster.query("postgres", sql).get(0).get(0);
    }

    private static Path freshDir(String label) {
        return TestInfra.runDir().resolve("pg-test").resolve(label + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
