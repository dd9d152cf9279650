package dev.pgclone.cli.render;

import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one live line of {@code pgclone watch}:
 * {@code 00:07 COPY_DATA  tables 1/4  rows 1,234,567  85.3 MB  12.1 MB/s  45.1k rows/s  active: shop.orders}.
 */
public final class ProgressLine {

    /** Widest phase name (COPY_DATA, POST_DATA, CANCELLED, COMPLETED are 9). */
    private static final int STATE_WIDTH = 9;

    private ProgressLine() {
    }

    /**
     * @param job   the job as last seen
     * @param now   the time of that sample
     * @param rate  copy rate over recent samples
     * @param width the screen width the line should fit (active tables are shortened to fit); 0 for no limit
     */
    public static String render(JobView job, Instant now, RateMeter rate, int width) {
        JobProgress p = job.progress();
        StringBuilder line = new StringBuilder();
        line.append(Units.clock(elapsed(job, now))).append(' ');
        line.append(pad(state(job), STATE_WIDTH));
        line.append("  tables ").append(p.tablesCompleted()).append('/').append(p.tablesTotal());
        if (p.tasksTotal() > p.tablesTotal()) {
            line.append(" (tasks ").append(p.tasksCompleted()).append('/').append(p.tasksTotal()).append(')');
        }
        line.append("  rows ").append(Units.count(p.rowsCopied()));
        line.append("  ").append(Units.megabytes(p.bytesCopied()));
        double bps = rate == null ? -1 : rate.bytesPerSecond();
        double rps = rate == null ? -1 : rate.rowsPerSecond();
        if (bps >= 0 && !job.status().terminal()) {
            line.append("  ").append(Units.megabytesPerSecond(bps));
            line.append("  ").append(Units.rowsPerSecond(Math.max(0, rps)));
        } else if (!job.status().terminal()) {
            line.append("  -- MB/s");
        }
        appendActive(line, p.activeTables(), width);
        return line.toString();
    }

    /** Time since the job started (or was submitted), up to its end. */
    static Duration elapsed(JobView job, Instant now) {
        Instant from = job.startedAt() != null ? job.startedAt() : job.submittedAt();
        Instant to = job.finishedAt() != null ? job.finishedAt() : now;
        return from == null || to == null || to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }

    /** PENDING and the end states say more than a phase; a running job shows its phase. */
    private static String state(JobView job) {
        if (job.status() == JobStatus.RUNNING && job.phase() != null) {
            return job.phase().name();
        }
        return job.status().name();
    }

    private static void appendActive(StringBuilder line, List<String> active, int width) {
        if (active.isEmpty()) {
            return;
        }
        String prefix = "  active: ";
        String all = prefix + String.join(", ", active);
        if (width <= 0 || line.length() + all.length() <= width) {
            line.append(all);
            return;
        }
        // as many names as fit, then "+N more"
        StringBuilder shown = new StringBuilder(prefix);
        int count = 0;
        for (String table : active) {
            String more = " +" + (active.size() - count - 1) + " more";
            String next = (count == 0 ? "" : ", ") + table;
            if (line.length() + shown.length() + next.length() + more.length() > width) {
                break;
            }
            shown.append(next);
            count++;
        }
        if (count == 0) {
            line.append(prefix).append(active.size()).append(active.size() == 1 ? " table" : " tables");
        } else {
            line.append(shown).append(" +").append(active.size() - count).append(" more");
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
