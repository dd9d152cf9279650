package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.gateway.GatewayClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pgclone watch ID}: live progress until the job ends, then its summary. */
@Command(name = "watch",
        description = "Follow a job: one live progress line (phase, tables, rows, MB, rate, active tables) polled"
                + " every second; at the end its per-phase summary and warnings. Ctrl-C stops watching, not the job.")
public class WatchCommand implements Callable<Integer> {

    @ParentCommand
    PgcloneCommand top;

    @Parameters(index = "0", paramLabel = "ID", description = "Job id.")
    String id;

    @Override
    public Integer call() {
        GatewayClient client = top.client();
        JsonNode answer = client.job(id, null);
        answer = top.watcher(client).watch(answer);
        return top.finish(answer, true);
    }
}
