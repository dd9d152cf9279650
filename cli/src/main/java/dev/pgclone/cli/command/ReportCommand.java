package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.gateway.GatewayClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pgclone report ID [--wait D]}: one report, its result as a table (as the kind's command prints it). */
@Command(name = "report",
        description = "Show one report (diff, preflight, verify, discover-sensitive, masking-report): its status, and its result once"
                + " it has ended. Exit codes as for the report's own command.")
public class ReportCommand implements Callable<Integer> {

    @ParentCommand
    PgcloneCommand top;

    @Parameters(index = "0", paramLabel = "ID", description = "Report id.")
    String id;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "Wait up to DURATION (30s, 10m, 2h) for the report to end first.")
    String waitText;

    @Override
    public Integer call() {
        Duration wait = PgcloneCommand.waitOption(waitText);
        GatewayClient client = top.client();
        long started = System.nanoTime();
        JsonNode answer = client.report(id, null);
        if (wait != null) {
            answer = top.reportFollower(client).follow(answer, wait, started);
        }
        return top.reportFinish(answer, wait != null);
    }
}
