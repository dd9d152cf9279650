package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.Terminal;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.cli.render.ReportAnswer;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Waits for a report to end, without limit or up to the user's {@code --wait}. On a terminal it long-polls every
 * interval ({@code ?wait=1s}) and redraws one progress line on stderr; elsewhere it waits in long requests of up to
 * {@link GatewayClient#MAX_WAIT_PER_REQUEST}, silently.
 */
final class ReportFollower {

    private final GatewayClient client;
    private final Terminal terminal;
    private final Duration pollInterval;

    ReportFollower(GatewayClient client, Terminal terminal, Duration pollInterval) {
        this.client = client;
        this.terminal = terminal;
        this.pollInterval = pollInterval;
    }

    /** How long the next request may wait; zero when the limit has passed. */
    Duration step(Duration limit, long startedNanos) {
        Duration left = limit == null ? GatewayClient.MAX_WAIT_PER_REQUEST
                : limit.minusNanos(System.nanoTime() - startedNanos);
        if (left.compareTo(GatewayClient.MAX_WAIT_PER_REQUEST) > 0) {
            left = GatewayClient.MAX_WAIT_PER_REQUEST;
        }
        if (terminal.live() && !pollInterval.isZero() && left.compareTo(pollInterval) > 0) {
            left = pollInterval;
        }
        return left.isNegative() || left.toMillis() < 1 ? Duration.ZERO : Duration.ofMillis(left.toMillis());
    }

    /** The report once it ended, or as last seen when the limit ran out. */
    JsonNode follow(JsonNode answer, Duration limit, long startedNanos) {
        PrintWriter err = terminal.err();
        boolean shown = false;
        JsonNode current = answer;
        ReportAnswer report = ReportAnswer.of(current);
        while (!report.ended()) {
            if (terminal.live()) {
                String line = (report.kind() == null ? "" : report.kind() + "  ") + report.progressLine();
                int max = Math.max(20, terminal.width() - 1);
                err.print("\r" + (line.length() > max ? line.substring(0, max - 1) + "…" : line) + "\033[K");
                err.flush();
                shown = true;
            }
            Duration step = step(limit, startedNanos);
            if (step.isZero()) {
                break;
            }
            current = client.report(report.id(), step);
            report = ReportAnswer.of(current);
        }
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
        return current;
    }
}
