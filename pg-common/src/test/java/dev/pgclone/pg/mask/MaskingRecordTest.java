package dev.pgclone.pg.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.pg.mask.MaskingRecord.Entry;
import dev.pgclone.pg.mask.MaskingRecord.Method;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MaskingRecordTest {

    private final PostgresCluster pg = TestInfra.postgres("default");

    @Test
    void recordsHoldOnlyWhileTheSameTableAndColumnExist() throws Exception {
        String db = "maskrec_" + UUID.randomUUID().toString().substring(0, 8);
        pg.createDatabase(db);
        pg.execute(db, "CREATE SCHEMA app; CREATE TABLE app.users (id int, email text, ssn text);"
                + " CREATE TABLE app.\"Other\" (id int, note text)");
        try (Connection c = pg.connect(db)) {
            assertThat(MaskingRecord.read(c, "app")).as("never masked: nothing, and no error").isEmpty();
            c.setAutoCommit(false);
            MaskingRecord.record(c, List.of(
                    new Entry("app", "users", "email", Method.CLONE, MaskRule.keyedHash(12), "job-1", 3),
                    new Entry("app", "users", "ssn", Method.CLONE, MaskRule.of(MaskStrategy.NULL), "job-1", 3),
                    new Entry("app", "Other", "note", Method.IN_PLACE, MaskRule.constant("x"), "job-2", 1)));
            c.commit();
            MaskingRecord.record(c, List.of(
                    new Entry("app", "users", "email", Method.CLONE, MaskRule.of(MaskStrategy.HASH), "job-3", 5)));
            c.commit();

            assertThat(MaskingRecord.read(c, "app")).containsExactly(
                    new Entry("app", "Other", "note", Method.IN_PLACE, MaskRule.constant("x"), "job-2", 1),
                    new Entry("app", "users", "email", Method.CLONE, MaskRule.of(MaskStrategy.HASH), "job-3", 5),
                    new Entry("app", "users", "ssn", Method.CLONE, MaskRule.of(MaskStrategy.NULL), "job-1", 3));

            pg.execute(db, "ALTER TABLE app.users DROP COLUMN ssn; DROP TABLE app.\"Other\";"
                    + " CREATE TABLE app.\"Other\" (id int, note text)");
            assertThat(MaskingRecord.read(c, "app")).as("a dropped column and a re-created table are not masked")
                    .containsExactly(new Entry("app", "users", "email", Method.CLONE, MaskRule.of(MaskStrategy.HASH),
                            "job-3", 5));
        }
    }
}
