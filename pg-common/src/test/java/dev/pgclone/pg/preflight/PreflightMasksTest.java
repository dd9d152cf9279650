package dev.pgclone.pg.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pre-flight report's {@code masks} check on real clusters: the same fail-closed rules a clone applies when it
 * plans, shown before anything runs; absent when no mask is asked for; left to the planner in a clone.
 */
class PreflightMasksTest {

    private static PostgresCluster source;
    private static PostgresCluster target;
    private static String sourceDb;
    private static String targetDb;

    @BeforeAll
    static void databases() {
        source = TestInfra.postgres("source");
        target = TestInfra.postgres("target");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sourceDb = "pfmask_src_" + suffix;
        targetDb = "pfmask_tgt_" + suffix;
        source.createDatabase(sourceDb);
        target.createDatabase(targetDb);
        source.execute(sourceDb, """
                CREATE SCHEMA app;
                CREATE TABLE app.users (id int PRIMARY KEY, email text UNIQUE, age int, born date NOT NULL);
                CREATE TABLE app.logins (id int, at date NOT NULL, ip text) PARTITION BY RANGE (at);
                CREATE TABLE app.logins_2025 PARTITION OF app.logins FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE MATERIALIZED VIEW app.user_emails AS SELECT email FROM app.users;
                """);
    }

    @Test
    void masksThatFitPassAndTheirCountIsShown() throws Exception {
        PreflightReport report = run(new CloneScope.Schema("app"), "{\"masks\": {\"users\": {\"email\": \"hash\","
                + " \"age\": {\"type\": \"random_int\", \"min\": 1, \"max\": 99}}, \"logins\": {\"ip\": \"null\"}}}");

        CheckResult masks = report.result(Check.MASKS).orElseThrow();
        assertThat(masks.status()).isEqualTo(CheckStatus.PASS);
        assertThat(masks.details()).containsEntry("columns", 4); // logins and its partition each count
        assertThat(report.ready()).isTrue();
    }

    @Test
    void masksThatCannotApplyAreAnErrorNamingTableColumnAndReason() throws Exception {
        PreflightReport report = run(new CloneScope.Schema("app"), "{\"masks\": {\"users\": {\"email\": \"name\","
                + " \"born\": \"null\"}, \"user_emails\": {\"email\": \"email\"}}}");

        assertThat(report.ready()).isFalse();
        assertThat(report.errors()).singleElement().asString()
                .contains("app.users.email: \"name\" can give equal values")
                .contains("app.users.born: \"null\" on a NOT NULL column")
                .contains("masks.user_emails: matches no table of the clone");
    }

    @Test
    void skipTurnsFixableFailuresIntoWarningsAndAMaskOutsideItsKindIsAnError() throws Exception {
        PreflightReport skipped = run(new CloneScope.Table("app", "users", null),
                "{\"on_mask_error\": \"skip\", \"mask\": {\"age\": \"email\"}}");
        assertThat(skipped.result(Check.MASKS).orElseThrow().status()).isEqualTo(CheckStatus.WARN);
        assertThat(skipped.warnings()).anyMatch(w -> w.contains("app.users.age") && w.contains("cloned as NULL"));

        PreflightReport wrongKind = run(new CloneScope.Schema("app"), "{\"mask\": {\"age\": \"email\"}}");
        assertThat(wrongKind.errors()).anyMatch(e -> e.startsWith("options.mask: applies only to a table clone"));
    }

    @Test
    void withoutMasksThereIsNoMasksCheck() throws Exception {
        assertThat(run(new CloneScope.Schema("app"), "{}").result(Check.MASKS)).isEmpty();
    }

    private static PreflightReport run(CloneScope scope, String options) throws Exception {
        try (Connection src = source.connect(sourceDb); Connection tgt = target.connect(targetDb)) {
            SnapshotSessions.beginReadOnly(src, null);
            SnapshotSessions.beginReadOnly(tgt, null);
            try {
                return Preflight.run(Preflight.Side.connected(src), Preflight.Side.connected(tgt),
                        Preflight.Request.of(scope, Json.read(options, CloneOptions.class)));
            } finally {
                SnapshotSessions.end(src);
                SnapshotSessions.end(tgt);
            }
        }
    }
}
