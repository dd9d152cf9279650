package dev.pgclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.cli.render.JobReport;
import dev.pgclone.cli.render.ProgressLine;
import dev.pgclone.cli.render.RateMeter;
import dev.pgclone.cli.render.Units;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live progress line, the rate behind it, and the end-of-job summary. */
class ProgressLineTest {

    private static final Instant NOW = Jobs.SUBMITTED.plusSeconds(7);

    private static RateMeter rate(long bytesPerSecond, long rowsPerSecond) {
        RateMeter m = new RateMeter(Duration.ofSeconds(5));
        m.add(NOW.minusSeconds(2), 0, 0);
        m.add(NOW.minusSeconds(1), bytesPerSecond, rowsPerSecond);
        m.add(NOW, 2 * bytesPerSecond, 2 * rowsPerSecond);
        return m;
    }

    @Test
    void showsPhaseTablesRowsMegabytesRateAndActiveTables() {
        var job = Jobs.running(Phase.COPY_DATA, new JobProgress(4, 1, 4, 1, 1_234_567, 85_300_000,
                List.of("shop.orders", "shop.order_items")));

        String line = ProgressLine.render(job, NOW, rate(12_100_000, 45_100), 0);

        assertThat(line).isEqualTo("00:07 COPY_DATA  tables 1/4  rows 1,234,567  85.3 MB  12.1 MB/s  45.1k rows/s"
                + "  active: shop.orders, shop.order_items");
    }

    @Test
    void showsTasksWhenTablesAreSplit() {
        var job = Jobs.running(Phase.COPY_DATA, new JobProgress(2, 0, 9, 3, 10, 1000, List.of("s.big")));

        assertThat(ProgressLine.render(job, NOW, null, 0))
                .isEqualTo("00:07 COPY_DATA  tables 0/2 (tasks 3/9)  rows 10  0.0 MB  -- MB/s  active: s.big");
    }

    @Test
    void beforeTheStartItShowsPendingAndTheTimeSinceSubmission() {
        String line = ProgressLine.render(Jobs.pending(), Jobs.SUBMITTED.plusSeconds(65), null, 0);

        assertThat(line).isEqualTo("01:05 PENDING    tables 0/0  rows 0  0.0 MB");
    }

    @Test
    void anEndedJobShowsItsStatusAndNoRate() {
        String line = ProgressLine.render(Jobs.ended(JobStatus.COMPLETED, null), NOW.plusSeconds(3600), rate(5, 5), 0);

        // submitted 3 s before it started, ran 4.2 s
        assertThat(line).isEqualTo("00:07 COMPLETED  tables 1/1  rows 20,000  1.5 MB");
    }

    @Test
    void activeTablesAreShortenedToFitTheWidth() {
        var job = Jobs.running(Phase.COPY_DATA, new JobProgress(9, 0, 9, 0, 0, 0,
                List.of("shop.customers", "shop.products", "shop.orders", "shop.order_items")));

        String line = ProgressLine.render(job, NOW, null, 100);

        assertThat(line).isEqualTo(
                "00:07 COPY_DATA  tables 0/9  rows 0  0.0 MB  -- MB/s  active: shop.customers, shop.products +2 more");
        assertThat(line.length()).isLessThanOrEqualTo(100);
        assertThat(ProgressLine.render(job, NOW, null, 60)).endsWith("active: 4 tables");
    }

    @Test
    void longRunsShowHours() {
        var job = Jobs.running(Phase.POST_DATA, JobProgress.NONE);

        assertThat(ProgressLine.render(job, Jobs.SUBMITTED.plusSeconds(3 * 3600 + 62), null, 0))
                .isEqualTo("3:01:02 POST_DATA  tables 0/0  rows 0  0.0 MB");
    }

    @Test
    void rateUsesTheRecentWindowAndRestartsWhenCountersGoBack() {
        RateMeter m = new RateMeter(Duration.ofSeconds(5));
        assertThat(m.bytesPerSecond()).isEqualTo(-1);
        for (int s = 0; s <= 20; s++) {
            // 1 MB/s for 10 s, then 3 MB/s
            long bytes = s <= 10 ? s * 1_000_000L : 10_000_000L + (s - 10) * 3_000_000L;
            m.add(NOW.plusSeconds(s), bytes, s);
        }
        assertThat(m.bytesPerSecond()).isEqualTo(3_000_000.0);
        m.add(NOW.plusSeconds(21), 5, 1);
        assertThat(m.bytesPerSecond()).isEqualTo(-1);
    }

    @Test
    void summaryTableHasOneRowPerPhaseAndATotal() {
        List<String> table = JobReport.summaryTable(Jobs.ended(JobStatus.COMPLETED, null));

        assertThat(table).containsExactly(
                "phase        duration  objects           rows       bytes",
                "SNAPSHOT        12 ms        0              0         0 B",
                "CATALOG         40 ms        1              0         0 B",
                "COPY_DATA       2.3 s        1         20,000      1.5 MB",
                "total           2.4 s        2         20,000      1.5 MB");
    }

    @Test
    void unitsReadNaturally() {
        assertThat(Units.bytes(999)).isEqualTo("999 B");
        assertThat(Units.bytes(12_345)).isEqualTo("12.3 kB");
        assertThat(Units.bytes(1_200_000_000L)).isEqualTo("1.20 GB");
        assertThat(Units.duration(Duration.ofSeconds(93))).isEqualTo("1m 33s");
        assertThat(Units.duration(Duration.ofMinutes(125))).isEqualTo("2h 05m");
        assertThat(Units.rowsPerSecond(950)).isEqualTo("950 rows/s");
        assertThat(Units.rowsPerSecond(2_500_000)).isEqualTo("2.5M rows/s");
    }

    @Test
    void secretsAreRedactedInEveryForm() {
        assertThat(Secrets.redact("host=h password=x user=u")).isEqualTo("host=h password=*** user=u");
        assertThat(Secrets.redact("host=h password = 'a b\\' c' user=u")).isEqualTo("host=h password=*** user=u");
        assertThat(Secrets.redact("postgresql://me:pw@h/db")).isEqualTo("postgresql://me:***@h/db");
        assertThat(Secrets.redact("postgres://h/db?user=me&password=pw&sslmode=require"))
                .isEqualTo("postgres://h/db?user=me&password=***&sslmode=require");
        assertThat(Secrets.redact("sslpassword=k")).isEqualTo("sslpassword=***");
        assertThat(Secrets.redact("password=***")).isEqualTo("password=***");
        assertThat(Secrets.redact("quote it: password='...'")).isEqualTo("quote it: password='...'");
    }
}
