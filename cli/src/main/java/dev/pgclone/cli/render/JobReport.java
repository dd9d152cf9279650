package dev.pgclone.cli.render;

import dev.pgclone.cli.Secrets;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.PhaseSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human renderings of jobs: one-line outcome, details, per-phase summary, job lists. */
public final class JobReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private JobReport() {
    }

    /** What the job clones: {@code table shop.orders}, {@code schema shop}, {@code database into newdb}. */
    public static String describe(JobView job) {
        CloneScope scope = job.request() == null ? null : job.request().scope();
        if (job.request() != null && job.request().masking() != null) {
            return job.kind() + " " + job.request().masking().schema() + "." + job.request().masking().table();
        }
        if (scope == null) {
            return job.kind() == null ? "clone" : job.kind();
        }
        String what;
        if (scope instanceof CloneScope.Table t) {
            what = "table " + t.schema() + "." + t.table()
                    + (t.targetName() != null && !t.targetName().equals(t.table()) ? " as " + t.targetName() : "");
        } else if (scope instanceof CloneScope.Schema s) {
            what = "schema " + s.schema();
        } else if (scope instanceof CloneScope.Database) {
            what = "database";
        } else if (scope instanceof CloneScope.DatabaseCreate d) {
            what = "database into new database " + d.targetDatabase();
        } else if (scope instanceof CloneScope.Functions f) {
            what = "functions of schema " + f.schema();
        } else {
            what = scope.kind();
        }
        return job.request().includeData() ? what : what + " (no data)";
    }

    /**
     * One line saying how the job stands or ended:
     * {@code COMPLETED job 0197… (table shop.orders) in 4.2 s: 1/1 tables, 20,000 rows, 1.5 MB}.
     */
    public static String outcome(JobView job, Instant now) {
        JobProgress p = job.progress();
        StringBuilder line = new StringBuilder();
        line.append(job.status()).append(" job ").append(job.id()).append(" (").append(describe(job)).append(')');
        if (job.status().terminal()) {
            line.append(" in ").append(Units.duration(ProgressLine.runTime(job, now)));
        } else if (job.phase() != null) {
            line.append(", phase ").append(job.phase());
        }
        if (job.request() != null && job.request().masking() != null) {
            line.append(": ").append(job.result() != null ? job.result()
                    : Units.count(p.rowsCopied()) + " rows masked so far");
            return line.toString();
        }
        line.append(": ").append(p.tablesCompleted()).append('/').append(p.tablesTotal()).append(" tables, ")
                .append(Units.count(p.rowsCopied())).append(" rows, ").append(Units.bytes(p.bytesCopied()));
        return line.toString();
    }

    /** The job's error as one line, for stderr: {@code job … FAILED: cause}. */
    public static String failure(JobView job) {
        String error = job.error() == null || job.error().isBlank()
                ? (job.status() == JobStatus.CANCELLED ? "cancelled" : "no error was reported")
                : oneLine(job.error());
        return "job " + job.id() + " " + job.status() + ": " + error;
    }

    /** The per-phase summary table, with a total row. Empty when no phase has ended yet. */
    public static List<String> summaryTable(JobView job) {
        List<String> lines = new ArrayList<>();
        if (job.summary().isEmpty()) {
            return lines;
        }
        String format = "%-10s %10s %8s %14s %11s";
        lines.add(String.format(Locale.ROOT, format, "phase", "duration", "objects", "rows", "bytes"));
        long ms = 0;
        long objects = 0;
        long rows = 0;
        long bytes = 0;
        for (PhaseSummary s : job.summary()) {
            lines.add(String.format(Locale.ROOT, format, s.phase(), Units.duration(Duration.ofMillis(s.durationMs())),
                    Units.count(s.objects()), Units.count(s.rows()), Units.bytes(s.bytes())));
            ms += s.durationMs();
            objects += s.objects();
            rows += s.rows();
            bytes += s.bytes();
        }
        lines.add(String.format(Locale.ROOT, format, "total", Units.duration(Duration.ofMillis(ms)),
                Units.count(objects), Units.count(rows), Units.bytes(bytes)));
        return lines;
    }

    /** Warnings as an indented list under a heading; empty when there are none. */
    public static List<String> warnings(JobView job) {
        List<String> lines = new ArrayList<>();
        if (!job.warnings().isEmpty()) {
            lines.add("warnings (" + job.warnings().size() + "):");
            for (String w : job.warnings()) {
                lines.add("  - " + oneLine(w));
            }
        }
        return lines;
    }

    /** Everything about one job ({@code pgclone job ID}). */
    public static List<String> details(JobView job, Instant now, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        JobProgress p = job.progress();
        lines.add(field("job", job.id()));
        lines.add(field("what", describe(job)));
        lines.add(field("status", job.status() + (job.phase() == null ? "" : " (phase " + job.phase() + ")")));
        lines.add(field("source", Secrets.redact(job.source())));
        lines.add(field("target", Secrets.redact(job.target())));
        if (job.request() != null && job.request().options() != null) {
            String options = Json.write(job.request().options());
            if (!options.equals("{}")) {
                lines.add(field("options", options));
            }
        }
        lines.add(field("submitted", time(job.submittedAt(), zone)));
        if (job.startedAt() != null) {
            lines.add(field("started", time(job.startedAt(), zone)));
        }
        if (job.finishedAt() != null) {
            lines.add(field("finished", time(job.finishedAt(), zone) + " (took "
                    + Units.duration(ProgressLine.runTime(job, now)) + ")"));
        }
        lines.add(field("progress", p.tablesCompleted() + "/" + p.tablesTotal() + " tables, " + p.tasksCompleted()
                + "/" + p.tasksTotal() + " tasks, " + Units.count(p.rowsCopied()) + " rows, "
                + Units.bytes(p.bytesCopied())));
        if (!p.activeTables().isEmpty()) {
            lines.add(field("active", String.join(", ", p.activeTables())));
        }
        if (job.snapshotId() != null) {
            lines.add(field("snapshot", job.snapshotId()));
        }
        if (job.error() != null && !job.error().isBlank()) {
            lines.add(field("error", oneLine(job.error())));
        }
        List<String> summary = summaryTable(job);
        if (!summary.isEmpty()) {
            lines.add("");
            lines.addAll(summary);
        }
        List<String> warnings = warnings(job);
        if (!warnings.isEmpty()) {
            lines.add("");
            lines.addAll(warnings);
        }
        return lines;
    }

    /** {@code pgclone jobs}: one row per job, newest first as the gateway returns them. */
    public static List<String> jobsTable(List<JobView> jobs, Instant now, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        String format = "%-36s  %-9s  %-9s  %-19s  %9s  %12s  %s";
        lines.add(String.format(Locale.ROOT, format, "ID", "STATUS", "PHASE", "SUBMITTED", "ELAPSED", "ROWS", "WHAT"));
        for (JobView job : jobs) {
            lines.add(String.format(Locale.ROOT, format, job.id(), job.status(),
                    job.phase() == null ? "-" : job.phase(), time(job.submittedAt(), zone),
                    Units.clock(ProgressLine.runTime(job, now)), Units.count(job.progress().rowsCopied()),
                    describe(job)));
        }
        return lines;
    }

    /** Collapses whitespace so a message stays on one line, and hides any password it may carry. */
    public static String oneLine(String text) {
        return text == null ? "" : Secrets.redact(text.replaceAll("\\s+", " ").strip());
    }

    private static String field(String name, String value) {
        return String.format(Locale.ROOT, "%-10s %s", name, value == null ? "-" : value);
    }

    private static String time(Instant at, ZoneId zone) {
        return at == null ? "-" : TIME.format(at.atZone(zone));
    }
}
