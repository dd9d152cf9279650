package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.ExitCode;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.cli.render.JobReport;
import dev.pgclone.contracts.job.JobView;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pgclone job ID [--wait D]}: one job in detail. */
@Command(name = "job",
        description = "Show one job: status, phase, progress, per-phase summary, warnings, error.")
public class JobCommand implements Callable<Integer> {

    @ParentCommand
    PgcloneCommand top;

    @Parameters(index = "0", paramLabel = "ID", description = "Job id.")
    String id;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "Wait up to DURATION (30s, 10m, 2h) for the job to end first.")
    String waitText;

    @Override
    public Integer call() {
        Duration wait = PgcloneCommand.waitOption(waitText);
        GatewayClient client = top.client();
        JsonNode answer = client.job(id, null);
        if (wait != null) {
            answer = client.awaitEnd(answer, wait);
        }
        JobView job = GatewayClient.toJob(answer);
        if (top.json()) {
            top.printJson(answer);
        } else {
            JobReport.details(job, top.terminal().clock().instant(), top.terminal().zone())
                    .forEach(top.terminal().out()::println);
            top.terminal().out().flush();
        }
        top.report(job, wait != null);
        return ExitCode.forJob(job, wait != null);
    }
}
