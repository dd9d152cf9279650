package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.CliException;
import dev.pgclone.cli.ExitCode;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.cli.render.JobReport;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pgclone jobs [--status S] [--limit N]}: recent jobs, newest first. */
@Command(name = "jobs", description = "List jobs, newest first.")
public class JobsCommand implements Callable<Integer> {

    @ParentCommand
    PgcloneCommand top;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only jobs with this status: PENDING, RUNNING, COMPLETED, FAILED or CANCELLED.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N jobs (the gateway's default when absent).")
    Integer limit;

    @Override
    public Integer call() {
        String s = status == null ? null : status.strip().toUpperCase(Locale.ROOT);
        if (s != null && Arrays.stream(JobStatus.values()).noneMatch(v -> v.name().equals(s))) {
            throw CliException.usage("--status must be one of " + Arrays.stream(JobStatus.values())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
        if (limit != null && limit < 1) {
            throw CliException.usage("--limit must be at least 1");
        }
        JsonNode answer = top.client().jobs(s, limit);
        if (!answer.isArray()) {
            throw CliException.unavailable("the gateway answered with something that is not a job list");
        }
        if (top.json()) {
            top.printJson(answer);
            return ExitCode.OK;
        }
        List<JobView> jobs = new ArrayList<>();
        answer.forEach(node -> jobs.add(GatewayClient.toJob(node)));
        if (jobs.isEmpty()) {
            top.terminal().out().println(s == null ? "no jobs" : "no " + s + " jobs");
        } else {
            JobReport.jobsTable(jobs, top.terminal().clock().instant(), top.terminal().zone())
                    .forEach(top.terminal().out()::println);
        }
        top.terminal().out().flush();
        return ExitCode.OK;
    }
}
