package dev.pgclone.cli.render;

import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one live line of {@code pgclone watch}:
 * {@code 00:07 COPY_DATA  tables 1/4  rows 1,234,567  85.3 MB  12.1 MB/s  45.1k rows/s  active: shop.orders}.
 * The clock counts from submission; the rate (over the last seconds) is shown while rows are being copied.
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
        line.append(Units.clock(sinceSubmitted(job, now))).append(' ');
        line.append(pad(state(job), STATE_WIDTH));
        line.append("  tables ").append(p.tablesCompleted()).append('/').append(p.tablesTotal());
        if (p.tasksTotal() > p.tablesTotal()) {
            line.append(" (tasks ").append(p.tasksCompleted()).append('/').append(p.tasksTotal()).append(')');
        }
        line.append("  rows ").append(Units.count(p.rowsCopied()));
        line.append("  ").append(Units.megabytes(p.bytesCopied()));
        if (job.status() == JobStatus.RUNNING && job.phase() == Phase.COPY_DATA) {
            double bps = rate == null ? -1 : rate.bytesPerSecond();
            double rps = rate == null ? -1 : rate.rowsPerSecond();
            if (bps >= 0) {
                line.append("  ").append(Units.megabytesPerSecond(bps));
                line.append("  ").append(Units.rowsPerSecond(Math.max(0, rps)));
            } else {
                line.append("  -- MB/s");
            }
        }
        appendActive(line, p.activeTables(), width);
        return line.toString();
    }

    /** The live line's clock: time since the job was submitted (so it never jumps back when work starts). */
    static Duration sinceSubmitted(JobView job, Instant now) {
        Instant from = job.submittedAt() != null ? job.submittedAt() : job.startedAt();
        return between(from, job.finishedAt() != null ? job.finishedAt() : now);
    }

    /** How long the job has been working: from its start (or submission) to its end (or now). */
    public static Duration runTime(JobView job, Instant now) {
        Instant from = job.startedAt() != null ? job.startedAt() : job.submittedAt();
        return between(from, job.finishedAt() != null ? job.finishedAt() : now);
    }

    private static Duration between(Instant from, Instant to) {
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
