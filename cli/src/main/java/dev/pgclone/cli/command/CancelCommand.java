package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.ExitCode;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.cli.render.JobReport;
import dev.pgclone.contracts.job.JobView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pgclone cancel ID}: asks the coordinator to stop a job. */
@Command(name = "cancel",
        description = "Cancel a running job (it ends CANCELLED; follow with pgclone watch ID).")
public class CancelCommand implements Callable<Integer> {

    @ParentCommand
    PgcloneCommand top;

    @Parameters(index = "0", paramLabel = "ID", description = "Job id.")
    String id;

    @Override
    public Integer call() {
        JsonNode answer = top.client().cancel(id);
        if (top.json()) {
            top.printJson(answer);
        } else {
            JobView job = GatewayClient.toJob(answer);
            top.terminal().out().println("cancel requested for job " + job.id() + " (" + JobReport.describe(job)
                    + ", was " + job.status() + (job.phase() == null ? "" : " in phase " + job.phase()) + ")");
            top.terminal().out().flush();
        }
        return ExitCode.OK;
    }
}
