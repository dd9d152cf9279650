package dev.pgclone.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.ExitCode;
import dev.pgclone.cli.JobWatcher;
import dev.pgclone.cli.Terminal;
import dev.pgclone.cli.WaitDuration;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.cli.CliException;
import dev.pgclone.cli.render.JobReport;
import dev.pgclone.cli.render.ReportAnswer;
import dev.pgclone.cli.render.ResultRendering;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code pgclone}: the top command; holds the global options and what every subcommand shares. */
@Command(name = "pgclone", versionProvider = PgcloneCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Clone PostgreSQL tables, schemas and databases, and check them (diff, preflight, verify,"
                + " discover-sensitive, masking-report), through the pgclone gateway.",
        subcommands = {CloneCommand.class, JobCommand.class, JobsCommand.class, WatchCommand.class,
            CancelCommand.class, ReportCommands.Diff.class, ReportCommands.Preflight.class,
            ReportCommands.Verify.class, ReportCommands.DiscoverSensitive.class,
            ReportCommands.MaskingReport.class, MaskingCommands.MaskInPlace.class, MaskingCommands.Policy.class,
            ReportCommand.class,
            ReportsCommand.class},
        footerHeading = "%n",
        footer = {
            "Environment:",
            "  PGCLONE_GATEWAY   gateway URL (default http://127.0.0.1:8080)",
            "  PGCLONE_SOURCE    default --source (keeps passwords off the command line)",
            "  PGCLONE_TARGET    default --target",
            "  PGCLONE_PROGRESS  live|lines: progress display (default live on a terminal)",
            "",
            "Exit codes:",
            "  0  the job COMPLETED; the report is in sync / ready / matching / found nothing; or the command succeeded",
            "  1  the job ended FAILED or CANCELLED, or the report FAILED (its error is printed); or the report found",
            "     drift / is not ready / differs / found sensitive columns / found unmasked sensitive columns",
            "  2  bad usage, or the gateway refused the request (4xx)",
            "  3  the gateway is unreachable or failed (5xx)",
            "  4  --wait ran out before the job or report ended (it goes on)",
            "",
            "Examples:",
            "  export PGCLONE_SOURCE='host=db1 dbname=shop user=me password=...'",
            "  export PGCLONE_TARGET='postgresql://me@db2/shop_copy'",
            "  pgclone clone table --schema shop --table orders --watch",
            "  pgclone clone schema --schema shop --options '{\"parallel\": 4}' --wait 30m",
            "  pgclone jobs --status RUNNING",
            "  pgclone verify --schema shop && echo 'every table matches'",
            "  pgclone diff --schema shop --json",
            "  pgclone watch 0197361e-3fad-71d8-b495-bd504501cb37"})
public class PgcloneCommand implements Callable<Integer> {

    static final String DEFAULT_GATEWAY = "http://127.0.0.1:8080";

    @Option(names = "--gateway", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Gateway URL (default: $PGCLONE_GATEWAY or :8080 locally).")
    String gateway;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the gateway's JSON answers instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version.")
    boolean version;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Terminal terminal;
    private final JobWatcher.Sleeper sleeper;
    private final Duration pollInterval;

    public PgcloneCommand(Map<String, String> env, Terminal terminal, JobWatcher.Sleeper sleeper, Duration pollInterval) {
        this.env = env;
        this.terminal = terminal;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(terminal.err());
        return ExitCode.USAGE;
    }

    /** The gateway URL the user chose, by option, environment or default. */
    public String gatewayUrl() {
        if (gateway != null && !gateway.isBlank()) {
            return gateway;
        }
        String fromEnv = env.get("PGCLONE_GATEWAY");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_GATEWAY;
    }

    public boolean json() {
        return json;
    }

    public Map<String, String> env() {
        return env;
    }

    public Terminal terminal() {
        return terminal;
    }

    GatewayClient client() {
        return GatewayClient.forUrl(gatewayUrl());
    }

    JobWatcher watcher(GatewayClient client) {
        PrintWriter progress = json ? terminal.err() : terminal.out();
        return new JobWatcher(client, terminal, progress, sleeper, pollInterval);
    }

    /**
     * Prints how a job ended (or stands) and returns the exit code: the JSON answer with --json; otherwise the
     * per-phase summary, warnings and a one-line outcome. A failed job's error goes to stderr in one line.
     *
     * @param answer the gateway's job JSON
     * @param waited whether the user asked to wait for the end (--wait / --watch / watch)
     */
    int finish(JsonNode answer, boolean waited) {
        JobView job = GatewayClient.toJob(answer);
        if (json) {
            printJson(answer);
        } else {
            PrintWriter out = terminal.out();
            if (job.status().terminal()) {
                List<String> summary = JobReport.summaryTable(job);
                if (!summary.isEmpty()) {
                    summary.forEach(out::println);
                }
                JobReport.warnings(job).forEach(out::println);
            }
            out.println(JobReport.outcome(job, terminal.clock().instant()));
            if (!job.status().terminal() && !waited) {
                out.println("follow it with: pgclone watch " + job.id());
            }
            out.flush();
        }
        report(job, waited);
        return ExitCode.forJob(job, waited);
    }

    ReportFollower reportFollower(GatewayClient client) {
        return new ReportFollower(client, terminal, pollInterval);
    }

    /**
     * Prints a report as it ended (or stands) and returns the exit code. A completed report: its result rendered for
     * its kind (raw result with --json). A failed one: its error on stderr in one line (the report JSON with
     * --json). Not ended: after a wait, a note that the wait ran out; without one (--no-wait), its id alone.
     */
    int reportFinish(JsonNode answer, boolean waited) {
        ReportAnswer report = ReportAnswer.of(answer);
        PrintWriter out = terminal.out();
        boolean good = true;
        if (report.completed()) {
            ResultRendering rendering = ResultRendering.of(report.kind());
            if (report.result() == null) {
                throw CliException.unavailable("the gateway answered with a completed report without a result");
            }
            good = rendering.good(report.result());
            if (json) {
                printJson(report.result());
            } else {
                rendering.lines(report.result()).forEach(out::println);
            }
        } else if (json) {
            printJson(answer);
        } else if (report.status().equals("FAILED")) {
            out.println("FAILED " + report.describe());
        } else if (waited) {
            out.println(report.status() + " " + report.describe() + ": " + report.progressLine());
        } else {
            out.println(report.id());
        }
        out.flush();
        if (report.status().equals("FAILED")) {
            terminal.err().println("pgclone: " + report.describe() + " FAILED: " + JobReport.oneLine(report.error())
                    + (report.errorCode() == null ? "" : " (" + report.errorCode() + ")"));
        } else if (!report.ended()) {
            terminal.err().println(waited ? "pgclone: the wait ran out; report " + report.id() + " is still "
                    + report.status() + " (pgclone report " + report.id() + " --wait 10m)"
                    : "follow it with: pgclone report " + report.id() + " --wait 10m");
        }
        terminal.err().flush();
        return ExitCode.forReport(report.status(), good, waited);
    }

    /** The one-line stderr note for a job that failed, was cancelled, or outlived the wait. */
    void report(JobView job, boolean waited) {
        if (job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELLED) {
            terminal.err().println("pgclone: " + JobReport.failure(job));
        } else if (waited && !job.status().terminal()) {
            terminal.err().println("pgclone: the wait ran out; job " + job.id() + " is still " + job.status()
                    + " (pgclone watch " + job.id() + ")");
        }
        terminal.err().flush();
    }

    void printJson(JsonNode answer) {
        try {
            terminal.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            terminal.out().flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** --wait value, or null. */
    static Duration waitOption(String text) {
        return text == null ? null : WaitDuration.parse("--wait", text);
    }

    /** The version from the jar manifest. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PgcloneCommand.class.getPackage().getImplementationVersion();
            return new String[] {"pgclone " + (v == null ? "(development build)" : v)};
        }
    }
}
